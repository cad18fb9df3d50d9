def checks(x, xs):
    a = x in xs
    b = x not in (1, 2, 3)
    c = x is None
    d = x is not None
    e = x in [4, 5]
    return a, b, c, d, e
