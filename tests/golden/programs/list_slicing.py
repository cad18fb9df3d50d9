# Slicing including negative steps and slice assignment
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[:-7], a[::2], a[1::3])
print(a[::-1], a[8:2:-2], a[-1:-4:-1], a[5:2], a[100:], a[-100:2])
print(a[::-3], a[2::-1], a[:2:-1])
b = a[:]
b[2:5] = ["x", "y"]
print(b)
b[0:0] = [-1, -2]
print(b)
b[-2:] = []
print(b)
b[::2] = [0] * len(b[::2])
print(b)
c = list(range(6))
c[1:5:2] = ["a", "b"]
print(c)
del c[::2]
print(c)
d = list(range(8))
del d[2:4]
print(d)
d[1:3] = range(5)
print(d)
try:
    d[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
s = "abcdefgh"
print(s[1:6:2], s[::-2], s[-2::-3], s[3:3])
t = (1, 2, 3, 4, 5)
print(t[1:-1], t[::-1], t[:0])
print(a[slice(1, 8, 3)], slice(1, 8, 3))
print(a[-1], a[-10])
