def divmod_pair(a, b):
    return a // b, a % b

def triple():
    return 1, 2, 3

def empty():
    return ()

def nothing():
    pass
