def comps(xs):
    a = [x * 2 for x in xs if x > 0]
    b = {x: x * x for x in xs}
    c = {x % 3 for x in xs}
    d = [(x, y) for x in xs for y in xs if x != y]
    return a, b, c, d
