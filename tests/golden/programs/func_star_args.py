# *args and **kwargs
def f(*args, **kwargs):
    return args, kwargs

print(f())
print(f(1, 2, x=3))
print(f(*[1, 2], *(3,), **{"a": 1}, b=2))

def g(a, b, *rest, key=None, **extra):
    return a, b, rest, key, sorted(extra.items())

print(g(1, 2))
print(g(1, 2, 3, 4, key="k", z=26, y=25))
args = (10, 20, 30)
kw = {"key": "K", "q": 1}
print(g(*args, **kw))

def total(*nums):
    s = 0
    for n in nums:
        s += n
    return s

print(total(), total(1), total(*range(101)))

def describe(**kw):
    return ", ".join(f"{k}={v!r}" for k, v in kw.items())

print(describe(b=1, a="x", c=[1]))
print(max(*[3, 9, 2]), list(zip(*[(1, "a"), (2, "b")])))
print(*[1, 2, 3], sep="-")
print(*"abc")
try:
    f(**{"x": 1}, x=2)
except TypeError as e:
    print("TypeError:", e)
try:
    g(1)
except TypeError as e:
    print("TypeError:", e)
