import sys
import threading

lines = {}
lock = threading.Lock()

def tracer(frame, event, arg):
    if frame.f_code.co_name != "work":
        return None
    def local(frame, event, arg):
        if event == "line":
            with lock:
                key = threading.current_thread().name
                lines.setdefault(key, []).append(frame.f_lineno)
        return local
    return local

def work(n):
    total = 0
    for i in range(n):
        total += i
    return total

threading.settrace(tracer)
ts = [threading.Thread(target=work, args=(n,), name=f"w{n}") for n in (1, 2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
threading.settrace(None)
for name in sorted(lines):
    print(name, lines[name])
print(sys.gettrace())
