# Converting between ints, strings and bases by hand and by builtins
def to_base(n, base):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))

for n in [0, 5, 255, -255, 2 ** 64, 123456789]:
    print(n, to_base(n, 2)[-16:], to_base(n, 16), to_base(n, 36), int(to_base(n, 36), 36) == n)
print(str(-0), str(10 ** 25), repr(-12), int("-" + "9" * 30) + 1)
print(f"{2 ** 64:,}", f"{-1234567:,}", f"{1234:08d}", f"{-1234:08d}", f"{12:+05d}")
print("%d" % 3.99, "%s" % 3.99, "%.0f" % 0.5, "%.0f" % 1.5)
roman_map = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
def roman(n):
    out = ""
    for v, sym in roman_map:
        while n >= v:
            out += sym
            n -= v
    return out
print([roman(n) for n in [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999]])
