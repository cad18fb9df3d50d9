# A classic: two threads take two locks in opposite orders (ABBA).
#
# Each thread sleeps while holding its first lock, so the other one takes
# its own first lock; then both wait forever. Interleave stops with exit
# status 3 and reports every blocked thread, the lock it waits for, who
# holds it, and the wait-for cycle.
#
# Tour:
#   thread 1 line 20 | Stacks | `first` holds lock `a` and sleeps.
#   thread 2 line 26 | Stacks | Meanwhile `second` holds lock `b` and sleeps too.
#   end | Insights | Each now waits for the lock the other holds: the deadlock report names the cycle.
import threading
import time

a = threading.Lock()
b = threading.Lock()

def first():
    with a:
        time.sleep(0.01)
        with b:
            print("first has both")

def second():
    with b:
        time.sleep(0.01)
        with a:
            print("second has both")

x = threading.Thread(target=first, name="first")
y = threading.Thread(target=second, name="second")
x.start()
y.start()
x.join()
y.join()
print("no deadlock")
