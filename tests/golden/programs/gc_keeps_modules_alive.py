# The collector runs (many short-lived tuples) and imported modules survive it.
import threading
junk = []
for i in range(300000):
    junk.append((i, i))
    if i % 1000 == 0:
        junk = []
t = threading.Thread(target=lambda: None)
t.start(); t.join()
print(threading.current_thread().name)
