# round(): banker's rounding and ndigits
for v in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 4.4, 4.6, -4.6]:
    print(v, round(v), type(round(v)).__name__)
print(round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2))
print(round(3.14159, 3), round(3.14159, 0), round(-3.14159, 1))
print(round(1234.5678, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(15, -1), round(25, -1), round(7), round(-7))
print(round(123456, -3), round(5, 2))
print(type(round(2.5, 0)).__name__, type(round(25, -1)).__name__)
print(round(1e20), round(0.1 + 0.2, 10))
print(round(float("inf"), 2))
try:
    round(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    round(float("nan"))
except ValueError as e:
    print("ValueError:", e)
