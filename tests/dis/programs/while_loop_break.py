def countdown(n):
    while n > 0:
        n -= 1
    return n

def find_first(xs, target):
    i = 0
    while True:
        if i >= len(xs):
            break
        if xs[i] == target:
            return i
        i += 1
    return -1
