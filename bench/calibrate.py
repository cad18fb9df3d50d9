# Times pure-Python loops with time.perf_counter(). Under python3 this is
# real time; under `interleave run` it is virtual time from the cost table.
# scripts/calibrate.py runs it both ways and prints the ratios.
import threading
import time

def count_loop():
    count = 0
    for _ in range(400_000):
        count += 1
    return count

def sum_squares():
    return sum(i * i for i in range(1_000_000))

def calls():
    def f(x):
        return x + 1
    for i in range(300_000):
        f(i)

def appends():
    items = []
    for i in range(300_000):
        items.append((i, i))
    return len(items)

def attribute_updates():
    class Point:
        def __init__(self):
            self.x = 0
    p = Point()
    for _ in range(300_000):
        p.x += 1
    return p.x

def lock_ping_pong():
    # Two threads hand a token back and forth through two locks: each
    # round trip wakes a blocked thread twice.
    n = 2_000
    a, b = threading.Lock(), threading.Lock()
    a.acquire()
    b.acquire()

    def pong():
        for _ in range(n):
            a.acquire()
            b.release()

    t = threading.Thread(target=pong)
    t.start()
    for _ in range(n):
        a.release()
        b.acquire()
    t.join()


for name, fn in [("count_loop", count_loop), ("sum_squares", sum_squares), ("calls", calls),
                 ("appends", appends), ("attribute_updates", attribute_updates),
                 ("lock_ping_pong", lock_ping_pong)]:
    start = time.perf_counter()
    fn()
    print(f"{name} {time.perf_counter() - start:.6f}")
