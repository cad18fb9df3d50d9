# del statement on names, items, slices, attributes
x = 10
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = list(range(8))
del lst[0]
del lst[-1]
del lst[1:3]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)

class Obj:
    pass

o = Obj()
o.a = 1
o.b = 2
del o.a
print(hasattr(o, "a"), o.b)
a, b, c = 1, 2, 3
del a, c
print(b, "a" in globals(), "c" in globals())

def local_del():
    y = 5
    del y
    try:
        return y
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)

print(local_del())
m = [[1, 2], [3, 4]]
del m[1][0]
print(m)
