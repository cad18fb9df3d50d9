"""Tests for the Interleave prelude (threading.py, queue.py) on real CPython.

Run:  python3 tracer-core/vm/prelude/test_prelude.py      (CPython 3.11)

The two prelude files are loaded as the modules `threading` and `queue`
(registered in sys.modules, so `import threading` inside queue.py gets the
prelude's) and exercised with real OS threads.  Behaviour that can be
compared with the standard library (names, reprs, messages, excepthook
output, PriorityQueue order) is compared with it.  Interpreter-exit
behaviour (threading._shutdown) is checked in child processes.  Prints
"ALL OK" at the end; any failure raises.
"""

# Standard-library modules the tests need are imported before the prelude
# replaces sys.modules['threading'], so they keep the real one.
import sys
import os
import io
import re
import random
import subprocess
import time
import _thread
import importlib.util
import threading as std_threading
import queue as std_queue

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


threading = load("threading")
queue = load("queue")
assert threading is not std_threading
assert queue.threading is threading, "queue.py must use the prelude's threading"

# The same loader, for child processes.
import harness
from harness import TESTS, raises, test, wait_until

LOADER = f"""
import sys, importlib.util
def _load(name):
    spec = importlib.util.spec_from_file_location(name, {HERE!r} + "/" + name + ".py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod
_load("threading")
_load("queue")
"""

def norm(text):
    """Replace addresses and thread idents/numbers so reprs can be compared."""
    text = re.sub(r"0x[0-9a-f]+", "0xADDR", text)
    text = re.sub(r"Thread-\d+", "Thread-N", text)
    text = re.sub(r"Dummy-\d+", "Dummy-N", text)
    text = re.sub(r" \d{4,}\)", " IDENT)", text)
    return text


def run_child(body, use_prelude=True, timeout=30):
    return harness.run_child(LOADER, body, use_prelude, timeout)


# --------------------------------------------------------------------------
# The lecture listing s8: race vs lock.

@test
def s8_counter_with_lock():
    N = 100_000
    state = {"count": 0}
    lock = threading.Lock()

    def race():
        for _ in range(N):
            state["count"] += 1

    def safe():
        for _ in range(N):
            with lock:
                state["count"] += 1

    ts = [threading.Thread(target=race) for _ in range(4)]
    [t.start() for t in ts]; [t.join() for t in ts]
    assert 0 < state["count"] <= 4 * N

    state["count"] = 0
    ts = [threading.Thread(target=safe) for _ in range(4)]
    [t.start() for t in ts]; [t.join() for t in ts]
    assert state["count"] == 400_000, state["count"]
    assert not any(t.is_alive() for t in ts)


@test
def s4_shared_dict_and_list():
    shared = {"count": 0}
    out = []

    def worker(n):
        for _ in range(1000):
            shared["count"] += 1
        out.append(n)

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    assert sorted(out) == [0, 1, 2, 3]


# --------------------------------------------------------------------------
# Thread objects.

def worker():
    pass


class Holder:
    def method(self):
        pass


@test
def thread_names_match_cpython():
    def names(mod):
        import functools
        ts = [mod.Thread(target=worker), mod.Thread(target=worker), mod.Thread(),
              mod.Thread(target=lambda: None), mod.Thread(target=Holder().method),
              mod.Thread(target=functools.partial(worker)),
              mod.Thread(name="custom"), mod.Thread(name=5), mod.Thread(name="")]
        return [t.name for t in ts]
    ours, real = names(threading), names(std_threading)
    assert [norm(n) for n in ours] == [norm(n) for n in real], (ours, real)
    assert [norm(n) for n in ours] == [
        "Thread-N (worker)", "Thread-N (worker)", "Thread-N", "Thread-N (<lambda>)",
        "Thread-N (method)", "Thread-N", "custom", "5", "Thread-N"]
    # consecutive numbers, as CPython's counter gives
    nums = [int(re.match(r"Thread-(\d+)", n).group(1)) for n in ours if n.startswith("Thread-")]
    assert nums == list(range(nums[0], nums[0] + len(nums))), nums

    t = threading.Thread(target=worker)
    t.name = 42
    assert t.name == "42" and t.getName() == "42"
    t.setName("x")
    assert t.name == "x"

    timer = threading.Timer(1, worker)
    assert re.fullmatch(r"Thread-\d+", timer.name), timer.name


