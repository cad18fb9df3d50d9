# Dict insertion order and methods
d = {"b": 1, "a": 2}
d["c"] = 3
d["b"] = 10
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
del d["b"]
d["b"] = 4
print(d)
print(d.get("a"), d.get("zz"), d.get("zz", 0))
print(d.setdefault("a", 100), d.setdefault("new", []), d)
d["new"].append(1)
print(d)
print(d.pop("new"), d.pop("missing", "dflt"), d)
print(d.popitem(), d)
d.update({"x": 1, "a": 99})
d.update(y=2)
d.update([("z", 3)])
print(d)
e = d.copy()
e["x"] = "changed"
print(d["x"], e["x"])
print({k: v for k, v in d.items() if isinstance(v, int) and v > 2})
print(dict(zip("abc", range(3))), dict(a=1, b=2), dict([(1, 2), (3, 4)]))
print(dict.fromkeys(["p", "q"], 0), dict.fromkeys("xy"))
print("a" in d, "zzz" in d, 99 in d.values(), len(d))
print({1: "a", 1.0: "b", True: "c"})
print({"k": 1} == {"k": 1}, {"a": 1, "b": 2} == {"b": 2, "a": 1})
merged = {"a": 1} | {"b": 2, "a": 3}
print(merged)
merged |= {"c": 4}
print(merged)
try:
    d["nope"]
except KeyError as e:
    print("KeyError:", e, repr(e))
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)
