# Aliasing, shallow copies, identity with `is`
a = [1, [2, 3]]
b = a
c = a[:]
d = list(a)
e = a.copy()
a[0] = 99
a[1].append(4)
print(a, b, c, d, e)
print(a is b, a is c, a == c, c[1] is a[1])
def mutate(lst):
    lst.append("m")
    lst = ["rebound"]
    return lst
orig = [0]
print(mutate(orig), orig)
x = None
print(x is None, x is not None, x == None)
t1 = (1, 2)
t2 = t1
print(t1 is t2)
s = "abc"
s2 = s
s += "d"
print(s, s2)
n = [0, 0]
m = n
m += [1]
print(n, m, n is m)
n = n + [2]
print(n, m, n is m)
grid = [[]] * 2
grid[0].append("shared")
print(grid)
deep = [[1], [2]]
manual_deep = [inner[:] for inner in deep]
manual_deep[0].append(10)
print(deep, manual_deep)
