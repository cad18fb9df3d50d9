def locked(lock, work):
    lock.acquire()
    try:
        return work()
    finally:
        lock.release()

def loop_finally(items):
    for x in items:
        try:
            if x:
                continue
        finally:
            print(x)
