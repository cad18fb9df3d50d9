# Nested dicts, grouping, counting
records = [
    {"name": "ann", "dept": "eng", "salary": 120},
    {"name": "bob", "dept": "ops", "salary": 90},
    {"name": "cat", "dept": "eng", "salary": 110},
    {"name": "dan", "dept": "hr", "salary": 70},
    {"name": "eve", "dept": "ops", "salary": 95},
]
by_dept = {}
for r in records:
    by_dept.setdefault(r["dept"], []).append(r["name"])
print(by_dept)
totals = {}
for r in records:
    totals[r["dept"]] = totals.get(r["dept"], 0) + r["salary"]
print(totals, max(totals, key=totals.get))
avg = {d: totals[d] / len(by_dept[d]) for d in totals}
print(avg)
tree = {}
for path in ["a/b/c", "a/b/d", "a/e", "f"]:
    node = tree
    for part in path.split("/"):
        node = node.setdefault(part, {})
print(tree)
def depth(d):
    return 1 + max((depth(v) for v in d.values()), default=0) if d else 0
print(depth(tree))
def walk(d, prefix=""):
    for k in sorted(d):
        print(prefix + k)
        walk(d[k], prefix + "  ")
walk(tree)
cfg = {"db": {"host": "x", "port": 1}}
cfg2 = {**cfg, "db": {**cfg["db"], "port": 2}}
print(cfg, cfg2)
