# Set operations on small ints (deterministic order)
a = {1, 2, 3, 4, 5}
b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b, {5}), a.difference(b), a.symmetric_difference(b))
print(a <= a, {1, 2} < a, a >= {1}, a.isdisjoint({9, 10}), a.issubset(range(10)))
c = set()
for i in [3, 1, 3, 2, 1]:
    c.add(i)
print(c, len(c))
c.discard(99)
c.discard(1)
c.remove(2)
print(c)
c.update([10, 11], {12})
print(sorted(c))
print(c.pop() in {3, 10, 11, 12})
s = set(range(5))
s -= {0}
s |= {7}
s &= {1, 2, 7, 8}
s ^= {2, 9}
# 9 collides with 1 in an 8-slot table: sort to avoid depending on probe order
print(sorted(s), len(s))
print(sorted({x * x for x in range(-3, 4)}), {x * x for x in range(3)})
print(frozenset([1, 2]) == {1, 2}, {frozenset([1]): "fs"})
print(sorted({"b", "a", "c"}), len({"x", "y", "x"}))
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {1}.remove(5)
except KeyError as e:
    print("KeyError:", e)
print(3 in a, 30 in a, 1 in frozenset(a))
