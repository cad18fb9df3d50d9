# min/max/sorted details
data = [("a", 3), ("b", 1), ("c", 3), ("d", 1)]
print(max(data, key=lambda t: t[1]), min(data, key=lambda t: t[1]))
print(sorted(data, key=lambda t: t[1]), sorted(data, key=lambda t: t[1], reverse=True))
print(max([1, 5, 5, 2]), max("hello"), min([[2], [1, 9]]), max((1, 2), (1, 3)))
print(max([], default=None), min((), default=-1), max([7], default=0))
print(min(1, 2.0, -3), max(True, 0), min(False, 0))
print(sorted("bAcD"), sorted("bAcD", key=str.upper), sorted([2, -1, 0], key=lambda v: v * v))
print(sorted(range(10), key=lambda v: v % 3), sorted([3.5, 1, True, -2]))
print(sorted(["10", "9", "100"]), sorted(["10", "9", "100"], key=int))
x = [5, 2, 8]
y = sorted(x)
print(x, y, x is y)
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    min(1)
except TypeError as e:
    print("TypeError:", e)
