# RecursionError is caught: program exits normally
def f():
    return f()

try:
    f()
except RecursionError:
    print("recursion")

def g(n):
    return g(n + 1)

try:
    g(0)
except RecursionError as e:
    print("caught again:", type(e).__name__, isinstance(e, RuntimeError))
print("exit normally")
