import time
import multiprocessing as mp

def sleeper(t):
    time.sleep(t)

if __name__ == "__main__":
    start = time.monotonic()
    slow = mp.Process(target=sleeper, args=(0.5,))
    slow.start()
    slow.join(0.1)
    print("after join(0.1):", slow.is_alive(), slow.exitcode)
    slow.join()
    print("after join():", slow.is_alive(), slow.exitcode)
    d = mp.Process(target=sleeper, args=(10,), daemon=True)
    d.start()
    print(d.daemon, d.is_alive())
    d.terminate()
    d.join()
    print("terminated:", d.exitcode)
    print("elapsed about half a second:", 0.45 < time.monotonic() - start < 0.9)
