# Lecture §8, still true on 3.11: a call between the read and the write.
#
# `count = count + one()` reads `count`, then CALLs — an eval-breaker point
# where the GIL can change hands — and only then writes. Even CPython 3.11
# loses updates here. What to look at: the switch markers on the timeline
# fall right after the LOAD_GLOBAL of `count`.
import threading

count = 0

def one():
    return 1

def work():
    global count
    for _ in range(100_000):
        count = count + one()

ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("count:", count)
