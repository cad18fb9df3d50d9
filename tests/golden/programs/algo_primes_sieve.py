# Sieve, gcd, number theory
def sieve(n):
    is_p = [True] * (n + 1)
    is_p[0] = is_p[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            is_p[i * i::i] = [False] * len(is_p[i * i::i])
    return [i for i, p in enumerate(is_p) if p]

primes = sieve(100)
print(primes, len(sieve(10000)))

def gcd(a, b):
    while b:
        a, b = b, a % b
    return a

print(gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(2 ** 40, 6 ** 20))

def factorize(n):
    out = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1
    if n > 1:
        out.append(n)
    return out

for n in [360, 97, 1001, 2 ** 16 + 1, 600851475143]:
    print(n, factorize(n))

def digits_sum(n):
    return sum(int(c) for c in str(n))

print(digits_sum(2 ** 100), digits_sum(12345))
print([n for n in range(1, 30) if n == sum(d for d in range(1, n) if n % d == 0)])
print(int(2 ** 0.5 * 10 ** 6), 10 ** 0.5, 27 ** (1 / 3))
