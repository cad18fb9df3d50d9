# Interleave: builtins that consume an iterator, written in Python so that
# a generator they consume runs in ordinary frames and may block (a
# generator from `Executor.map` waits on futures). The VM routes
# `list(gen)`, `tuple(gen)`, `set(gen)`, `sum(gen)`, `sorted(gen)`,
# `any(gen)` and `all(gen)` here when the argument is a generator; every
# other argument stays with the native builtin. Tracebacks hide these frames,
# as CPython shows none for its C builtins.

def list_from(iterable):
    result = []
    for item in iterable:
        result.append(item)
    return result


def tuple_from(iterable):
    return tuple(list_from(iterable))


def set_from(iterable):
    return set(list_from(iterable))


def sum_from(iterable, start=0):
    total = start
    for item in iterable:
        total = total + item
    return total


def sorted_from(iterable, key=None, reverse=False):
    result = list_from(iterable)
    result.sort(key=key, reverse=reverse)
    return result


def any_from(iterable):
    for item in iterable:
        if item:
            return True
    return False


def all_from(iterable):
    for item in iterable:
        if not item:
            return False
    return True
