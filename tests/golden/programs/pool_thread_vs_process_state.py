from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

counter = {"n": 0}

def bump(_):
    counter["n"] += 1
    return counter["n"]

if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=2) as ex:
        list(ex.map(bump, range(5)))
    print("after threads:", counter["n"])
    with ProcessPoolExecutor(max_workers=2) as ex:
        seen = list(ex.map(bump, range(5)))
    print("after processes:", counter["n"], max(seen) <= 5 + 5)
