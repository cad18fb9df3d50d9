from concurrent.futures import ProcessPoolExecutor, as_completed, wait, FIRST_COMPLETED

def work(n):
    if n == 3:
        raise ValueError(f"bad input {n}")
    return sum(range(n))

if __name__ == "__main__":
    ex = ProcessPoolExecutor(max_workers=2)
    futures = {ex.submit(work, n): n for n in range(6)}
    results = {}
    for f in as_completed(futures):
        n = futures[f]
        if f.exception() is not None:
            results[n] = repr(f.exception())
        else:
            results[n] = f.result()
    print(sorted(results.items()))
    f = ex.submit(work, 10)
    done, not_done = wait([f], return_when=FIRST_COMPLETED)
    print(len(done), len(not_done), f.done(), f.result())
    seen = []
    g = ex.submit(work, 4)
    g.add_done_callback(lambda fut: seen.append(fut.result()))
    g.result()
    ex.shutdown(wait=True)
    print(seen)
    try:
        ex.submit(work, 1)
    except RuntimeError as e:
        print("RuntimeError:", e)
