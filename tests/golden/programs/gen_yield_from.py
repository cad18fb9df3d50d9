# yield from delegation
def inner(n):
    for i in range(n):
        yield i
    return n * 10

def outer():
    r1 = yield from inner(2)
    r2 = yield from inner(3)
    yield (r1, r2)

print(list(outer()))

def flatten(x):
    if isinstance(x, list):
        for item in x:
            yield from flatten(item)
    else:
        yield x

print(list(flatten([1, [2, [3, [4, 5]], 6], [[7]], 8])))

def chain(*iters):
    for it in iters:
        yield from it

print(list(chain("ab", [1, 2], range(3), (x * x for x in range(3)))))

def acc():
    total = 0
    while True:
        v = yield total
        if v is None:
            return total
        total += v

def driver():
    result = yield from acc()
    yield f"final {result}"

d = driver()
print(next(d), d.send(5), d.send(10), d.send(None))

def tree(depth):
    if depth == 0:
        yield "leaf"
        return
    yield f"node{depth}"
    yield from tree(depth - 1)
    yield from tree(depth - 1)

print(list(tree(2)))
