import sys
import threading

log = []
lock = threading.Lock()

def tracer(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "worker":
        with lock:
            log.append(("call", frame.f_code.co_name))
        return local
    return None

def local(frame, event, arg):
    if event == "line":
        with lock:
            log.append(("line", frame.f_lineno))
    return local

def worker(n):
    total = 0
    total += n
    return total

threading.settrace(tracer)
print(threading.gettrace() is tracer)
t = threading.Thread(target=worker, args=(3,))
t.start()
t.join()
threading.settrace(None)
print(sorted(set(log)))
print(sys.gettrace())
