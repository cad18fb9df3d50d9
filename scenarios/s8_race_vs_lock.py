# Lecture §8 — race vs lock: `count += 1` is LOAD_GLOBAL, BINARY_OP,
# STORE_GLOBAL.
#
# What to look at: under CPython 3.11 (the default model) the unlocked
# race still prints 400000, because the GIL is only handed over at
# eval-breaker points (RESUME, JUMP_BACKWARD, CALL) and none lies between
# the load and the store (bytecode panel: switch points are marked). Run it
# with `--gil cpython-3.9` (how the lecture's claim used to hold) or
# `--gil free-threaded` (3.13t) and the timeline shows the exact
# instruction where a switch landed between the read and the write, and
# the insights list each lost update.
#
# Tour:
#   first-lost-update | Bytecode | The selected thread read `count` (LOAD_GLOBAL) and lost the CPU before its STORE_GLOBAL: under 3.9's model a switch may come after almost any instruction (the marks in the last column).
#   first-lost-update | Heap | `count` was just written by that thread with a stale value: the increments other threads made since its read are gone. Each "written by" link jumps to that write.
#   first-lost-update | Insights | Every stale write is listed and the count of lost updates is exact: 400000 minus what the race prints.
#   first-lost-update | Timeline | Red markers are lost updates. The `lock` lane shows the second half: one thread at a time holds it, so nothing is lost there.
#   end | Output | The race printed less than 400000, the locked loop exactly 400000. Switch the GIL model at the top to cpython-3.11: then the race prints 400000 too.
import threading

N = 100_000
count = 0
lock = threading.Lock()

def race():
    global count
    for _ in range(N):
        # not atomic (Load -> Add -> Store): a switch in between corrupts it
        count += 1

def safe():
    global count
    for _ in range(N):
        with lock:      # __enter__ calls lock.acquire(), __exit__ calls lock.release()
            count += 1

# 1) race (no lock)
count = 0
ts = [threading.Thread(target=race) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print("race result (unsafe):", count)

# 2) safe (with a lock)
count = 0
ts = [threading.Thread(target=safe) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print("safe result (with lock):", count)
