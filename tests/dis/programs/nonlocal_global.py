counter = 0

def bump():
    global counter
    counter += 1
    return counter

def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