@test
def thread_repr_matches_cpython():
    def lifecycle(mod):
        out = []
        ev = mod.Event()

        def body():
            ev.wait()

        t = mod.Thread(target=body)
        out.append(repr(t))
        t.start()
        out.append(repr(t))
        assert f" {t.ident})>" in repr(t)
        ev.set()
        t.join()
        out.append(repr(t))
        d = mod.Thread(target=body, daemon=True)
        out.append(repr(d))
        d.start()
        d.join()
        out.append(repr(d))

        class MyThread(mod.Thread):
            pass
        out.append(repr(MyThread(name="mine")))
        out.append(repr(mod.main_thread()))
        return out

    ours, real = lifecycle(threading), lifecycle(std_threading)
    assert [norm(r) for r in ours] == [norm(r) for r in real], (ours, real)
    assert norm(ours[1]) == "<Thread(Thread-N (body), started IDENT)>", ours[1]
    assert norm(ours[2]) == "<Thread(Thread-N (body), stopped IDENT)>", ours[2]
    assert re.fullmatch(r"<Thread\(Thread-\d+ \(body\), started \d+\)>", ours[1])


@test
def thread_start_join_errors():
    t = threading.Thread(target=worker)
    raises(RuntimeError, "cannot join thread before it is started", t.join)
    t.start()
    raises(RuntimeError, "threads can only be started once", t.start)
    t.join()
    t.join()          # a thread can be joined many times
    raises(RuntimeError, "cannot join current thread", threading.main_thread().join)
    raises(RuntimeError, "cannot join current thread", threading.current_thread().join)
    errors = []

    def self_join():
        try:
            threading.current_thread().join()
        except RuntimeError as e:
            errors.append(str(e))

    t = threading.Thread(target=self_join)
    t.start()
    t.join()
    assert errors == ["cannot join current thread"]
    raises(AssertionError, "group argument must be None for now",
           threading.Thread, group=1)
    raises(TypeError, None, threading.Thread, None, worker, "n", (), {}, True)


@test
def thread_subclass_run_and_args():
    got = []

    class T(threading.Thread):
        def __init__(self, x):
            super().__init__()
            self.x = x

        def run(self):
            got.append(self.x)

    t = T(7)
    t.start()
    t.join()
    t2 = threading.Thread(target=lambda a, b=0: got.append((a, b)), args=(1,), kwargs={"b": 2})
    t2.start()
    t2.join()
    assert got == [7, (1, 2)]
    # run() drops the target, as CPython does
    assert not hasattr(t2, "_target")


@test
def join_timeout():
    ev = threading.Event()
    t = threading.Thread(target=ev.wait)
    t.start()
    t0 = time.monotonic()
    t.join(0.1)
    elapsed = time.monotonic() - t0
    assert 0.09 <= elapsed < 2, elapsed
    assert t.is_alive()
    t.join(-5)          # negative timeout acts as 0
    t.join(0)
    assert t.is_alive()
    ev.set()
    t.join(5)
    assert not t.is_alive()
    assert t._is_stopped and t._tstate_lock is None


@test
def daemon_flag_inheritance():
    assert threading.main_thread().daemon is False
    assert threading.Thread().daemon is False
    assert threading.Thread(daemon=True).daemon is True
    seen = {}

    def child_maker(tag):
        seen[tag] = threading.Thread().daemon
        seen[tag + "-explicit"] = threading.Thread(daemon=False).daemon

    d = threading.Thread(target=child_maker, args=("d",), daemon=True)
    n = threading.Thread(target=child_maker, args=("n",))
    d.start(); n.start(); d.join(); n.join()
    assert seen == {"d": True, "d-explicit": False, "n": False, "n-explicit": False}, seen
    t = threading.Thread()
    t.daemon = True
    assert t.isDaemon()
    t.setDaemon(False)
    assert not t.daemon
    t.start()
    t.join()
    raises(RuntimeError, "cannot set daemon status of active thread", setattr, t, "daemon", True)


@test
def current_main_enumerate_active_count():
    main = threading.main_thread()
    assert threading.current_thread() is main
    assert threading.currentThread() is main
    assert main.name == "MainThread"
    assert main.ident == threading.get_ident() == _thread.get_ident()
    assert isinstance(main, threading._MainThread)
    assert main.is_alive()
    base = threading.active_count()
    assert base == len(threading.enumerate()) == threading.activeCount()
    assert main in threading.enumerate()
    ev = threading.Event()
    seen = []

    def body():
        me = threading.current_thread()
        seen.append((me, threading.get_ident(), me.ident, me.native_id,
                     threading.get_native_id()))
        ev.wait()

    ts = [threading.Thread(target=body) for _ in range(3)]
    for t in ts:
        t.start()
    wait_until(lambda: len(seen) == 3)
    assert threading.active_count() == base + 3
    assert all(t in threading.enumerate() for t in ts)
    for me, ident, me_ident, nid, gnid in seen:
        assert me in ts and ident == me_ident and nid == gnid
        assert me.ident is not None and me.native_id is not None
    ev.set()
    for t in ts:
        t.join()
    assert threading.active_count() == base
    assert not any(t in threading.enumerate() for t in ts)
    assert threading.Thread().ident is None
    assert threading.Thread().native_id is None
    assert threading.get_ident is _thread.get_ident
    assert threading.ThreadError is RuntimeError
    assert threading.TIMEOUT_MAX == _thread.TIMEOUT_MAX
    assert threading.stack_size() == 0
    raises(ValueError, "size not valid: 100 bytes", threading.stack_size, 100)


