# List / dict / set comprehensions
print([x * 2 for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in "ab"])
print([[r * c for c in range(4)] for r in range(3)])
print([x if x % 2 else -x for x in range(6)])
print({x: x ** 2 for x in range(5)})
print({w[0]: w for w in ["apple", "avocado", "banana"]})
print({x % 4 for x in range(10)})
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row])
x = "outer"
print([x for x in "abc"], x)
print([(i, c) for i, c in enumerate("hey")])
print([n for n in range(2, 30) if all(n % d for d in range(2, n))])
print({k: v for k, v in zip("abc", [1, 2, 3]) if v != 2})
print(sorted({c.lower() for c in "AbBa"}))
y = 5
print([y * i for i in range(3)], [[y + j for j in range(2)] for _ in range(2)])
print([len(w) for w in "the quick brown fox".split()])
print([a + b for a, b in [(1, 2), (3, 4)]], [f"{k}={v}" for k, v in {"p": 1}.items()])
