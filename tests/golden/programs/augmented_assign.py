# Augmented assignment on names, attributes, subscripts
x = 5
x += 3; print(x)
x -= 1; print(x)
x *= 4; print(x)
x //= 3; print(x)
x %= 5; print(x)
x **= 3; print(x)
x <<= 2; print(x)
x >>= 1; print(x)
x |= 0b101; print(x)
x &= 0b1110; print(x)
x ^= 0xFF; print(x)
x /= 2; print(x)
s = "ab"
s *= 2
s += "!"
print(s)
class Box:
    def __init__(self):
        self.v = 1
        self.items = {"k": 10}
b = Box()
b.v += 41
b.items["k"] -= 3
print(b.v, b.items)
lst = [1, 2, 3]
lst[0] += 10
lst[-1] *= 5
print(lst)
calls = []
def idx():
    calls.append("idx")
    return 1
lst[idx()] += 100
print(lst, calls)
d = {}
d.setdefault("a", [])
d["a"] += [1]
d["a"] += (2,)
print(d)
t = ([1],)
try:
    t[0] += [2]
except TypeError as e:
    print("TypeError:", e)
print(t)
