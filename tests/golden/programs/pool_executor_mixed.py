import time
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor, wait, ALL_COMPLETED

def slow_square(x):
    time.sleep(0.01 * (3 - x))
    return x * x

def pid_of(_):
    import os
    return os.getpid()

if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=3) as threads, ProcessPoolExecutor(max_workers=2) as procs:
        tf = [threads.submit(slow_square, i) for i in range(3)]
        pf = [procs.submit(slow_square, i) for i in range(3)]
        done, pending = wait(tf + pf, return_when=ALL_COMPLETED)
        print(len(done), len(pending))
        print([f.result() for f in tf], [f.result() for f in pf])
        pids = set(procs.map(pid_of, range(8)))
        import os
        print(len(pids) <= 2, os.getpid() not in pids)
    print(all(f.done() for f in tf + pf))
