# Lecture §2 — bytecode and sys.settrace.
#
# The interpreter calls a trace hook before each new line of every frame
# the hook chose to trace. What to look at: `add`'s frames (stacks panel)
# while the hook prints "Tracing add at line …", the hook's own frame on
# top of the traced one, and at the end the hook seeing threading's
# `_shutdown()` run at exit, as it does in CPython.
#
# Tour:
#   thread 0 line 28 | Source | sys.settrace(trace) installs the global hook: new frames get a 'call' event.
#   thread 0 line 19 | Stacks | The hook runs as an ordinary Python frame above the traced `add` frame.
#   end | Output | Two line events in `add`, its result, then the hook watching the interpreter's shutdown code.
import sys, linecache

def trace(frame, event, arg):
    if event == "line":
        co = frame.f_code          # code object
        lineno = frame.f_lineno    # current line number
        src = linecache.getline(co.co_filename, lineno).strip()
        print(f"Tracing {co.co_name} at line {lineno}: {src}")
    return trace  # return the trace function itself to keep tracing

def add(x, y):
    z = x + y
    return z

if __name__ == "__main__":
    sys.settrace(trace)            # install the global trace hook
    a = 10
    b = 20
    print("Result of add:", add(a, b))
