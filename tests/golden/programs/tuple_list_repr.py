# Nested repr of tuples, lists, dicts
print(())
print((1,))
print((1, 2))
print(((1,),))
print([(), [()], ((),)])
print([1, [2, [3, [4]]]])
print({"a": [1, (2, 3)], "b": {"c": None}})
print((None, True, False, 1.5, "s", b"b"))
print([[]] * 3, [{}], [set()], [frozenset()])
print(tuple([1, 2]), list((3, 4)), tuple("ab"), list("cd"))
print({1: (2,), (3, 4): [5]})
x = [1, 2]
x.append(x)
print(x)
d = {}
d["self"] = d
print(d)
print(repr([1.0, -0.0, 1e100, "it's"]))
print(str((1, "a")), str(["a"]), str({"k": "v"}))
print({1, 2, 3}, {(1, 2)}, set(), frozenset({5}))
print(len(((1, 2), (3,))), (1, 2) + (3,), (0,) * 3)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9))
print(range(5), range(1, 10, 2), list(range(10, 0, -3)))
