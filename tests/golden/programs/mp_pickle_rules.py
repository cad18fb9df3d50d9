import threading
import multiprocessing as mp

def module_level(x):
    return x * 2

class Box:
    pass

def run_in_child(q, fn, value):
    q.put(fn(value))

if __name__ == "__main__":
    q = mp.Queue()
    cyclic = [1]
    cyclic.append(cyclic)
    for obj in [module_level, Box, {1, 2}, frozenset([3]), b"xy", 2 ** 70, 1.5, None,
                (1, (2, 3)), {"k": [1, {"n": None}]}, range(3), ValueError("bad", 7)]:
        q.put(obj)
        got = q.get()
        if callable(got):
            print(type(got).__name__, got.__name__, got is obj)
        else:
            print(type(got).__name__, got if not isinstance(got, Exception) else got.args)
    q.put(cyclic)
    got = q.get()
    print(got[1] is got, got[0])
    same = [0]
    q.put([same, same])
    a, b = q.get()
    print(a is b)
    a, b = mp.Pipe()
    for bad in [threading.Lock(), (i for i in range(2))]:
        try:
            a.send(bad)
        except TypeError as e:
            print("TypeError:", e)
    def local():
        pass
    try:
        a.send(local)
    except AttributeError as e:
        print("AttributeError:", e)
    p = mp.Process(target=run_in_child, args=(q, module_level, 21))
    p.start()
    print(q.get())
    p.join()
