def total(xs):
    s = 0
    for x in xs:
        s += x
    return s

def pairs(n):
    out = []
    for i in range(n):
        for j in range(i):
            out.append((i, j))
    return out
