def first_long(words):
    for w in words:
        if (n := len(w)) > 5:
            return w, n
    return None

def label(x):
    return "even" if x % 2 == 0 else "odd"
