# property, staticmethod, classmethod
class Temp:
    count = 0
    def __init__(self, c):
        self._c = c
        Temp.count += 1
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def info():
        return "temperature"
    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)

t = Temp(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 1
except AttributeError as e:
    print("AttributeError")
u = Temp.from_f(212)
print(u.celsius, Temp.info(), t.info(), Temp.count)

class Sub(Temp):
    pass

s = Sub.from_f(32)
print(type(s).__name__, s.celsius, Temp.count)

class Lazy:
    def __init__(self):
        self.calls = 0
    def _get(self):
        self.calls += 1
        return self.calls * 10
    value = property(_get, doc="doc")

z = Lazy()
print(z.value, z.value, z.calls)
