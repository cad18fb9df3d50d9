# Lecture §9 — time.sleep releases the GIL.
#
# Four pool threads each sleep 0.5 s. What to look at: in the timeline the
# four sleeps overlap (the GIL lane is free while they sleep), so the whole
# batch takes about 0.5 s of virtual time, not 2 s.
#
# Tour:
#   thread 1 line 15 | Timeline | A worker thread calls time.sleep: it gives up the GIL and waits in virtual time.
#   thread 4 line 15 | Timeline | The last worker starts sleeping while the others still sleep: the waits overlap.
#   end | Output | About 0.5 s for four 0.5 s sleeps.
import time
from concurrent.futures import ThreadPoolExecutor

def io_task(t: float) -> float:
    time.sleep(t)   # during the blocking call, C code releases the GIL and waits
    return t

if __name__ == "__main__":
    delays = [0.5, 0.5, 0.5, 0.5]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as ex:
        list(ex.map(io_task, delays))
    print("I/O tasks with threads:", time.perf_counter() - start, "s")
