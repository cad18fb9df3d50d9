# Exceptions interacting with generators
def gen():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("gen caught", e)
        yield "recovered"
    finally:
        print("gen finally")

g = gen()
print(next(g))
print(g.throw(ValueError("boom")))
try:
    next(g)
except StopIteration:
    print("exhausted")

def failing():
    yield 1
    raise KeyError("inside")

try:
    for v in failing():
        print("value", v)
except KeyError as e:
    print("KeyError from gen", e)

def bad_stop():
    yield 1
    raise StopIteration("manual")

try:
    list(bad_stop())
except RuntimeError as e:
    print("RuntimeError:", e)

g2 = gen()
next(g2)
g2.close()
print("closed g2")
g3 = gen()
try:
    g3.throw(TypeError("before start"))
except TypeError as e:
    print("unstarted throw:", e)
