# Class vs instance attributes, getattr/setattr/hasattr/delattr
class Config:
    shared = []
    level = 1
    def __init__(self):
        self.own = []

a = Config()
b = Config()
a.shared.append("x")
a.own.append("y")
print(b.shared, b.own, Config.shared)
a.level = 5
print(a.level, b.level, Config.level)
Config.level = 9
print(a.level, b.level)
del a.level
print(a.level)
print(hasattr(a, "own"), hasattr(a, "missing"), getattr(a, "missing", "default"))
setattr(b, "dyn", 42)
print(b.dyn, getattr(b, "dyn"), sorted(vars(b)))
delattr(b, "dyn")
print(hasattr(b, "dyn"))
try:
    a.nothing
except AttributeError as e:
    print("AttributeError:", e)
print(Config.__name__, type(a) is Config, a.__class__.__name__)
print(sorted(k for k in Config.__dict__ if not k.startswith("__")))

class Slotted:
    __slots__ = ("x",)
    def __init__(self):
        self.x = 1

s = Slotted()
try:
    s.y = 2
except AttributeError as e:
    print("AttributeError on slot")

class Dyn:
    def __getattr__(self, name):
        return f"computed:{name}"

dd = Dyn()
dd.real = "real"
print(dd.real, dd.anything, getattr(dd, "other"))
