from concurrent.futures import ProcessPoolExecutor

class Custom(Exception):
    pass

def boom(x):
    raise Custom(f"failed on {x}")

def ok(x):
    return -x

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as ex:
        f = ex.submit(boom, 5)
        try:
            f.result()
        except Custom as e:
            print("caught", type(e).__name__, e.args)
        results = ex.map(ok, [1, 2, 3])
        print(list(results))
        try:
            list(ex.map(boom, [1, 2]))
        except Custom as e:
            print("map raised", e)
    try:
        ProcessPoolExecutor(max_workers=0)
    except ValueError as e:
        print("ValueError:", e)
