# Lecture §7 — tiny tasks vs batching.
#
# 100,000 one-line tasks through a 100-thread pool, then the same work in
# 1,000 batches. What to look at: with tiny tasks the time goes into the
# pool's machinery (work queue puts and gets, futures, locks, context
# switches: the insights' lock contention), not into the work; batching
# cuts that overhead about 60-fold. A large run: about 110 million
# instructions.
#
# Tour:
#   start | Timeline | A hundred worker threads wait on the pool's work queue.
#   end | Output | Tiny tasks take far longer than the same work batched.
import time
from concurrent.futures import ThreadPoolExecutor

def tiny_work(_) -> int:
    # a very small job (the overhead is large in comparison)
    return 1

def batched_work(batch_size: int) -> int:
    # bundle the small jobs so one thread does them in one go
    s = 0
    for _ in range(batch_size):
        s += 1
    return s

if __name__ == "__main__":
    N = 100_000

    # 1) throw N small jobs into the thread pool one by one
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=100) as ex:
        list(ex.map(tiny_work, range(N)))
    t_tiny = time.perf_counter() - start
    print("tiny tasks individually:", t_tiny, "s")

    # 2) bundle the small jobs (batching) to cut the number of tasks
    batch = 100
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=100) as ex:
        list(ex.map(batched_work, [batch]*(N//batch)))
    t_batch = time.perf_counter() - start
    print("batched tasks:", t_batch, "s")
