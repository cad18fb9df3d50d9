import time
from concurrent.futures import ProcessPoolExecutor

def nap(t):
    time.sleep(t)
    return t

if __name__ == "__main__":
    ex = ProcessPoolExecutor(max_workers=1)
    first = ex.submit(nap, 0.2)
    queued = [ex.submit(nap, 0.01) for _ in range(4)]
    time.sleep(0.05)
    cancelled = [f.cancel() for f in queued]
    print("first running:", first.running() or first.done())
    print("some queued futures could be cancelled:", any(cancelled))
    ex.shutdown(wait=True, cancel_futures=True)
    print(first.result(), [f.cancelled() or f.done() for f in queued])
