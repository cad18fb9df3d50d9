import sys
import multiprocessing as mp

def ok():
    pass

def fails():
    raise ValueError("boom")

def exits(code):
    sys.exit(code)

def exits_text():
    sys.exit("bye")

if __name__ == "__main__":
    targets = [(ok, ()), (fails, ()), (exits, (3,)), (exits, (0,)), (exits_text, ())]
    procs = [mp.Process(target=t, args=a) for t, a in targets]
    for p in procs:
        p.start()
        p.join()
    print([p.exitcode for p in procs])
    print([p.name for p in procs])
