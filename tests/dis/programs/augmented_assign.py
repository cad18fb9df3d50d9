total = 0

def update(obj, d, key, n):
    global total
    total += n
    obj.count += 1
    d[key] -= n
    d[key] *= 2
    n **= 2
    n //= 3
    return n
