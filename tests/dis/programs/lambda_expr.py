square = lambda x: x * x

def sort_by_second(pairs):
    return sorted(pairs, key=lambda p: p[1])

def make_mul(k):
    return lambda x: x * k
