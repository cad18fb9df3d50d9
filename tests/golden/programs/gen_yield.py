# Generators with yield, send, return value
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"

g = count_up(3)
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)
print(list(count_up(5)), sum(count_up(101)))

def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    yield received

e = echo()
print(next(e), e.send("a"), e.send("b"), e.send(None))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

out = []
for v in fib():
    if v > 100:
        break
    out.append(v)
print(out)
