# Star unpacking in assignment, calls, literals
a, *b = [1, 2, 3, 4]
print(a, b)
*a, b = "hello"
print(a, b)
a, *b, c = range(5)
print(a, b, c)
a, *b, c = [1, 2]
print(a, b, c)
(x, y), z = (1, 2), 3
print(x, y, z)
first, (second, *rest) = 0, [1, 2, 3]
print(first, second, rest)
for i, (k, v) in enumerate({"p": 1, "q": 2}.items()):
    print(i, k, v)
print([*range(3), *"ab", 9], (*[1, 2], 3), {*[1, 1, 2]}, {**{"a": 1}, "b": 2, **{"a": 3}})
m, n = n, m = 1, 2
print(m, n)
p, q = 1, 2
p, q = q, p
print(p, q)
lst = [0, 0, 0]
i = 0
i, lst[i] = 1, 9
print(i, lst)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
[r, s] = "xy"
print(r, s)
