import os
import time
import multiprocessing as mp

data = {"items": [1, 2]}

def child(n):
    data["items"].append(n)          # changes the child's copy only
    me = mp.current_process()
    print("child", n, me.name, data, os.getppid() == PARENT, os.getpid() != PARENT)

if __name__ == "__main__":
    PARENT = os.getpid()
    for i in range(3):
        p = mp.Process(target=child, args=(i,), name=f"worker-{i}")
        print(repr(p.name), p.pid, p.exitcode, p.is_alive())
        p.start()
        p.join()
        print(p.name, p.exitcode, p.is_alive(), p.pid != PARENT)
    print("parent data", data)
    print(mp.current_process().name, mp.parent_process(), mp.active_children())
