# __str__ vs __repr__ in different contexts
class Both:
    def __str__(self):
        return "Both-str"
    def __repr__(self):
        return "Both-repr"

class OnlyRepr:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"OnlyRepr({self.v!r})"

class OnlyStr:
    def __str__(self):
        return "OnlyStr-str"

b = Both()
print(b, str(b), repr(b), [b], (b,), {"k": b}, f"{b}", f"{b!r}", "%s %r" % (b, b))
o = OnlyRepr("x")
print(o, str(o), [o, OnlyRepr(1)], f"{o}")
s = OnlyStr()
print(s, str(s), "{}".format(s))
print(format(b), "{:>10}".format(str(b)))

class Vec:
    def __init__(self, *c):
        self.c = c
    def __repr__(self):
        return "Vec(" + ", ".join(map(repr, self.c)) + ")"
    def __format__(self, spec):
        return "<" + ", ".join(format(v, spec) for v in self.c) + ">"
    def __len__(self):
        return len(self.c)

v = Vec(1.5, 2.25)
print(v, f"{v:.1f}", f"{v:>6}", len(v))
print(repr(Vec("a", None)))
