# Uncaught NameError inside a function
known = 21

def compute():
    return known * 2

def broken():
    return undefined_variable * 2

print("before", compute())
broken()
