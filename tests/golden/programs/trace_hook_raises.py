import sys

calls = 0

def bad_hook(frame, event, arg):
    global calls
    calls += 1
    if event == "line":
        raise RuntimeError("hook failed")
    return bad_hook

def work():
    x = 1
    return x + 1

sys.settrace(bad_hook)
try:
    work()
except RuntimeError as e:
    print("caught", e)
print("tracing now", sys.gettrace())
print("calls", calls)
print(work())
