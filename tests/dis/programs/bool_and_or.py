def in_range(x, lo, hi):
    if x >= lo and x <= hi:
        return True
    return False

def either(a, b, c):
    if a or (b and not c):
        return "yes"
    return "no"

def default(v):
    return v or "fallback"
