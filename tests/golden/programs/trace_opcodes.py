# Opcode-level tracing: f_trace_opcodes, f_trace_lines, f_lasti and
# assigning f_trace, as the lecture's "every bytecode is a switch point"
# demonstration uses them.
import sys

events = []


def opcode_tracer(frame, event, arg):
    if frame.f_code.co_name == "<module>":
        return None
    frame.f_trace_opcodes = True
    events.append((frame.f_code.co_name, event, frame.f_lineno, frame.f_lasti))
    return opcode_tracer


def add(a, b):
    total = a + b
    return total


def loop(n):
    acc = 0
    for i in range(n):
        acc += i
    return acc


sys.settrace(opcode_tracer)
add(2, 3)
loop(2)
sys.settrace(None)
for e in events:
    print(*e)
print("events:", len(events))

# Opcodes only, no lines.
quiet = []


def opcodes_only(frame, event, arg):
    if frame.f_code.co_name == "<module>":
        return None
    frame.f_trace_lines = False
    frame.f_trace_opcodes = True
    quiet.append(event)
    return opcodes_only


sys.settrace(opcodes_only)
add(1, 1)
sys.settrace(None)
print(quiet.count("line"), quiet.count("opcode"), quiet.count("call"), quiet.count("return"))

# The flags and f_lasti as a hook sees them.
seen = []


def flags(frame, event, arg):
    if frame.f_code.co_name == "<module>":
        return None
    seen.append((event, frame.f_trace_lines, frame.f_trace_opcodes, frame.f_lasti))
    return None


sys.settrace(flags)
add(1, 2)
sys.settrace(None)
print(seen)

# Setting a flag to a non-bool fails like CPython.
def bad(frame, event, arg):
    if frame.f_code.co_name == "<module>":
        return None
    try:
        frame.f_trace_opcodes = 1
    except TypeError as e:
        print("TypeError:", e)
    return None


sys.settrace(bad)
add(0, 0)
sys.settrace(None)

# A call hook that assigns f_trace and returns None keeps the assigned hook,
# and a generator's later resumes keep it too.
log = []


def local(frame, event, arg):
    log.append((frame.f_code.co_name, event, frame.f_lineno))
    return None


def assigning(frame, event, arg):
    if frame.f_code.co_name == "<module>":
        return None
    log.append((frame.f_code.co_name, "global " + event))
    if frame.f_code.co_name == "gen":
        if event == "call" and frame.f_trace is None:
            frame.f_trace = local
        return None
    frame.f_trace = local
    return None


def gen():
    yield 1
    yield 2


sys.settrace(assigning)
add(3, 4)
g = gen()
next(g)
next(g)
sys.settrace(None)
for entry in log:
    print(*entry)
