import sys

def tracer(frame, event, arg):
    if event == "line" and frame.f_code.co_name == "inner":
        caller = frame.f_back
        local_names = sorted(frame.f_locals)
        print("inner line", frame.f_lineno, "locals", local_names,
              "caller", caller.f_code.co_name, caller.f_lineno,
              "globals ok", frame.f_globals is globals())
    return tracer

def inner(a, b):
    c = a + b
    return c * 2

def outer(x):
    y = x + 1
    return inner(x, y)

sys.settrace(tracer)
r = outer(5)
sys.settrace(None)
print("result", r)
print(outer(1))
