# __eq__, __lt__, __hash__, __repr__
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))

pts = [Point(3, 1), Point(1, 2), Point(1, 1), Point(2, 5)]
print(sorted(pts))
print(Point(1, 2) == Point(1, 2), Point(1, 2) != Point(2, 1), Point(1, 2) == (1, 2))
print(Point(0, 0) < Point(0, 1), Point(5, 0) > Point(1, 1))
s = {Point(1, 1), Point(1, 1), Point(2, 2)}
print(len(s), Point(2, 2) in s)
d = {Point(0, 0): "origin"}
print(d[Point(0, 0)])
print(min(pts), max(pts), str(pts[0]), [pts[0]])

class NoHash:
    def __eq__(self, other):
        return True

print(NoHash.__hash__ is None, NoHash() == 5)
try:
    hash(NoHash())
except TypeError as e:
    print("TypeError:", e)

class Money:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Money(self.v + (o.v if isinstance(o, Money) else o))
    def __radd__(self, o):
        return self.__add__(o)
    def __mul__(self, k):
        return Money(self.v * k)
    def __neg__(self):
        return Money(-self.v)
    def __str__(self):
        return f"${self.v}"
    def __bool__(self):
        return self.v != 0

print(Money(3) + Money(4), 1 + Money(2), sum([Money(1), Money(2)]), Money(2) * 3, -Money(5))
print(bool(Money(0)), bool(Money(1)), "yes" if Money(0) else "no")
