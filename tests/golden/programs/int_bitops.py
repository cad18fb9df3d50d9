# Bitwise operations on ints
x = 0b1011_0110
y = 0x5A
print(x, y)
print(x & y, x | y, x ^ y, ~x, ~y)
print(x << 3, x >> 2, -x >> 2, -1 >> 10)
print(-17 & 0xFF, -17 | 3, -17 ^ 5)
print(bin(x), bin(-x), hex(255), hex(-255), oct(8))
print((1).bit_length(), (255).bit_length(), (256).bit_length(), (0).bit_length(), (-8).bit_length())
print(bin(12345).count("1"))
n = 0
for i in range(0, 20, 3):
    n |= 1 << i
print(n, bin(n))
mask = (1 << 16) - 1
print(mask, 123456789 & mask, 123456789 >> 16)
print(True & False, True | False, True ^ True, ~True)
print(1_000_000, 0o777, 0b0, 0xdead_beef)
print(int("1010", 2), int("777", 8), int("ff", 16), int("0x1F", 16), int("z", 36))
print(int(" 42 "), int("-0017"), int("+5"))
