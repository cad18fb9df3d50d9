# threading.RLock() is the C `_thread.RLock`: type, repr, reentrancy,
# Condition.wait through _release_save/_acquire_restore, timeouts, errors.
import threading, _thread
r = threading.RLock()
print(type(r), type(r).__module__)
print(repr(r).split(' at ')[0].replace(str(threading.get_ident()), 'ME'))
with r:
    with r:
        print(r._is_owned(), r._recursion_count(), repr(r).split(' at ')[0].replace(str(threading.get_ident()), 'ME'))
print(r._is_owned(), r.acquire(False), r.acquire(blocking=False))
r.release(); r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError", e)
c = threading.Condition()
out = []
def waiter():
    with c:
        with c:
            c.wait()
            out.append(c._lock._recursion_count())
t = threading.Thread(target=waiter)
t.start()
import time
while not c._waiters:
    time.sleep(0.001)
with c:
    c.notify()
t.join()
print(out)
def other():
    print("other acquire:", r.acquire(timeout=0.01))
r.acquire()
t = threading.Thread(target=other); t.start(); t.join()
r.release()
try:
    _thread.RLock().release()
except RuntimeError as e:
    print("RuntimeError", e)
s = r._release_save() if r.acquire() else None
print(s[0], s[1] == threading.get_ident(), r._is_owned())
r._acquire_restore(s)
print(r._recursion_count())
