# Operator overloading: arithmetic, reflected, in-place, comparison fallbacks
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"V({self.x}, {self.y})"
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        if isinstance(k, V):
            return self.x * k.x + self.y * k.y
        return V(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __iadd__(self, o):
        self.x += o.x
        self.y += o.y
        return self
    def __eq__(self, o):
        return isinstance(o, V) and self.x == o.x and self.y == o.y
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __neg__(self):
        return V(-self.x, -self.y)
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __truediv__(self, k):
        return V(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)
    def __mod__(self, k):
        return V(self.x % k, self.y % k)
    def __pow__(self, k):
        return V(self.x ** k, self.y ** k)

a = V(1, 2)
b = V(3, 4)
print(a + b, b - a, a * 3, 3 * a, a * b, abs(b), -a, a[0], a[-1])
print(b / 2, V(7, -7) // 2, V(7, -7) % 3, a ** 2)
c = a
c += b
print(a, c, a is c)
print(a == V(4, 6), a != V(4, 6), a == "x")
x, y = b
print(x, y, list(b))
try:
    a < b
except TypeError as e:
    print("TypeError:", e)
try:
    a + 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s" - a
except TypeError as e:
    print("TypeError:", e)
