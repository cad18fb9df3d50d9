import sys
import linecache

def show(frame, event, arg):
    if event == "line":
        src = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
        print(f"{frame.f_code.co_name}:{frame.f_lineno}: {src}")
    return show

def countdown(n):
    while n > 0:
        n -= 1
    squares = [i * i for i in range(2)]
    return squares

print(repr(linecache.getline(__file__, 1)))
print(repr(linecache.getline(__file__, 10_000)))
print(repr(linecache.getline("no_such_file.py", 1)))
print(len(linecache.getlines(__file__)) > 10)
sys.settrace(show)
countdown(2)
sys.settrace(None)
