# Class reprs, default object reprs, call errors and the last traceback
# line name classes by their module: __main__ here, the module for classes
# that the standard library defines in Python.
import queue
import threading


class Outer:
    class Inner:
        pass


def takes_nothing():
    pass


print(Outer, Outer.Inner, int, ValueError)
print(repr(Outer.Inner()).split(" object at ")[0])
print(type(queue.Queue()), threading.Event, queue.Empty)
print(repr(queue.Queue()).split(" object at ")[0])
print(Outer.Inner.__module__, queue.Queue.__module__, queue.Queue.__qualname__)
try:
    takes_nothing(**[1])
except TypeError as e:
    print(e)
try:
    queue.Queue().get_nowait()
except queue.Empty as e:
    print("caught", type(e).__name__, repr(e))
queue.Queue().get(block=False)
