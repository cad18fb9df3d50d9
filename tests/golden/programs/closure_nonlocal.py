# Closures and nonlocal
def make_counter(start=0):
    count = start
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

c1 = make_counter()
c2 = make_counter(100)
print(c1(), c1(), c1(5), c2(), c1())

def make_adders():
    adders = []
    for i in range(3):
        adders.append(lambda x: x + i)
    return adders

print([a(10) for a in make_adders()])

def make_adders_fixed():
    return [lambda x, i=i: x + i for i in range(3)]

print([a(10) for a in make_adders_fixed()])

def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner
    x = "rebound"
    return middle()()

print(outer())

def accumulator():
    total = []
    def add(v):
        total.append(v)
        return sum(total)
    return add

acc = accumulator()
print(acc(1), acc(2), acc(3))
print(c1.__closure__ is not None, len(c1.__closure__), c1.__code__.co_freevars)
print(make_counter.__code__.co_cellvars)

def shadow():
    x = 1
    def f():
        x = 2
        return x
    f()
    return x

print(shadow())
