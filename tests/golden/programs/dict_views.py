# Dict views are live
d = {"one": 1, "two": 2, "three": 3}
k = d.keys()
v = d.values()
it = d.items()
print(k, v, it)
print(len(k), "one" in k, 2 in v, ("two", 2) in it, ("two", 3) in it)
d["four"] = 4
print(list(k), list(v))
del d["one"]
print(sorted(k), sorted(v))
print(k & {"two", "five"} == {"two"}, sorted(k - {"two"}))
for key, val in d.items():
    print(key, val)
print(list(reversed(d)), list(reversed(d.values())))
try:
    for key in d:
        d["x" + key] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv)
