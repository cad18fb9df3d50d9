# Big integer arithmetic
a = 2 ** 100
print(a)
print(a + 1, a - 1)
print(a * a)
print(a // 3, a % 3)
print(-a // 7, -a % 7)
print(3 ** 80)
print(-(2 ** 64))
b = 123456789012345678901234567890
print(b * 987654321098765432109876543210)
print(b // 12345, b % 12345)
print(divmod(-b, 97))
print(a > b, a < b, a == 2 ** 100)
print(pow(2, 200, 10 ** 9 + 7))
f = 1
for i in range(1, 31):
    f *= i
print(f)
print(len(str(2 ** 1000)))
print(str(2 ** 1000)[:20])
print(abs(-a), -(-a))
print((2 ** 70) >> 5, 1 << 90)
print((2 ** 100) & (2 ** 100 - 1), (2 ** 100) | 1)
print(2 ** 64 ^ 2 ** 63)
print(~(2 ** 65))
print(int(str(b)) == b)
print(hex(2 ** 72), oct(2 ** 40), bin(2 ** 20))
print((10 ** 30) / (10 ** 10))
print(int(1e20), int(-1.5e19))
