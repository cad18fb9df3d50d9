def slices(xs):
    a = xs[1:3]
    b = xs[::-1]
    c = xs[1:-1:2]
    xs[0:2] = [9, 9]
    del xs[::2]
    return a, b, c, xs[-1]
