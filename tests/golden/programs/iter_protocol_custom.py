# Iterable vs iterator; re-iteration; for over custom objects
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        i = 0
        while i < self.n:
            yield i * 2
            i += 1

r = Range2(4)
print(list(r), list(r), sum(r), 4 in r, 5 in r)

class Once:
    def __init__(self, items):
        self.items = list(items)
        self.pos = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.pos >= len(self.items):
            raise StopIteration
        self.pos += 1
        return self.items[self.pos - 1]

o = Once("xyz")
print(list(o), list(o))
o2 = Once([1, 2, 3, 4])
for v in o2:
    if v == 2:
        break
print("rest", list(o2))
a, b, c = Once("abc")
print(a, b, c)
print(dict(zip(Once("kl"), Range2(5))), sorted(Once([3, 1, 2])))
print(max(Range2(3)), min(Once([5, 4])), ", ".join(Once(["p", "q"])))
class NotIterable:
    pass
try:
    iter(NotIterable())
except TypeError as e:
    print("TypeError:", e)
try:
    for _ in 5:
        pass
except TypeError as e:
    print("TypeError:", e)
