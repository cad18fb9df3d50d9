# Functions as first-class values
def apply(f, *args):
    return f(*args)

def compose(*fns):
    def composed(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return composed

print(apply(max, 3, 9, 2), apply(str.upper, "abc"), apply(lambda: 7))
pipeline = compose(str, lambda n: n * 2, abs)
print(repr(pipeline(-21)))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
for sym in "+-*":
    print(sym, ops[sym](6, 3))

def rpn(tokens):
    stack = []
    for tok in tokens.split():
        if tok in ops:
            b = stack.pop()
            a = stack.pop()
            stack.append(ops[tok](a, b))
        else:
            stack.append(int(tok))
    return stack[0]

print(rpn("3 4 + 2 *"), rpn("5 1 2 + 4 * + 3 -"))
funcs = [len, str.lower, sorted]
print([f("CbA") for f in funcs])
def make_multipliers():
    return {n: (lambda x, n=n: x * n) for n in range(1, 4)}
print({k: f(10) for k, f in make_multipliers().items()})
def f():
    """Docstring here."""
    return None
print(f.__doc__, f(), f.__name__, (lambda: 0).__name__)
f.attr = "custom"
print(f.attr)
print(list(map(len, ["a", "bb"])) == [len(x) for x in ["a", "bb"]])
