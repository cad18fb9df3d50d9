import time
import multiprocessing as mp

def limited(sem, active, peak, lock):
    with sem:
        with lock:
            active.value += 1
            peak.value = max(peak.value, active.value)
        time.sleep(0.05)
        with lock:
            active.value -= 1

def meet(barrier, order, lock, n):
    time.sleep(0.01 * n)
    barrier.wait()
    with lock:
        order.value += 1

if __name__ == "__main__":
    sem = mp.Semaphore(2)
    lock = mp.Lock()
    active, peak = mp.Value('i', 0), mp.Value('i', 0)
    ps = [mp.Process(target=limited, args=(sem, active, peak, lock)) for _ in range(5)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("peak concurrency:", peak.value, "active now:", active.value)
    barrier = mp.Barrier(3)
    count = mp.Value('i', 0)
    ps = [mp.Process(target=meet, args=(barrier, count, lock, n)) for n in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("passed the barrier:", count.value)
