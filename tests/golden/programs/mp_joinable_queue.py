import queue
import multiprocessing as mp

def consumer(tasks, results):
    while True:
        item = tasks.get()
        if item is None:
            tasks.task_done()
            break
        results.put(item * item)
        tasks.task_done()

if __name__ == "__main__":
    tasks, results = mp.JoinableQueue(), mp.Queue()
    workers = [mp.Process(target=consumer, args=(tasks, results)) for _ in range(2)]
    for w in workers:
        w.start()
    for n in range(6):
        tasks.put(n)
    for _ in workers:
        tasks.put(None)
    tasks.join()
    print(sorted(results.get() for _ in range(6)))
    for w in workers:
        w.join()
    try:
        results.get(timeout=0.05)
    except queue.Empty:
        print("empty after timeout")
    try:
        results.get_nowait()
    except queue.Empty:
        print("empty without waiting")
    bounded = mp.Queue(maxsize=1)
    bounded.put("a")
    try:
        bounded.put("b", block=False)
    except queue.Full:
        print("full")
    print(bounded.qsize(), bounded.full(), bounded.get())
