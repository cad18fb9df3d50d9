# Lecture §6 — CPU-bound vs I/O-bound work, threads vs processes.
#
# The same pool API with threads and with processes. What to look at: for
# the CPU-bound sums, the thread pool's workers take turns on one GIL (one
# GIL lane, one slice at a time) while the process pool's workers run side
# by side, one GIL each, on the virtual cores (try `--cores 2`); for the
# sleeps, both pools overlap the waits and take about 1 s. A large run:
# about 130 million instructions.
#
# Tour:
#   start | Timeline | Four worker processes, each with its own GIL lane, then the thread pools in the main process.
#   end | Output | Processes beat threads on CPU work; on I/O both take about 1 s.
import time
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

def cpu_heavy(n: int) -> int:
    # heavy computation (CPU-bound)
    return sum(i*i for i in range(n))

def io_heavy(t: float) -> float:
    # I/O wait (simulated with time.sleep) -> the GIL is released while waiting
    time.sleep(t)
    return t

def bench_cpu_with_processes(sizes):
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=4) as ex:
        list(ex.map(cpu_heavy, sizes))
    return time.perf_counter() - start

def bench_cpu_with_threads(sizes):
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as ex:
        list(ex.map(cpu_heavy, sizes))
    return time.perf_counter() - start

def bench_io_with_threads(delays):
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as ex:
        list(ex.map(io_heavy, delays))
    return time.perf_counter() - start

def bench_io_with_processes(delays):
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=4) as ex:
        list(ex.map(io_heavy, delays))
    return time.perf_counter() - start

if __name__ == "__main__":
    sizes  = [10**6]*4
    delays = [1.0]*4

    print("CPU (processes):", bench_cpu_with_processes(sizes), "s")
    print("CPU (threads)  :", bench_cpu_with_threads(sizes),   "s")
    print("IO  (threads)  :", bench_io_with_threads(delays),   "s")
    print("IO  (processes):", bench_io_with_processes(delays), "s")
