def f(a, b=2, *args, c, d=4, **kwargs):
    return a, b, args, c, d, kwargs

def call_many(xs, opts):
    f(1, c=3)
    f(1, 2, 3, c=5, e=6)
    f(*xs, **opts)
    f(0, *xs, c=1, **opts)
    print("x", "y", sep="-", end="")
