# Inheritance, super(), MRO
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} makes a sound"
    def describe(self):
        return f"{self.kind}:{self.speak()}"

class Dog(Animal):
    kind = "dog"
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return f"{self.name} barks"

class Puppy(Dog):
    def speak(self):
        return super().speak() + " softly"

a = Animal("generic")
d = Dog("Rex", "lab")
p = Puppy("Bit", "pug")
for x in (a, d, p):
    print(x.describe(), type(x).__name__)
print(p.breed, isinstance(p, Animal), isinstance(a, Dog), issubclass(Puppy, Dog))
print([c.__name__ for c in Puppy.__mro__])

class A:
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B>" + super().who()
class C(A):
    def who(self):
        return "C>" + super().who()
class D(B, C):
    def who(self):
        return "D>" + super().who()

print(D().who(), [k.__name__ for k in D.__mro__])
print(D.__bases__ == (B, C), Dog.__base__ is Animal)
print(super(Dog, d).speak())
