# iter/next with default, getattr/setattr/hasattr
it = iter([1, 2])
print(next(it), next(it), next(it, "default"), next(it, None))
try:
    next(it)
except StopIteration:
    print("StopIteration raised")
sit = iter("ab")
print(list(sit), list(sit))
d = iter({"k1": 1, "k2": 2})
print(next(d), next(d))
calls = [0]
def tick():
    calls[0] += 1
    return calls[0]
print(list(iter(tick, 4)))
class P:
    x = 1
p = P()
print(getattr(p, "x"), getattr(p, "y", "dflt"), hasattr(p, "x"), hasattr(P, "y"))
setattr(p, "y", [1])
print(p.y, getattr(p, "y"), hasattr(p, "y"))
try:
    getattr(p, "zz")
except AttributeError as e:
    print("AttributeError:", e)
print(getattr("abc", "upper")(), getattr([], "__len__")())
e = enumerate(["a", "b"])
print(next(e), list(e))
r = reversed([1, 2, 3])
print(next(r), list(r))
m = map(abs, [-1, -2])
print(next(m), next(m), next(m, "exhausted"))
