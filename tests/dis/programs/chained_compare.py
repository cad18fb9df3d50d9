def between(a, x, b):
    return a < x < b

def ordered(a, b, c, d):
    return a <= b <= c <= d

def mixed(x):
    return 0 < x == 5 != 6
