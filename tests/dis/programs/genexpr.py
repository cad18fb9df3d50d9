def total_squares(xs):
    return sum(x * x for x in xs)

def any_negative(xs):
    return any(x < 0 for x in xs)
