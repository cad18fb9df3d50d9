def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"

def sign(n):
    return -1 if n < 0 else (1 if n > 0 else 0)
