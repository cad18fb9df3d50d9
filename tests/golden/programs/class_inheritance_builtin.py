# Subclassing builtins and isinstance across hierarchy
class MyList(list):
    def total(self):
        return sum(self)

ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.total(), len(ml), isinstance(ml, list), type(ml).__name__)

class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = key * 2
        return self[key]

dd = DefaultDict(a="A")
print(dd["a"], dd["b"], dd)

class Upper(str):
    def shout(self):
        return self.upper() + "!"

u = Upper("hi")
print(u, u.shout(), u + "x", isinstance(u, str), len(u))

class Celsius(float):
    def __repr__(self):
        return f"{float(self)}C"

c = Celsius(21.5)
print(repr(c), c + 1, c * 2)

class MyErr(ValueError):
    pass

try:
    raise MyErr("custom")
except ValueError as e:
    print(type(e).__name__, e, isinstance(e, MyErr))

class Base:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__()
        cls.tag = cls.__name__.lower()

class Child(Base):
    pass

print(Child.tag)
