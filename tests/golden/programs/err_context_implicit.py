# Exception raised while handling another (implicit context)
def cleanup():
    raise RuntimeError("cleanup failed")

stack = [1]
try:
    print("working", stack.pop())
    print("again", stack.pop())
except IndexError:
    cleanup()
