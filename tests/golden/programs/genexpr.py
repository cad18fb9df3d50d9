# Generator expressions
g = (x * x for x in range(5))
print(type(g).__name__, next(g), next(g), list(g), list(g))
print(sum(x for x in range(10) if x % 2), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, 2, 0]))
print(list((i, j) for i in range(3) for j in range(i)))
print(tuple(c.upper() for c in "abc"), sorted((-x for x in [3, 1, 2])))
print(", ".join(str(n) for n in range(5)))
print(dict((k, k * 2) for k in "xy"), set(x % 3 for x in range(10)))
data = [3, 1, 4, 1, 5, 9, 2, 6]
evens = (x for x in data if x % 2 == 0)
print(min(evens), list(evens))
x = 10
gen = (x + i for i in range(3))
x = 20
print(list(gen))
nested = ((i, (j for j in range(i))) for i in range(3))
print([(i, list(inner)) for i, inner in nested])
print(next((x for x in [] ), "empty"), next((x for x in "q")))