@test
def dummy_thread_for_foreign_threads():
    got = []
    done = _thread.allocate_lock()
    done.acquire()

    def body():
        me = threading.current_thread()
        got.append((me, me is threading.current_thread(), me.ident == threading.get_ident()))
        done.release()

    _thread.start_new_thread(body, ())
    done.acquire()
    me, same, ident_ok = got[0]
    assert isinstance(me, threading._DummyThread) and same and ident_ok
    assert re.fullmatch(r"Dummy-\d+", me.name) and me.daemon and me.is_alive()
    assert re.fullmatch(r"<_DummyThread\(Dummy-\d+, started daemon \d+\)>", repr(me)), repr(me)
    # (CPython never removes dummies from _active; clean up for later tests)
    del threading._active[me.ident]


# --------------------------------------------------------------------------
# Locks.

@test
def lock_basics():
    assert threading.Lock is _thread.allocate_lock
    lock = threading.Lock()
    assert lock.acquire() is True and lock.locked()
    assert lock.acquire(False) is False
    assert lock.acquire(timeout=0.01) is False
    lock.release()
    raises(RuntimeError, "release unlocked lock", lock.release)
    with lock:
        assert lock.locked()
    assert not lock.locked()


@test
def rlock_reentrancy():
    # threading.RLock() is the C lock, as in CPython; the Python one stays.
    assert type(threading.RLock()) is _thread.RLock
    r = threading._PyRLock()
    assert isinstance(r, threading._RLock) and threading._PyRLock is threading._RLock
    assert norm(repr(r)) == "<unlocked threading._RLock object owner=None count=0 at 0xADDR>", repr(r)
    assert r.acquire() is True
    assert r.acquire() == 1 and r.acquire() == 1
    assert r._recursion_count() == 3 and r._is_owned()
    assert norm(repr(r)) == "<locked threading._RLock object owner='MainThread' count=3 at 0xADDR>", repr(r)
    # compare with CPython's own pure-Python RLock
    s = std_threading._PyRLock()
    s.acquire(); s.acquire(); s.acquire()
    assert norm(repr(s)) == norm(repr(r))
    s.release(); s.release(); s.release()

    other = []

    def contender():
        other.append(r.acquire(False))
        other.append(r.acquire(timeout=0.02))
        other.append(r._is_owned())
        other.append(r._recursion_count())
        try:
            r.release()
        except RuntimeError as e:
            other.append(str(e))

    t = threading.Thread(target=contender)
    t.start(); t.join()
    assert other == [False, False, False, 0, "cannot release un-acquired lock"], other
    r.release(); r.release()
    assert r._recursion_count() == 1
    r.release()
    assert not r._block.locked() and r._owner is None
    raises(RuntimeError, "cannot release un-acquired lock", r.release)
    raises(RuntimeError, "cannot release un-acquired lock", r._release_save)
    with r:
        with r:
            assert r._count == 2
    assert r._count == 0

    got = []

    def later():
        got.append(r.acquire(timeout=5))
        r.release()

    r.acquire()
    t = threading.Thread(target=later)
    t.start()
    time.sleep(0.02)
    r.release()
    t.join()
    assert got == [True]


# --------------------------------------------------------------------------
# Condition.

