# Default args, keyword-only, positional-only
def f(a, b=2, *, c, d=4):
    return (a, b, c, d)

print(f(1, c=3))
print(f(1, 5, c=6, d=7))
print(f(c=0, a=9))

def g(x, y, /, z=0):
    return x * 100 + y * 10 + z

print(g(1, 2), g(1, 2, 3), g(1, 2, z=5))

def append_to(item, acc=[]):
    acc.append(item)
    return acc

print(append_to(1), append_to(2), append_to(3, []))

def h(a, b=None):
    if b is None:
        b = []
    b.append(a)
    return b

print(h(1), h(2))
print(f.__defaults__, f.__kwdefaults__, g.__defaults__)
print(f.__name__, f.__code__.co_argcount, f.__code__.co_kwonlyargcount)
for call in [lambda: f(1), lambda: f(1, 2, 3), lambda: g(x=1, y=2), lambda: f(1, c=1, e=2), lambda: f(1, 2, c=3, b=4)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
