# Tuple operations
t = (1, 2, 3, 2, 1)
print(t.count(2), t.index(3), t.index(2, 2), len(t), t[1:3], t * 2, t + (9,))
print(sorted(t), tuple(sorted(t)), max(t), 2 in t)
a = 1,
b = ()
c = (1)
print(a, b, c, type(a).__name__, type(c).__name__)
x, y = divmod(100, 7)
print(x, y)
def stats(nums):
    return min(nums), max(nums), sum(nums) / len(nums)
lo, hi, avg = stats([4, 8, 6])
print(lo, hi, avg, stats([1]))
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested))
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
lst_in_tuple = ([1], 2)
lst_in_tuple[0].append(3)
print(lst_in_tuple)
print((1, 2) == (1, 2), (1, 2) == [1, 2], (3, "a") < (3, "b"), (1,) + ())
print(tuple(x * 2 for x in t), hash((1, 2)) == hash((1, 2)))
d = {(0, 0): "o", (1, 0): "e"}
print(d[(1, 0)], d[0, 0])
print(t.__len__(), tuple(enumerate("ab")))
try:
    t.index(42)
except ValueError as e:
    print("ValueError:", e)
