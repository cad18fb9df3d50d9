# Floor division and modulo with negative operands
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3), (1, 5), (-1, 5)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b))
fpairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2.0), (5.0, 0.5)]
for a, b in fpairs:
    print(a, b, a // b, a % b)
print(-0.0 % 5, 0.0 % -5)
print(7 / 2, -7 / 2, 6 / 3, 1 / 3)
print(10 // 0.3, 10 % 0.3)
print(-13 % 4, 13 % -4, -13 // 4, 13 // -4)
print(2 ** -1, 2 ** -2, (-2) ** 3, (-2) ** 2)
print(-2 ** 2)
print(0 ** 0, 0.0 ** 0)
try:
    print(1 // 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(1 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(1.0 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(1.0 // 0.0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
