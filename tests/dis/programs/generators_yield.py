def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

def echo():
    while True:
        x = yield
        print(x)

def delegate(a, b):
    yield from a
    r = yield from b
    return r
