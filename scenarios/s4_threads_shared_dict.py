# Lecture §4 — threads share one heap.
#
# Four threads increment the same dict entry 100,000 times each. What to
# look at: the dict `shared` is one heap object written by every thread
# (heap view: "written by T1..T4"), while each thread's loop variable lives
# in its own frame. Under the default GIL model (cpython-3.11) the total is
# always 400000: a switch can only happen at JUMP_BACKWARD, never between
# BINARY_SUBSCR and STORE_SUBSCR. Try `--gil cpython-3.9` or
# `--gil free-threaded` and the insights list shows lost updates.
import threading

shared = {"count": 0}

def worker(n):
    for _ in range(100_000):
        shared["count"] += 1
    print(f"[worker {n}] done")

ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]

print("shared count:", shared["count"])
