# Truthiness and short-circuiting
log = []
def t(v):
    log.append(v)
    return v

print(t(0) and t(1), log)
log.clear()
print(t(1) and t(2) and t(3), log)
log.clear()
print(t(0) or t("") or t("x") or t("y"), log)
log.clear()
print(t([]) or t(None), log)
print(True + True, True * 10, False - 1, True / 2, True // 1)
print(bool(0j), bool(0.0), bool(-0.0), bool(float("nan")), bool(" "))
print(str(True), repr(False), int(True), True == 1)
print(True and False or True, not (True and False), (not True) == False)
class Empty:
    def __len__(self):
        return 0
class Full:
    def __len__(self):
        return 3
print(bool(Empty()), bool(Full()), "t" if Full() else "f", not Empty())
print(all([True, 1, "x"]), any([False, 0, ""]))
print(1 if 0.0 else 0, [x for x in [0, 1, 2, "", "a", None] if x])
print(isinstance(True, int), True.__class__.__name__, sum([True, True, False]))
