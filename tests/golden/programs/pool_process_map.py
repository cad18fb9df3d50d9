from concurrent.futures import ProcessPoolExecutor

def square(x):
    return x * x

def describe(a, b):
    return f"{a}-{b}"

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=3) as ex:
        print(list(ex.map(square, range(10))))
        print(list(ex.map(square, range(10), chunksize=4)))
        print(list(ex.map(describe, "abc", [1, 2, 3])))
    print("done")
