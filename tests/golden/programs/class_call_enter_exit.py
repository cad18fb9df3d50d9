# __call__, __enter__, __exit__
class Multiplier:
    def __init__(self, k):
        self.k = k
    def __call__(self, x, y=1):
        return self.k * x * y

m = Multiplier(3)
print(m(2), m(2, y=5), callable(m), callable(3), list(map(m, [1, 2])))

class Tracker:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.swallow

with Tracker("a") as v:
    print("body", v)
with Tracker("b", swallow=True):
    raise ValueError("swallowed")
print("after b")
try:
    with Tracker("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))
with Tracker("outer") as o, Tracker("inner") as i:
    print("both", o, i)

def early():
    with Tracker("ret"):
        return "returned"

print(early())
for n in range(3):
    with Tracker(f"loop{n}"):
        if n == 1:
            continue
        if n == 2:
            break
        print("loop body", n)
