import sys

seen = []

def lines_only(frame, event, arg):
    seen.append((event, frame.f_code.co_name, frame.f_lineno))
    return lines_only

def global_hook(frame, event, arg):
    name = frame.f_code.co_name
    seen.append(("global", event, name))
    if name == "skipped":
        return None          # no local tracing of this frame
    if name == "switched":
        return lines_only    # a different local hook
    return None if event != "call" else global_hook

def skipped():
    a = 1
    b = 2
    return a + b

def switched():
    a = 1
    b = 2
    return a + b

def plain():
    return 7

sys.settrace(global_hook)
print(sys.gettrace() is global_hook)
skipped()
switched()
plain()
sys.settrace(None)
print(sys.gettrace())
for entry in seen:
    print(entry)
