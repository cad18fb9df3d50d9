import sys

events = []

def tracer(frame, event, arg):
    name = frame.f_code.co_name
    if name in ("<module>", "tracer"):
        return tracer
    if event == "exception":
        events.append((event, name, arg[0].__name__))
    elif event == "return":
        events.append((event, name, arg))
    else:
        events.append((event, name, frame.f_lineno))
    return tracer

def inner(x):
    if x > 1:
        raise KeyError(x)
    return x

def middle(x):
    try:
        return inner(x)
    finally:
        events.append(("finally", "middle", x))

def outer():
    results = []
    for x in (1, 2):
        try:
            results.append(middle(x))
        except KeyError as e:
            results.append(("caught", e.args[0]))
    return results

sys.settrace(tracer)
r = outer()
sys.settrace(None)
print(r)
for e in events:
    print(e)
