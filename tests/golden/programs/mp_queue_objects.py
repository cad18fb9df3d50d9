import multiprocessing as mp

class Job:
    def __init__(self, name, items):
        self.name = name
        self.items = items

    def __repr__(self):
        return f"Job({self.name!r}, {self.items!r})"

def worker(inbox, outbox):
    while True:
        job = inbox.get()
        if job is None:
            break
        job.items.append(len(job.items))
        outbox.put((job.name, job, sum(job.items)))

if __name__ == "__main__":
    inbox, outbox = mp.Queue(), mp.Queue()
    p = mp.Process(target=worker, args=(inbox, outbox))
    p.start()
    shared = [1, 2]
    jobs = [Job("a", shared), Job("b", shared), Job("c", [])]
    for job in jobs:
        inbox.put(job)
    inbox.put(None)
    results = [outbox.get() for _ in jobs]
    p.join()
    for name, job, total in results:
        print(name, job, total)
    print("parent's jobs unchanged:", jobs)
    print(outbox.empty(), inbox.empty(), p.exitcode)
