def swap(a, b):
    a, b = b, a
    return a, b

def split_first(xs):
    first, *rest = xs
    (x, y), z = rest[0], first
    return first, rest, x, y, z

def build(xs, d):
    return [*xs, 0], {**d, "k": 1}, (*xs,)
