# Conditional expressions and walrus operator
for x in [-2, 0, 3]:
    print("neg" if x < 0 else "zero" if x == 0 else "pos")
print(1 if [] else 2, "a" if "0" else "b")
data = [1, 5, 12, 7, 20]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 10])
print(y)
chunks = iter(["ab", "cd", ""])
res = []
while (c := next(chunks)):
    res.append(c.upper())
print(res)
print((z := 5) + z, z)
values = [3, 8, 1]
print(any((hit := v) > 5 for v in values), hit)

def f(v):
    return (w := v + 1) * w

print(f(3))
print(0 or "default", "" or [] or None, 3 and 4, 0 and 1 / 0, None or 0)
print(not 0, not [1], (1 or 2) + 10, [] and "x")
a = 5
print(a > 3 and "big" or "small", a > 10 and "big" or "small")
