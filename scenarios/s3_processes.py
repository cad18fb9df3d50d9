# Lecture §3 — processes.
#
# Each Process is a fork of the parent: its own pid, its own copy of every
# object, its own GIL. What to look at: the three children's lanes in the
# timeline sleeping side by side, so the whole run takes about one second
# of virtual time; and each child's `current_process().name`.
#
# Tour:
#   thread 1 line 17 | Stacks | A child process: a copy of the parent's thread, now running `work` with its own pid.
#   thread 3 line 18 | Timeline | The children sleep at the same time: time.sleep blocks only its own process.
#   end | Output | One parent line, three child lines with distinct pids; about 1 s in all.
from multiprocessing import Process, current_process
import os, time

def work(n):
    # the child's context: its own PID/name, and the argument n
    print(f"[child] pid={os.getpid()}, name={current_process().name}, arg={n}")
    time.sleep(1)

if __name__ == "__main__":
    print(f"[parent] pid={os.getpid()}, name={current_process().name}")

    ps = [Process(target=work, args=(i,), name=f"p{i}") for i in range(3)]
    for p in ps:
        p.start()    # actually start a new process (spawn/fork)
    for p in ps:
        p.join()     # the parent waits until the child ends (cleanup/sync)
