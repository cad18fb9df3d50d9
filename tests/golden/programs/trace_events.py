import sys

def tracer(frame, event, arg):
    code = frame.f_code
    if event == "return":
        print("return", code.co_name, frame.f_lineno, repr(arg))
    elif event == "exception":
        print("exception", code.co_name, frame.f_lineno, arg[0].__name__, arg[1])
    else:
        print(event, code.co_name, frame.f_lineno)
    return tracer

def square(n):
    result = n * n
    return result

def loop(k):
    total = 0
    for i in range(k):
        total += square(i)
    return total

def fails():
    raise ValueError("boom")

def catches():
    try:
        fails()
    except ValueError as e:
        return str(e)

sys.settrace(tracer)
x = loop(2)
y = catches()
sys.settrace(None)
print(x, y)
