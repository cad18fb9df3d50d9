# for/while with else, break, continue
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")
for x in []:
    print("never")
else:
    print("empty for else")
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print("while", i)
else:
    print("while else not reached")
j = 0
while j < 3:
    j += 1
else:
    print("while else reached", j)
total = 0
for a in range(4):
    for b in range(4):
        if b > a:
            break
        if (a + b) % 2:
            continue
        total += a * 10 + b
print("total", total)
while True:
    total -= 7
    if total < 0:
        break
print("after while True", total)
for idx, ch in enumerate("abc"):
    pass
print("loop var survives", idx, ch)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)
