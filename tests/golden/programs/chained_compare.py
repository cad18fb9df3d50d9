# Chained comparisons evaluate middle operands once
calls = []
def v(x):
    calls.append(x)
    return x

print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1 == 1, 1 == 1 != 2)
print(v(1) < v(2) < v(3), calls)
calls.clear()
print(v(5) < v(2) < v(3), calls)
calls.clear()
print(v(1) < v(5) > v(3) == v(3), calls)
x = 5
print(0 <= x < 10, 0 <= x < 5, x in range(10) in [range(10)])
print(1 < 2 > 1.5, "a" < "b" < "c", [1] < [2] <= [2])
a = b = [1]
print(a is b is not None, a == b == [1], [1] is not a)
print((1 < 2) < 3, 1 < (2 < 3), 2 < 3 == True)
def f():
    return 0 < x <= 5
print(f())
print(not 1 < 2, not (1 > 2) and 3 < 4)
