# Lecture §4 — threads share one heap.
#
# Four threads increment the same dict entry 100,000 times each. What to
# look at: the dict `shared` is one heap object written by every thread
# (heap view: "written by T1..T4"), while each thread's loop variable lives
# in its own frame. Under the default GIL model (cpython-3.11) the total is
# always 400000: a switch can only happen at JUMP_BACKWARD, never between
# BINARY_SUBSCR and STORE_SUBSCR. Try `--gil cpython-3.9` or
# `--gil free-threaded` and the insights list shows lost updates.
#
# Tour:
#   thread 1 line 22 | Heap | One dict on the heap, written by every thread: each item shows who wrote it last and at which step.
#   thread 2 line 22 | Stacks | Each thread has its own frame of `worker` with its own `n` and loop state: only the dict is shared.
#   thread 2 line 22 | Bytecode | BINARY_SUBSCR, BINARY_OP and STORE_SUBSCR: under 3.11 no switch point lies between them, so no update is lost.
#   end | Output | 400000 under cpython-3.11. Pick cpython-3.9 or free-threaded at the top to watch updates get lost.
import threading

shared = {"count": 0}

def worker(n):
    for _ in range(100_000):     # _ : a loop variable whose value is unused (convention)
        shared["count"] += 1
    print(f"[worker {n}] done")

ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]

print("shared count:", shared["count"])
