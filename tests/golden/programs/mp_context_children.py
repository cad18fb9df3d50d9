import time
import multiprocessing as mp

def nap(t):
    time.sleep(t)

if __name__ == "__main__":
    ctx = mp.get_context("fork")
    print(mp.get_start_method(), type(ctx).__name__ != "")
    ps = [ctx.Process(target=nap, args=(0.2 * (i + 1),), name=f"nap{i}") for i in range(3)]
    for p in ps:
        p.start()
    time.sleep(0.3)
    print(sorted(p.name for p in mp.active_children()))
    for p in ps:
        p.join()
    print(mp.active_children(), [p.exitcode for p in ps])
    print(mp.cpu_count() >= 1)
