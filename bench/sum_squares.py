# CPU-bound generator expression feeding a builtin (issue 2 benchmark).
print(sum(i * i for i in range(3_000_000)))
