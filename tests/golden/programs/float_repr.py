# Float repr edge cases
vals = [0.1 + 0.2, 1e16, 1e15, 123456789012345678.0, 1e-7, 1e-4, 0.0001, 1e-5,
        1.0, -0.0, 0.5, 2.5, 1 / 3, 2 / 3, 100.0, 1e22, 1e23, 1.7976931348623157e308,
        5e-324, 3.14159, 0.1, 0.3, 1.1 * 3, 1e100, 12345.678, float(2 ** 53), float(2 ** 53 + 1)]
for v in vals:
    print(repr(v), str(v))
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan)
print(inf > 1e308, -inf < -1e308, nan == nan, nan != nan, inf == inf)
print(inf + 1, inf - inf, inf * 0, 1 / inf)
print(float("1e500"), float("-1e500"), float("  3.5  "), float("-.5"), float("1_000.5"))
print(float("Infinity"), float("-INF"), float("nan"))
print(1e308 * 10, -1e308 * 10)
print([0.1, 1e-10, 1e+20], (2.0,))
print(1.5e300 * 1.5e300)
print(round(2.675, 2), 0.1 * 3, 0.7 + 0.1)
print(float(10 ** 20), float(-7), 3.0 * 2)
