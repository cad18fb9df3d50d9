# classmethods, class-level registries, __class__ usage
class Shape:
    registry = {}
    def __init_subclass__(cls):
        Shape.registry[cls.__name__] = cls
    @classmethod
    def create(cls, name, *args):
        return cls.registry[name](*args)
    def area(self):
        raise NotImplementedError
    def __repr__(self):
        return f"{type(self).__name__}(area={self.area()})"

class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s * self.s

class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h

print(sorted(Shape.registry))
shapes = [Shape.create("Square", 3), Shape.create("Rect", 2, 5), Square(1)]
print(shapes, sum(s.area() for s in shapes))
try:
    Shape().area()
except NotImplementedError as e:
    print("NotImplementedError", repr(e))

class Counter:
    instances = 0
    def __init__(self):
        type(self).instances += 1
    @classmethod
    def how_many(cls):
        return cls.instances

class SubCounter(Counter):
    instances = 0

Counter(); Counter(); SubCounter()
print(Counter.how_many(), SubCounter.how_many(), SubCounter().how_many())
