import multiprocessing as mp

def add(total, lock, n):
    for _ in range(n):
        with lock:
            total.value += 1

def fill(arr, start):
    for i in range(len(arr)):
        if i % 2 == start:
            arr[i] = i * i

if __name__ == "__main__":
    total = mp.Value('i', 0)
    lock = mp.Lock()
    ps = [mp.Process(target=add, args=(total, lock, 200)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(total.value)
    arr = mp.Array('i', 6)
    ps = [mp.Process(target=fill, args=(arr, s)) for s in (0, 1)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(arr[:] if hasattr(arr, '__getitem__') else None, len(arr))
    f = mp.Value('d', 1.5, lock=False)
    print(f.value, mp.Value('i').value)
