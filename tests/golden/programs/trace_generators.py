import sys

events = []

def tracer(frame, event, arg):
    if frame.f_code.co_name in ("count_up", "main"):
        events.append((event, frame.f_code.co_name, frame.f_lineno, arg if event == "return" else None))
    return tracer

def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1

def main():
    out = []
    for v in count_up(2):
        out.append(v)
    return out

sys.settrace(tracer)
result = main()
sys.settrace(None)
print(result)
for e in events:
    print(e)
