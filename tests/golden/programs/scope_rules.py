# LEGB scope rules
x = "global"
def outer():
    x = "enclosing"
    def inner():
        return x
    return inner()
print(outer())

def uses_builtin():
    return len("abcd")
print(uses_builtin())

def shadows_builtin():
    len = lambda s: -1
    return len("abcd")
print(shadows_builtin(), len("ab"))

class K:
    y = 10
    z = [y * i for i in range(2)] if False else None
    def method(self):
        try:
            return y
        except NameError as e:
            return "NameError: " + str(e)
print(K().method(), K.y)

def counter_factory():
    counts = {"n": 0}
    def inc():
        counts["n"] += 1
        return counts["n"]
    return inc
inc = counter_factory()
inc(); inc()
print(inc())

def loops():
    fns = []
    for i in range(3):
        def f(i=i):
            return i * 10
        fns.append(f)
    return [f() for f in fns]
print(loops())

def nested_nonlocal():
    a = 0
    def level1():
        def level2():
            nonlocal a
            a += 5
        level2()
        level2()
    level1()
    return a
print(nested_nonlocal())
print(x)
