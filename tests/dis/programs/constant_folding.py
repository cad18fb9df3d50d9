MILLION = 10**6
NEG = -1
SIX = 2 * 3

def constants():
    a = 10**6
    b = -1
    c = 2 * 3 + 1
    d = "ab" * 3
    e = (1, 2, (3, 4))
    f = 1 << 10
    g = not True
    return a, b, c, d, e, f, g
