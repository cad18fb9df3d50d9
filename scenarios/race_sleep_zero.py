# Lecture §9 meets §8: `time.sleep(0)` releases the GIL.
#
# Each thread reads `counter`, sleeps for zero seconds (which drops the
# GIL so another thread runs) and writes back. About three quarters of the
# updates are lost, on CPython 3.11 as here. What to look at: the GIL lane
# changes hands at every sleep; wrap the three lines in `with lock:` and the
# total is always 4000.
#
# Tour:
#   first-lost-update | Bytecode | `time.sleep(0)` between the read and the write releases the GIL on purpose, so another thread runs in between.
#   first-lost-update | Timeline | Switches line up with the sleeps; each red marker is a lost update.
#   end | Output | The total is short of what the threads added.
import threading
import time

counter = 0

def work():
    global counter
    for _ in range(1000):
        tmp = counter
        time.sleep(0)
        counter = tmp + 1

ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter:", counter)