@test
def condition_wait_notify():
    cond = threading.Condition()
    assert isinstance(cond._lock, _thread.RLock)
    items = []
    woke = []

    def waiter(i):
        with cond:
            while not items:
                cond.wait()
            woke.append(i)

    ts = [threading.Thread(target=waiter, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    wait_until(lambda: len(cond._waiters) == 4)
    with cond:
        items.append(1)
        cond.notify(2)
        assert len(cond._waiters) == 2
    wait_until(lambda: len(woke) == 2)
    time.sleep(0.05)
    assert len(woke) == 2, woke
    with cond:
        cond.notify_all()
    for t in ts:
        t.join()
    assert sorted(woke) == [0, 1, 2, 3]
    with cond:
        cond.notify()        # no waiters: no-op
        cond.notifyAll()


@test
def condition_timeouts_and_errors():
    for cond in (threading.Condition(), threading.Condition(threading.Lock())):
        raises(RuntimeError, "cannot wait on un-acquired lock", cond.wait)
        raises(RuntimeError, "cannot notify on un-acquired lock", cond.notify)
        raises(RuntimeError, "cannot notify on un-acquired lock", cond.notify_all)
        with cond:
            t0 = time.monotonic()
            assert cond.wait(0.05) is False
            assert time.monotonic() - t0 >= 0.04
            assert cond.wait(0) is False and cond.wait(-1) is False
            assert cond.wait_for(lambda: False, 0.03) is False
            assert cond.wait_for(lambda: 42, 0.03) == 42
            assert not cond._waiters
        assert repr(cond).startswith("<Condition(") and repr(cond).endswith(", 0)>")

    cond = threading.Condition(threading.Lock())
    state = {"v": 0}

    def bump():
        for _ in range(5):
            time.sleep(0.005)
            with cond:
                state["v"] += 1
                cond.notify_all()

    t = threading.Thread(target=bump)
    t.start()
    with cond:
        assert cond.wait_for(lambda: state["v"] >= 5, timeout=10) is True
    t.join()


@test
def condition_with_rlock_restores_recursion():
    for make in (threading.RLock, threading._PyRLock):
        r = make()
        cond = threading.Condition(r)
        seen = []

        def other():
            with cond:             # possible only if wait() fully released r
                seen.append(r._recursion_count())
                cond.notify()

        with cond:
            with cond:
                t = threading.Thread(target=other)
                t.start()
                assert cond.wait(10) is True
                assert r._recursion_count() == 2 and r._is_owned()
        t.join()
        assert seen == [1]
        assert r._recursion_count() == 0


# --------------------------------------------------------------------------
# Semaphores.

@test
def semaphore_bounds():
    sem = threading.Semaphore(3)
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def body():
        with sem:
            with lock:
                state["now"] += 1
                state["max"] = max(state["max"], state["now"])
            time.sleep(0.02)
            with lock:
                state["now"] -= 1

    ts = [threading.Thread(target=body) for _ in range(10)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert state["max"] == 3, state
    assert sem._value == 3

    s = threading.Semaphore(0)
    assert s.acquire(False) is False
    t0 = time.monotonic()
    assert s.acquire(timeout=0.05) is False
    assert time.monotonic() - t0 >= 0.04
    raises(ValueError, "can't specify timeout for non-blocking acquire", s.acquire, False, 1)
    raises(ValueError, "semaphore initial value must be >= 0", threading.Semaphore, -1)
    raises(ValueError, "n must be one or more", s.release, 0)
    got = []
    ts = [threading.Thread(target=lambda: got.append(s.acquire())) for _ in range(3)]
    for t in ts:
        t.start()
    wait_until(lambda: len(s._cond._waiters) == 3)
    s.release(2)
    wait_until(lambda: len(got) == 2)
    s.release()
    for t in ts:
        t.join()
    assert got == [True, True, True] and s._value == 0
    assert norm(repr(s)) == norm(repr(std_threading.Semaphore(0))), repr(s)
    assert norm(repr(s)) == "<threading.Semaphore at 0xADDR: value=0>"


@test
def bounded_semaphore():
    b = threading.BoundedSemaphore(2)
    assert isinstance(b, threading.Semaphore)
    raises(ValueError, "Semaphore released too many times", b.release)
    b.acquire()
    b.acquire()
    assert norm(repr(b)) == "<threading.BoundedSemaphore at 0xADDR: value=0/2>"
    raises(ValueError, "Semaphore released too many times", b.release, 3)
    b.release(2)
    raises(ValueError, "Semaphore released too many times", b.release)
    assert b._value == 2
    std_b = std_threading.BoundedSemaphore(2)
    assert norm(repr(b)) == norm(repr(std_b))


# --------------------------------------------------------------------------
# Event.

@test
def event():
    ev = threading.Event()
    assert not ev.is_set() and not ev.isSet()
    assert norm(repr(ev)) == "<threading.Event at 0xADDR: unset>" == norm(repr(std_threading.Event()))
    t0 = time.monotonic()
    assert ev.wait(0.05) is False
    assert time.monotonic() - t0 >= 0.04
    results = []
    ts = [threading.Thread(target=lambda: results.append(ev.wait(10))) for _ in range(3)]
    for t in ts:
        t.start()
    time.sleep(0.02)
    ev.set()
    for t in ts:
        t.join()
    assert results == [True, True, True]
    assert ev.is_set() and ev.wait() is True and ev.wait(0) is True
    assert norm(repr(ev)) == "<threading.Event at 0xADDR: set>"
    ev.clear()
    assert not ev.is_set() and ev.wait(0.01) is False


# --------------------------------------------------------------------------
# Barrier.

@test
def barrier_three_threads():
    actions = []
    b = threading.Barrier(3, action=lambda: actions.append(1))
    assert b.parties == 3 and b.n_waiting == 0 and not b.broken
    assert norm(repr(b)) == "<threading.Barrier at 0xADDR: waiters=0/3>"
    assert norm(repr(b)) == norm(repr(std_threading.Barrier(3)))
    rounds = []
    lock = threading.Lock()

    def body():
        for rnd in range(3):
            i = b.wait()
            with lock:
                rounds.append((rnd, i))

    ts = [threading.Thread(target=body) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(actions) == 3
    for rnd in range(3):
        assert sorted(i for r, i in rounds if r == rnd) == [0, 1, 2], rounds
    assert b.n_waiting == 0 and not b.broken


@test
def barrier_abort_reset_timeout():
    assert issubclass(threading.BrokenBarrierError, RuntimeError)
    b = threading.Barrier(3)
    errors = []

    def body():
        try:
            b.wait()
        except threading.BrokenBarrierError:
            errors.append("broken")

    ts = [threading.Thread(target=body) for _ in range(2)]
    for t in ts:
        t.start()
    wait_until(lambda: b.n_waiting == 2)
    b.abort()
    for t in ts:
        t.join()
    assert errors == ["broken", "broken"] and b.broken
    assert norm(repr(b)) == "<threading.Barrier at 0xADDR: broken>"
    raises(threading.BrokenBarrierError, "", b.wait)
    b.reset()
    assert not b.broken

    # reset() while threads wait: they get BrokenBarrierError, barrier usable
    errors.clear()
    ts = [threading.Thread(target=body) for _ in range(2)]
    for t in ts:
        t.start()
    wait_until(lambda: b.n_waiting == 2)
    b.reset()
    for t in ts:
        t.join()
    assert errors == ["broken", "broken"] and not b.broken
    ts = [threading.Thread(target=body) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == ["broken", "broken"]

    # timeout breaks the barrier
    b2 = threading.Barrier(2, timeout=0.05)
    raises(threading.BrokenBarrierError, "", b2.wait)
    assert b2.broken
    b3 = threading.Barrier(2)
    raises(threading.BrokenBarrierError, "", b3.wait, 0.02)

    # an exception in the action breaks it and propagates
    def bad_action():
        raise KeyError("act")
    b4 = threading.Barrier(1, action=bad_action)
    raises(KeyError, "'act'", b4.wait)
    assert b4.broken


# --------------------------------------------------------------------------
# Timer.

@test
def timer():
    got = []
    t = threading.Timer(0.05, lambda *a, **k: got.append((a, k)), args=[1], kwargs={"x": 2})
    t0 = time.monotonic()
    t.start()
    t.join()
    assert got == [((1,), {"x": 2})] and time.monotonic() - t0 >= 0.04
    t = threading.Timer(10, lambda: got.append("no"))
    t.start()
    t.cancel()
    t.join(5)
    assert not t.is_alive() and got == [((1,), {"x": 2})]


# --------------------------------------------------------------------------
# Thread-local data.

@test
def local_isolation():
    data = threading.local()
    data.x = "main"
    results = {}
    errors = []

    def body(i):
        try:
            data.x
        except AttributeError as e:
            errors.append(str(e))
        data.x = i
        time.sleep(0.01)
        results[i] = data.x
        del data.x
        try:
            del data.x
        except AttributeError as e:
            errors.append(str(e))

    ts = [threading.Thread(target=body, args=(i,)) for i in range(5)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert results == {i: i for i in range(5)}
    assert data.x == "main"
    assert errors == ["'_thread._local' object has no attribute 'x'"] * 10, errors
    # many sequential threads (CPython reuses idents): always a fresh dict
    for i in range(30):
        t = threading.Thread(target=lambda: results.__setitem__("fresh", hasattr(data, "x")))
        t.start()
        t.join()
        assert results["fresh"] is False
    raises(TypeError, "Initialization arguments are not supported", threading.local, 1)
    raises(AttributeError, "'_thread._local' object attribute '__dict__' is read-only",
           setattr, data, "__dict__", {})
    assert norm(repr(data)) == "<_thread._local object at 0xADDR>"
    assert norm(repr(data)) == norm(repr(std_threading.local()))


@test
def local_subclass():
    inits = []

    class MyLocal(threading.local):
        def __init__(self, start):
            inits.append(threading.current_thread().name)
            self.count = start

        def bump(self):
            self.count += 1
            return self.count

        @property
        def doubled(self):
            return self._v * 2

        @doubled.setter
        def doubled(self, v):
            self._v = v

    loc = MyLocal(10)
    assert loc.bump() == 11
    out = {}

    def body(i):
        out[i] = (loc.count, loc.bump(), loc.bump())
        loc.doubled = i
        out[i] += (loc.doubled,)

    ts = [threading.Thread(target=body, args=(i,), name=f"L{i}") for i in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert out == {i: (10, 11, 12, 2 * i) for i in range(3)}, out
    assert loc.count == 11
    assert inits[0] == "MainThread" and sorted(inits[1:]) == ["L0", "L1", "L2"]
    raises(AttributeError, "'MyLocal' object has no attribute 'nope'", getattr, loc, "nope")
    raises(TypeError, "Initialization arguments are not supported",
           type("Plain", (threading.local,), {}), 1)


# --------------------------------------------------------------------------
# Queues.

@test
def queue_producer_consumer():
    q = queue.Queue(maxsize=10)
    consumed = []
    lock = threading.Lock()

    def producer(p):
        for i in range(200):
            q.put((p, i))

    def consumer():
        while True:
            item = q.get()
            if item is None:
                q.task_done()
                return
            with lock:
                consumed.append(item)
            q.task_done()

    cs = [threading.Thread(target=consumer) for _ in range(4)]
    ps = [threading.Thread(target=producer, args=(p,)) for p in range(3)]
    for t in cs + ps:
        t.start()
    for t in ps:
        t.join()
    q.join()
    assert sorted(consumed) == [(p, i) for p in range(3) for i in range(200)]
    assert q.unfinished_tasks == 0
    for _ in cs:
        q.put(None)
    for t in cs:
        t.join()
    q.join()
    assert q.empty() and q.qsize() == 0
    raises(ValueError, "task_done() called too many times", q.task_done)


@test
def queue_blocking_and_timeouts():
    q = queue.Queue(2)
    assert q.empty() and not q.full() and q.maxsize == 2
    q.put_nowait(1)
    q.put(2, block=False)
    assert q.full() and q.qsize() == 2
    raises(queue.Full, "", q.put_nowait, 3)
    raises(queue.Full, "", q.put, 3, False)
    t0 = time.monotonic()
    raises(queue.Full, "", q.put, 3, True, 0.05)
    assert time.monotonic() - t0 >= 0.04
    raises(ValueError, "'timeout' must be a non-negative number", q.put, 3, True, -1)
    assert q.get() == 1 and q.get_nowait() == 2
    raises(queue.Empty, "", q.get_nowait)
    raises(queue.Empty, "", q.get, False)
    t0 = time.monotonic()
    raises(queue.Empty, "", q.get, timeout=0.05)
    assert time.monotonic() - t0 >= 0.04
    raises(ValueError, "'timeout' must be a non-negative number", q.get, True, -1)
    # a blocked put resumes when a get makes room
    q.put(1); q.put(2)
    done = []
    t = threading.Thread(target=lambda: (q.put(3), done.append(True)))
    t.start()
    time.sleep(0.02)
    assert not done
    assert q.get() == 1
    t.join()
    assert done == [True] and [q.get(), q.get()] == [2, 3]
    # a blocked get with timeout is woken by a put
    got = []
    t = threading.Thread(target=lambda: got.append(q.get(timeout=10)))
    t.start()
    time.sleep(0.02)
    q.put("x")
    t.join()
    assert got == ["x"]
    unbounded = queue.Queue()
    for i in range(100):
        unbounded.put_nowait(i)
    assert not unbounded.full() and [unbounded.get() for _ in range(100)] == list(range(100))
    assert issubclass(queue.Empty, Exception) and issubclass(queue.Full, Exception)
    assert queue.__all__ == std_queue.__all__


@test
def lifo_and_priority_queues():
    lq = queue.LifoQueue()
    for i in range(5):
        lq.put(i)
    assert [lq.get() for _ in range(5)] == [4, 3, 2, 1, 0]
    rng = random.Random(1234)
    for trial in range(50):
        items = [(rng.randint(0, 5), rng.randint(0, 3)) for _ in range(rng.randint(0, 40))]
        ours, real = queue.PriorityQueue(), std_queue.PriorityQueue()
        for it in items:
            ours.put(it)
            real.put(it)
            assert ours.queue == real.queue      # identical heap layout
        out_ours = [ours.get() for _ in items]
        out_real = [real.get() for _ in items]
        assert out_ours == out_real == sorted(items)
    pq = queue.PriorityQueue()
    pq.put((2, "b")); pq.put((1, "a")); pq.put((3, "c"))
    assert pq.get_nowait() == (1, "a") and pq.qsize() == 2


@test
def simple_queue():
    sq = queue.SimpleQueue()
    assert queue.SimpleQueue is queue._PySimpleQueue
    assert sq.empty() and sq.qsize() == 0
    raises(queue.Empty, "", sq.get_nowait)
    raises(queue.Empty, "", sq.get, timeout=0.02)
    raises(ValueError, "'timeout' must be a non-negative number", sq.get, True, -1)
    sq.put(1); sq.put_nowait(2)
    assert sq.qsize() == 2 and sq.get() == 1 and sq.get_nowait() == 2
    got = []

    def consumer():
        for _ in range(100):
            got.append(sq.get())

    t = threading.Thread(target=consumer)
    t.start()
    for i in range(100):
        sq.put(i)
    t.join()
    assert got == list(range(100))


# --------------------------------------------------------------------------
# Hooks.

@test
def trace_and_profile_hooks():
    assert threading.gettrace() is None and threading.getprofile() is None
    events = []
    lock = threading.Lock()

    def tracer(frame, event, arg):
        if frame.f_code.co_name == "traced_target":
            with lock:
                events.append(("trace", event))
        return tracer

    def profiler(frame, event, arg):
        if frame.f_code.co_name == "traced_target":
            with lock:
                events.append(("profile", event))

    def traced_target():
        return 1

    threading.settrace(tracer)
    threading.setprofile(profiler)
    try:
        assert threading.gettrace() is tracer and threading._trace_hook is tracer
        assert threading.getprofile() is profiler and threading._profile_hook is profiler
        t = threading.Thread(target=traced_target)
        t.start()
        t.join()
    finally:
        threading.settrace(None)
        threading.setprofile(None)
    assert ("trace", "call") in events and ("trace", "return") in events, events
    assert ("profile", "call") in events and ("profile", "return") in events, events
    assert sys.gettrace() is None   # the main thread is not traced


@test
def excepthook_args_and_custom_hook():
    got = []

    def hook(args):
        got.append((args.exc_type, str(args.exc_value), args.exc_traceback is not None,
                    args.thread.name, len(args), list(args)[0]))

    def bad():
        raise ValueError("boom")

    threading.excepthook = hook
    try:
        t = threading.Thread(target=bad, name="bad-thread")
        t.start()
        t.join()
    finally:
        threading.excepthook = threading.__excepthook__
    assert got == [(ValueError, "boom", True, "bad-thread", 4, ValueError)], got
    assert not t.is_alive()
    a = threading.ExceptHookArgs([ValueError, ValueError("v"), None, None])
    assert (a.exc_type, a.exc_traceback, a.thread) == (ValueError, None, None)
    assert repr(a).startswith("ExceptHookArgs(exc_type=<class 'ValueError'>, exc_value=ValueError('v')")


def capture_stderr(fn):
    old = sys.stderr
    sys.stderr = buf = io.StringIO()
    try:
        fn()
    finally:
        sys.stderr = old
    return buf.getvalue()


def run_failing(target, name=None):
    t = threading.Thread(target=target, name=name)
    t.start()
    t.join()
    return t


@test
def excepthook_default_output():
    def bad():
        raise ValueError("boom")

    out = capture_stderr(lambda: run_failing(bad))
    lines = out.splitlines()
    assert re.fullmatch(r"Exception in thread Thread-\d+ \(bad\):", lines[0]), out
    assert lines[1] == "Traceback (most recent call last):", out
    assert lines[-1] == "ValueError: boom", out
    frames = re.findall(r'File ".*", line \d+, in (\w+)', out)
    assert frames == ["_bootstrap_inner", "run", "bad"], frames
    assert "    self.run()" in lines and "    self._target(*self._args, **self._kwargs)" in lines

    # SystemExit is silently ignored
    def leave():
        raise SystemExit(3)
    assert capture_stderr(lambda: run_failing(leave)) == ""

    # a hook that fails is reported
    def broken_hook(args):
        raise KeyError("hook")
    threading.excepthook = broken_hook
    try:
        out = capture_stderr(lambda: run_failing(bad))
    finally:
        threading.excepthook = threading.__excepthook__
    assert out.startswith("Exception in threading.excepthook:\nTraceback (most recent call last):\n"), out
    assert out.endswith("KeyError: 'hook'\n") and "During handling" not in out, out

    # the fallback used when the VM has no sys.__excepthook__
    class MyErr(Exception):
        pass

    def bad2():
        raise MyErr

    saved = threading._sys_excepthook
    threading._sys_excepthook = None
    try:
        out = capture_stderr(lambda: run_failing(bad, "T1"))
        out2 = capture_stderr(lambda: run_failing(bad2, "T2"))
        out3 = capture_stderr(lambda: run_failing(lambda: {}["k"], "T3"))
        out4 = capture_stderr(lambda: run_failing(lambda: threading.foo(), "T4"))
    finally:
        threading._sys_excepthook = saved
    assert out == "Exception in thread T1:\nValueError: boom\n", out
    # (CPython prints the exception's __qualname__)
    assert out2 == "Exception in thread T2:\nexcepthook_default_output.<locals>.MyErr\n", out2
    assert out3 == "Exception in thread T3:\nKeyError: 'k'\n", out3
    assert out4 == "Exception in thread T4:\nAttributeError: module 'threading' has no attribute 'foo'\n", out4


@test
def excepthook_output_matches_cpython():
    body = """
import threading
def bad():
    raise ValueError("boom")
t = threading.Thread(target=bad)
t.start(); t.join()
print("still running", t.is_alive())
"""
    rc1, out1, err1 = run_child(body, use_prelude=True)
    rc2, out2, err2 = run_child(body, use_prelude=False)
    assert rc1 == rc2 == 0 and out1 == out2 == "still running False\n", (rc1, out1, rc2, out2)

    def shape(err):
        err = re.sub(r'File ".*", line \d+', 'File "F", line L', err)
        return norm(err)
    assert shape(err1) == shape(err2), (err1, err2)


# --------------------------------------------------------------------------
# Interpreter exit: threading._shutdown().

@test
def shutdown_at_exit_joins_non_daemon_threads():
    body = """
import threading, time
def slow():
    time.sleep(0.3)
    print("worker done", flush=True)
def spawner():
    time.sleep(0.1)
    threading.Thread(target=slow).start()    # spawned while _shutdown waits
    print("spawner done", flush=True)
def forever():
    while True:
        time.sleep(0.05)
def main_joiner():
    threading.main_thread().join()
    print("main joined", flush=True)
threading.Thread(target=spawner).start()
threading.Thread(target=forever, daemon=True).start()
threading.Thread(target=main_joiner).start()
threading._register_atexit(print, "atexit hook", flush=True)
print("main end", flush=True)
"""
    rc, out, err = run_child(body)
    assert rc == 0 and err == "", (rc, out, err)
    lines = out.splitlines()
    assert lines[:2] == ["main end", "atexit hook"], out
    assert sorted(lines[2:]) == ["main joined", "spawner done", "worker done"], out
    assert lines[-1] == "worker done", out
    # the same program on CPython's own threading prints the same lines
    rc2, out2, err2 = run_child(body, use_prelude=False)
    assert rc2 == 0 and sorted(out2.splitlines()) == sorted(lines), out2


@test
def shutdown_called_explicitly():
    body = """
import threading, time
order = []
def slow():
    time.sleep(0.2)
    order.append("worker")
t = threading.Thread(target=slow)
t.start()
threading._shutdown()
order.append("after")
print(order, t.is_alive(), threading.main_thread().is_alive(),
      threading.main_thread()._is_stopped)
threading._shutdown()     # second call: no-op
try:
    threading._register_atexit(print)
except RuntimeError as e:
    print(e)
"""
    rc, out, err = run_child(body)
    assert rc == 0 and err == "", (rc, out, err)
    assert out == ("['worker', 'after'] False False True\n"
                   "can't register atexit after shutdown\n"), out


@test
def daemon_threads_do_not_block_exit():
    body = """
import threading, time
ev = threading.Event()
def stuck():
    ev.wait()
d = threading.Thread(target=stuck, daemon=True)
d.start()
print("bye", threading.active_count())
"""
    t0 = time.monotonic()
    rc, out, err = run_child(body)
    assert rc == 0 and out == "bye 2\n" and err == "", (rc, out, err)
    assert time.monotonic() - t0 < 10


@test
def all_names_exist():
    for name in threading.__all__:
        assert hasattr(threading, name), name
    assert set(std_threading.__all__) <= set(threading.__all__), \
        set(std_threading.__all__) - set(threading.__all__)
    for name in queue.__all__:
        assert hasattr(queue, name), name


def main():
    for fn in TESTS:
        t0 = time.monotonic()
        fn()
        print(f"ok  {fn.__name__}  ({time.monotonic() - t0:.2f}s)")
        # no test may leave threads behind
        wait_until(lambda: threading.active_count() == 1)
    print("ALL OK")


if __name__ == "__main__":
    main()
