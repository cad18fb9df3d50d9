import threading
import multiprocessing as mp

lock = threading.Lock()
results = []

def in_child():
    # threading works in the child: it is the main thread there
    t = threading.Thread(target=results.append, args=("child-thread",))
    t.start()
    t.join()
    with lock:
        results.append("child")
    print(threading.current_thread().name, threading.active_count(), results)

if __name__ == "__main__":
    with lock:
        results.append("parent")
    p = mp.Process(target=in_child)
    p.start()
    p.join()
    print(p.exitcode, results, threading.active_count())
