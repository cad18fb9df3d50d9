# Lecture §5 — stack vs heap.
#
# Two threads append to one list. What to look at: `local_count` exists
# once per thread, in each thread's own frame (stacks panel), while
# `global_list` is a single heap object both threads mutate (heap panel:
# 200,000 appends, each "written by" A's or B's thread).
#
# Tour:
#   thread 1 line 20 | Stacks | Thread A's frame holds its own `local_count` and `tag`: frames live on each thread's stack.
#   thread 2 line 20 | Stacks | Thread B has a `local_count` of its own in its own frame.
#   thread 2 line 19 | Heap | `global_list` is one object on the heap that both threads append to.
#   end | Output | 200000 items in total: appends are single calls, so none is lost even without a lock.
import threading
global_list = []

def push_many(tag):
    local_count = 0                  # <- lives in each thread's own stack frame (local)
    for _ in range(100_000):
        global_list.append((tag, local_count))  # <- mutates the process heap (shared object)
        local_count += 1
    print(f"[{tag}] pushed {local_count}")

t1 = threading.Thread(target=push_many, args=("A",))
t2 = threading.Thread(target=push_many, args=("B",))
t1.start(); t2.start()
t1.join(); t2.join()
