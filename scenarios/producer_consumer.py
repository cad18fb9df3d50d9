# Producer/consumer over queue.Queue: blocking put/get, task_done and join.
#
# What to look at: the queue's internal Condition objects (not_empty,
# not_full) appear as lock lanes; consumers block on `get` when the queue
# is empty and producers on `put` when it is full (maxsize 2).
#
# Tour:
#   next-switch | Timeline | The producer and the consumers hand items over through `queue.Queue`: its lock and conditions make threads wait (red) and wake.
#   end | Output | Every item produced was consumed once; `join()` returned after the last `task_done()`.
import queue
import threading

q = queue.Queue(maxsize=2)
results = []

def producer(start):
    for i in range(start, start + 5):
        q.put(i)

def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        results.append(item * item)
        q.task_done()

producers = [threading.Thread(target=producer, args=(s,)) for s in (0, 100)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
for _ in consumers:
    q.put(None)
q.join()
for t in consumers:
    t.join()
print(sorted(results))
