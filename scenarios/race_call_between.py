# Lecture §8, still true on 3.11: a call between the read and the write.
#
# `count = count + one()` reads `count`, then CALLs — an eval-breaker point
# where the GIL can change hands — and only then writes. Even CPython 3.11
# loses updates here. What to look at: the switch markers on the timeline
# fall right after the LOAD_GLOBAL of `count`.
#
# Tour:
#   first-lost-update | Bytecode | `count = count + one()` reads `count`, then CALLs `one()`: a call is an eval-breaker point, so even CPython 3.11 may hand the GIL over before the STORE_GLOBAL.
#   first-lost-update | Insights | The stale write and the updates it overwrote, in words.
#   end | Output | Fewer than 400000: a call between the read and the write is enough to lose updates under 3.11.
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
