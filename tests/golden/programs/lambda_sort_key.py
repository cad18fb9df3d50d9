# lambda and sorting with keys
people = [("alice", 30), ("bob", 25), ("carol", 35), ("dave", 25), ("eve", 30)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[0], reverse=True))
print(sorted(people, key=lambda p: p[1], reverse=True))
sq = lambda x: x * x
print(sq(7), (lambda a, b=2: a ** b)(3), (lambda *a: len(a))(1, 2, 3))
print(list(map(lambda x: x * 2, [1, 2, 3])))
print(list(filter(lambda s: len(s) > 2, ["a", "abc", "de", "fghi"])))
words = "The quick Brown fox Jumps".split()
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: p[1]))
nums = [5, -3, 2, -8, 0]
print(sorted(nums, key=abs), sorted(nums, key=lambda n: (n % 2, n)))
compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5))
print((lambda: "no args")(), sq.__name__)
stable = sorted([(1, "b"), (0, "z"), (1, "a"), (0, "y")], key=lambda t: t[0])
print(stable)
