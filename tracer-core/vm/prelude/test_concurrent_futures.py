"""Tests for the Interleave prelude's concurrent_futures.py on real CPython.

Run:  python3 tracer-core/vm/prelude/test_concurrent_futures.py      (CPython 3.11)

The prelude's threading.py and queue.py are loaded first, as the modules
`threading` and `queue` (registered in sys.modules), then concurrent_futures.py
is loaded as the module `concurrent.futures`, so every `import threading` /
`import queue` inside it, and every `from concurrent.futures import ...` in
the lecture listings, gets the prelude's.  Everything runs on real OS threads.
Behaviour that can be compared with CPython's own concurrent.futures (names,
reprs, messages, logged errors) is compared with it; the standard module is
imported before the prelude replaces sys.modules['threading'], so it keeps the
real one.  Interpreter-exit behaviour (_python_exit through
threading._register_atexit) and the logging stand-in are checked in child
processes.  Prints "ALL OK" at the end; any failure raises.
"""

# Standard-library modules the tests need are imported before the prelude
# replaces sys.modules['threading'], so they keep the real one.
import sys
import os
import io
import re
import subprocess
import time
import contextlib
import importlib.util
import threading as std_threading
import queue as std_queue
import concurrent.futures as std_cf
import concurrent.futures.thread as std_cf_thread

HERE = os.path.dirname(os.path.abspath(__file__))
LISTINGS = os.path.join(HERE, "..", "..", "tests", "listings")


def load(name, filename):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, filename))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


threading = load("threading", "threading.py")
queue = load("queue", "queue.py")
_atexits_before = len(threading._threading_atexits)
cf = load("concurrent.futures", "concurrent_futures.py")
assert threading is not std_threading and queue is not std_queue
assert cf is not std_cf
assert cf.threading is threading and cf.queue is queue, \
    "concurrent_futures.py must use the prelude's threading and queue"
assert queue.threading is threading

# The same loader, for child processes (use_prelude=False: CPython's own).
import harness
from harness import TESTS, raises, test, wait_until

LOADER = f"""
import sys, importlib.util
def _load(name, filename):
    spec = importlib.util.spec_from_file_location(name, {HERE!r} + "/" + filename)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod
_load("threading", "threading.py")
_load("queue", "queue.py")
_load("concurrent.futures", "concurrent_futures.py")
"""

def norm(text):
    """Replace addresses and executor numbers so reprs can be compared."""
    text = re.sub(r"0x[0-9a-f]+", "0xADDR", text)
    text = re.sub(r"ThreadPoolExecutor-\d+_", "ThreadPoolExecutor-N_", text)
    text = re.sub(r"Future \d+ in", "Future ID in", text)
    return text


def run_child(body, use_prelude=True, timeout=60):
    return harness.run_child(LOADER, body, use_prelude, timeout)


def square(x):
    return x * x


def fail_on(bad):
    def fn(x):
        if x == bad:
            raise ValueError(f"bad value {x}")
        return x
    return fn


# --------------------------------------------------------------------------
# Module surface.

@test
def module_surface_matches_cpython():
    assert cf.__name__ == "concurrent.futures"
    assert cf.__all__ == std_cf.__all__, (cf.__all__, std_cf.__all__)
    for name in cf.__all__:
        assert hasattr(cf, name), name
    assert cf.__dir__() == std_cf.__dir__()
    assert cf.__doc__ == std_cf.__doc__
    assert cf.__author__ == std_cf.__author__
    assert cf.TimeoutError is TimeoutError
    for name in ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"):
        assert getattr(cf, name) == getattr(std_cf, name) == name
    b = std_cf._base
    for name in ("PENDING", "RUNNING", "CANCELLED", "CANCELLED_AND_NOTIFIED",
                 "FINISHED", "_AS_COMPLETED", "_FUTURE_STATES",
                 "_STATE_TO_DESCRIPTION_MAP"):
        assert getattr(cf, name) == getattr(b, name), name
    # Classes report the submodule CPython defines them in.
    for name in ("Error", "CancelledError", "InvalidStateError", "BrokenExecutor",
                 "Future", "Executor", "_Waiter", "_AsCompletedWaiter",
                 "_FirstCompletedWaiter", "_AllCompletedWaiter", "_AcquireFutures",
                 "DoneAndNotDoneFutures"):
        ours, real = getattr(cf, name), getattr(b, name)
        assert (ours.__module__, ours.__qualname__) == (real.__module__, real.__qualname__), name
        assert repr(ours) == repr(real), (repr(ours), repr(real))
    for name in ("ThreadPoolExecutor", "BrokenThreadPool", "_WorkItem"):
        ours, real = getattr(cf, name), getattr(std_cf_thread, name)
        assert (ours.__module__, ours.__qualname__) == (real.__module__, real.__qualname__), name
    assert cf.ProcessPoolExecutor.__module__ == "concurrent.futures.process"
    # Class hierarchy.
    assert issubclass(cf.CancelledError, cf.Error) and issubclass(cf.Error, Exception)
    assert issubclass(cf.InvalidStateError, cf.Error)
    assert issubclass(cf.BrokenExecutor, RuntimeError)
    assert issubclass(cf.BrokenThreadPool, cf.BrokenExecutor)
    assert issubclass(cf.ThreadPoolExecutor, cf.Executor)
    assert issubclass(cf.ProcessPoolExecutor, cf.Executor)
    # Docstrings that CPython copies onto ThreadPoolExecutor's methods.
    assert cf.ThreadPoolExecutor.submit.__doc__ == std_cf.ThreadPoolExecutor.submit.__doc__
    assert cf.ThreadPoolExecutor.shutdown.__doc__ == std_cf.ThreadPoolExecutor.shutdown.__doc__
    assert cf.Executor.map.__doc__ == std_cf.Executor.map.__doc__
    assert cf.Future.result.__doc__ == std_cf.Future.result.__doc__
    # _python_exit is registered through threading._register_atexit.
    assert len(threading._threading_atexits) == _atexits_before + 1
    assert isinstance(cf._threads_queues, dict)
    # Only the allowed imports.
    src = open(os.path.join(HERE, "concurrent_futures.py")).read()
    imports = set(re.findall(r"^\s*(?:import|from)\s+(\w+)", src, re.M))
    assert imports <= {"sys", "time", "threading", "queue", "_thread"}, imports


@test
def process_pool_is_not_supported():
    e = raises(NotImplementedError,
               "ProcessPoolExecutor: processes are not supported by Interleave yet",
               cf.ProcessPoolExecutor)
    raises(NotImplementedError, None, cf.ProcessPoolExecutor, max_workers=4)
    assert isinstance(e, NotImplementedError)


# --------------------------------------------------------------------------
# Future on its own.

@test
def future_states_and_reprs_match_cpython():
    def lifecycle(mod):
        out = []
        f = mod.Future()
        out.append(repr(f))
        out.append((f.done(), f.running(), f.cancelled()))
        assert f.set_running_or_notify_cancel() is True
        out.append(repr(f))
        out.append((f.done(), f.running(), f.cancelled(), f.cancel()))
        f.set_result(42)
        out.append(repr(f))
        out.append((f.done(), f.running(), f.cancelled(), f.cancel(), f.result(), f.exception()))
        try:
            f.set_result(1)
        except mod.InvalidStateError as e:
            out.append(str(e))
        try:
            f.set_exception(ValueError())
        except mod.InvalidStateError as e:
            out.append(str(e))
        g = mod.Future()
        g.set_exception(KeyError("k"))
        out.append(repr(g))
        out.append(repr(g.exception()))
        try:
            g.result()
        except KeyError as e:
            out.append(repr(e))
        h = mod.Future()
        out.append((h.cancel(), h.cancel(), h.cancelled(), h.done(), repr(h)))
        try:
            h.result(timeout=0)
        except mod.CancelledError as e:
            out.append(("result", type(e).__name__, str(e)))
        try:
            h.exception()
        except mod.CancelledError as e:
            out.append(("exception", type(e).__name__))
        try:
            h.set_result(1)
        except mod.InvalidStateError as e:
            out.append(str(e))
        out.append(h.set_running_or_notify_cancel())
        out.append(repr(h))
        out.append(h._state)
        n = mod.Future()
        n.set_result(None)
        out.append(repr(n))
        return out

    ours, real = lifecycle(cf), lifecycle(std_cf)
    assert [norm(str(x)) for x in ours] == [norm(str(x)) for x in real], (ours, real)
    assert norm(ours[0]) == "<Future at 0xADDR state=pending>"
    assert norm(ours[4]) == "<Future at 0xADDR state=finished returned int>"
    assert norm(ours[6]) == "FINISHED: <Future at 0xADDR state=finished returned int>"


@test
def future_timeouts():
    f = cf.Future()
    t0 = time.monotonic()
    raises(TimeoutError, "", f.result, timeout=0.1)
    raises(TimeoutError, "", f.exception, timeout=0.1)
    raises(cf.TimeoutError, "", f.result, 0)
    assert time.monotonic() - t0 >= 0.19
    assert f._waiters == [] and f._state == cf.PENDING


@test
def future_result_wakes_waiting_threads():
    f = cf.Future()
    got = []

    def waiter():
        got.append(f.result())

    ts = [threading.Thread(target=waiter) for _ in range(5)]
    [t.start() for t in ts]
    time.sleep(0.05)
    f.set_result("x")
    [t.join() for t in ts]
    assert got == ["x"] * 5

    g = cf.Future()

    def canceller():
        time.sleep(0.05)
        g.cancel()

    t = threading.Thread(target=canceller)
    t.start()
    raises(cf.CancelledError, "", g.result, timeout=5)
    t.join()


@test
def done_callbacks():
    calls = []
    f = cf.Future()
    f.add_done_callback(lambda fut: calls.append(("a", fut.result())))
    f.add_done_callback(lambda fut: calls.append(("b", fut.result())))
    assert calls == []
    f.set_result(3)
    assert calls == [("a", 3), ("b", 3)]
    f.add_done_callback(lambda fut: calls.append(("late", fut.done())))
    assert calls[-1] == ("late", True)

    c = cf.Future()
    c.add_done_callback(lambda fut: calls.append(("cancel", fut.cancelled())))
    assert c.cancel()
    assert calls[-1] == ("cancel", True)
    assert c.cancel()                       # a second cancel() does not call again
    assert calls.count(("cancel", True)) == 1

    # A raising callback is logged, not raised; the next ones still run.
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        e = cf.Future()
        e.add_done_callback(lambda fut: 1 / 0)
        e.add_done_callback(lambda fut: calls.append("after"))
        e.set_exception(OSError("x"))
        e.add_done_callback(lambda fut: [][1])
    assert calls[-1] == "after"
    text = err.getvalue()
    assert text.count("exception calling callback for <Future at ") == 2, text
    assert "ZeroDivisionError: division by zero" in text, text
    assert "IndexError: list index out of range" in text, text
    assert "state=finished raised OSError>" in text, text


# --------------------------------------------------------------------------
# ThreadPoolExecutor.

@test
def submit_and_result():
    with cf.ThreadPoolExecutor(max_workers=4) as ex:
        f = ex.submit(pow, 2, 10)
        assert f.result() == 1024
        assert ex.submit(square, 7).result(timeout=5) == 49
        # keyword arguments, including one named fn (fn is positional-only)
        g = ex.submit(lambda fn, x=0: (fn, x), fn="F", x=2)
        assert g.result() == ("F", 2)
        assert ex.submit(dict, a=1).result() == {"a": 1}
        raises(TypeError, None, ex.submit)
        raises(TypeError, None, lambda: ex.submit(fn=square))
        fs = [ex.submit(square, i) for i in range(50)]
        assert [f.result() for f in fs] == [i * i for i in range(50)]
        assert all(f.done() and not f.cancelled() for f in fs)
        assert isinstance(fs[0], cf.Future)


@test
def exceptions_propagate_from_result():
    with cf.ThreadPoolExecutor(2) as ex:
        f = ex.submit(fail_on(3), 3)
        e = raises(ValueError, "bad value 3", f.result)
        assert f.exception() is e
        assert e.__traceback__ is not None
        assert norm(repr(f)) == "<Future at 0xADDR state=finished raised ValueError>"
        # BaseException subclasses are stored too (the worker survives).
        g = ex.submit(lambda: (_ for _ in ()).throw(KeyboardInterrupt))
        raises(KeyboardInterrupt, "", g.result)
        h = ex.submit(lambda: (_ for _ in ()).throw(SystemExit(3)))
        assert isinstance(h.exception(), SystemExit)
        assert ex.submit(square, 5).result() == 25


@test
def map_results_in_order():
    with cf.ThreadPoolExecutor(4) as ex:
        it = ex.map(square, range(20))
        assert type(it).__name__ == "generator"
        assert it.__name__ == "result_iterator"
        assert list(it) == [i * i for i in range(20)]
        assert list(ex.map(square, range(20), timeout=None)) == [i * i for i in range(20)]
        for chunksize in (1, 3, 100):
            assert list(ex.map(square, range(10), chunksize=chunksize)) == \
                [i * i for i in range(10)]
        # several iterables, shortest wins, as with map()
        assert list(ex.map(pow, [2, 3, 4], [1, 2])) == [2, 9]
        assert list(ex.map(square, [])) == []
        # every call is submitted before the first value is asked for
        started = []
        ev = threading.Event()

        def record(i):
            started.append(i)
            ev.wait()
            return i

        it = ex.map(record, range(4))
        wait_until(lambda: len(started) == 4)
        ev.set()
        assert list(it) == [0, 1, 2, 3]
        assert list(ex.map(square, range(5), timeout=5)) == [0, 1, 4, 9, 16]


@test
def exceptions_propagate_from_map():
    ran = []

    def slow(i):
        ran.append(i)
        if i == 2:
            raise ValueError("map failed at 2")
        time.sleep(0.01)
        return i

    with cf.ThreadPoolExecutor(1) as ex:
        it = ex.map(slow, range(200))
        got = []
        try:
            for x in it:
                got.append(x)
        except ValueError as e:
            assert str(e) == "map failed at 2"
        else:
            raise AssertionError("map did not raise")
        assert got == [0, 1]
    # result_iterator's finally cancelled the futures not yet started
    assert len(ran) < 200, len(ran)


@test
def map_timeout_and_close_cancel_the_rest():
    ran = []
    ev = threading.Event()

    def job(i):
        ran.append(i)
        if i == 0:
            ev.wait()
        return i

    ex = cf.ThreadPoolExecutor(1)
    it = ex.map(job, range(5), timeout=0.1)
    t0 = time.monotonic()
    raises(TimeoutError, "", next, it)
    assert 0.08 <= time.monotonic() - t0 < 2
    ev.set()
    ex.shutdown()
    assert ran == [0], ran

    # closing the generator early (break, or the iterator being dropped)
    ran.clear()
    ev.clear()

    def job2(i):
        ran.append(i)
        if i == 1:
            ev.wait()
        return i

    ex = cf.ThreadPoolExecutor(1)
    it = ex.map(job2, range(5))
    assert next(it) == 0
    wait_until(lambda: ran == [0, 1])
    it.close()                      # result_iterator's finally cancels 2, 3, 4
    ev.set()
    ex.shutdown()
    assert ran == [0, 1], ran

    # an unstarted generator's close() cancels nothing (as in CPython)
    ran.clear()
    ex = cf.ThreadPoolExecutor(1)
    it = ex.map(job2, range(3))
    it.close()
    ex.shutdown()
    assert ran == [0, 1, 2], ran


@test
def as_completed_yields_every_future_once():
    with cf.ThreadPoolExecutor(4) as ex:
        fs = [ex.submit(time.sleep, d) for d in (0.2, 0.0, 0.1, 0.05, 0.15, 0.0)]
        seen = list(cf.as_completed(fs))
        assert set(seen) == set(fs) and len(seen) == len(fs)
        assert all(f._waiters == [] for f in fs)
        # duplicates are yielded once, finished ones immediately
        dup = list(cf.as_completed(fs + fs + fs[:2]))
        assert set(dup) == set(fs) and len(dup) == len(fs)
        assert list(cf.as_completed([])) == []
        # cancelled futures count as completed
        c = cf.Future()
        c.cancel()
        c.set_running_or_notify_cancel()
        assert list(cf.as_completed([c])) == [c]
        # ordering where it is not timing-sensitive: finished futures first
        ev = threading.Event()
        slow = ex.submit(ev.wait)
        fast = ex.submit(square, 3)
        fast.result()
        it = cf.as_completed([slow, fast])
        assert next(it) is fast
        ev.set()
        assert next(it) is slow
        raises(StopIteration, None, next, it)
        # mixing futures of several executors
        with cf.ThreadPoolExecutor(2) as ex2:
            mixed = [ex.submit(square, 1), ex2.submit(square, 2)]
            assert {f.result() for f in cf.as_completed(mixed)} == {1, 4}


@test
def as_completed_timeout():
    ev = threading.Event()
    with cf.ThreadPoolExecutor(2) as ex:
        done = ex.submit(square, 2)
        done.result()
        stuck = ex.submit(ev.wait)
        got = []
        t0 = time.monotonic()
        try:
            for f in cf.as_completed([done, stuck], timeout=0.2):
                got.append(f)
        except TimeoutError as e:
            assert str(e) == "1 (of 2) futures unfinished", str(e)
        else:
            raise AssertionError("no TimeoutError")
        assert got == [done]
        assert 0.15 <= time.monotonic() - t0 < 3
        assert stuck._waiters == [] and done._waiters == []
        ev.set()

    # CPython's message, for comparison
    f = std_cf.Future()
    try:
        list(std_cf.as_completed([f], timeout=0))
    except TimeoutError as e:
        real = str(e)
    f = cf.Future()
    e = raises(TimeoutError, real, list, cf.as_completed([f], timeout=0))
    assert str(e) == "1 (of 1) futures unfinished"


@test
def wait_all_completed():
    with cf.ThreadPoolExecutor(4) as ex:
        fs = [ex.submit(time.sleep, d) for d in (0.1, 0.0, 0.05)]
        res = cf.wait(fs)
        assert isinstance(res, cf.DoneAndNotDoneFutures) and isinstance(res, tuple)
        done, not_done = res
        assert done == set(fs) and not_done == set()
        assert res.done is done and res.not_done is not_done
        assert res[0] is done and len(res) == 2
        assert all(f._waiters == [] for f in fs)
        assert cf.wait(fs, return_when=cf.ALL_COMPLETED) == (set(fs), set())
        # timeout
        ev = threading.Event()
        stuck = ex.submit(ev.wait)
        t0 = time.monotonic()
        done, not_done = cf.wait(fs + [stuck], timeout=0.1)
        assert 0.08 <= time.monotonic() - t0 < 3
        assert done == set(fs) and not_done == {stuck}
        assert stuck._waiters == []
        ev.set()
        assert cf.wait([stuck], timeout=5) == ({stuck}, set())
        assert cf.wait([]) == (set(), set())


@test
def wait_first_completed():
    ev = threading.Event()
    with cf.ThreadPoolExecutor(4) as ex:
        blocked = [ex.submit(ev.wait) for _ in range(2)]
        fast = ex.submit(time.sleep, 0.05)
        done, not_done = cf.wait(blocked + [fast], return_when=cf.FIRST_COMPLETED)
        assert done == {fast} and not_done == set(blocked), (done, not_done)
        # something already done: returns at once
        done, not_done = cf.wait(blocked + [fast], timeout=0,
                                 return_when=cf.FIRST_COMPLETED)
        assert done == {fast} and not_done == set(blocked)
        # nothing done within the timeout
        done, not_done = cf.wait(blocked, timeout=0.05, return_when=cf.FIRST_COMPLETED)
        assert done == set() and not_done == set(blocked)
        # a cancel notification also counts
        ex1 = cf.ThreadPoolExecutor(1)
        gate = threading.Event()
        head = ex1.submit(gate.wait)
        queued = ex1.submit(square, 2)
        assert queued.cancel()

        def open_gate():
            time.sleep(0.05)
            gate.set()

        t = threading.Thread(target=open_gate)
        t.start()
        done, not_done = cf.wait([queued], timeout=5, return_when=cf.FIRST_COMPLETED)
        assert done == {queued} and queued._state == cf.CANCELLED_AND_NOTIFIED
        t.join()
        ex1.shutdown()
        assert head.result() is True
        ev.set()


@test
def wait_first_exception():
    ev = threading.Event()
    with cf.ThreadPoolExecutor(4) as ex:
        blocked = ex.submit(ev.wait)
        ok = ex.submit(square, 2)
        ok.result()

        def boom():
            time.sleep(0.05)
            raise ValueError("first exception")

        bad = ex.submit(boom)
        done, not_done = cf.wait([blocked, ok, bad], return_when=cf.FIRST_EXCEPTION)
        assert done == {ok, bad} and not_done == {blocked}, (done, not_done)
        # an exception already there: returns at once
        done, not_done = cf.wait([blocked, bad], return_when=cf.FIRST_EXCEPTION)
        assert done == {bad} and not_done == {blocked}
        # no exception: same as ALL_COMPLETED
        fs = [ex.submit(time.sleep, d) for d in (0.05, 0.0)]
        done, not_done = cf.wait(fs, return_when=cf.FIRST_EXCEPTION)
        assert done == set(fs) and not_done == set()
        # a cancelled future is not an exception
        c = cf.Future()
        c.cancel()
        c.set_running_or_notify_cancel()
        done, not_done = cf.wait([c, blocked], timeout=0.05,
                                 return_when=cf.FIRST_EXCEPTION)
        assert done == {c} and not_done == {blocked}
        ev.set()
        raises(ValueError, "Invalid return condition: 'NOPE'",
               cf.wait, [blocked, cf.Future()], return_when="NOPE")
        # (all done: the condition is not even looked at, as in CPython)
        assert cf.wait([ok], return_when="NOPE") == ({ok}, set())


@test
def done_and_not_done_matches_namedtuple():
    ours = cf.DoneAndNotDoneFutures({1, 2}, set())
    real = std_cf._base.DoneAndNotDoneFutures({1, 2}, set())
    assert repr(ours) == repr(real) == "DoneAndNotDoneFutures(done={1, 2}, not_done=set())"
    assert ours == real and tuple(ours) == tuple(real)
    assert ours._fields == real._fields
    assert ours._asdict() == dict(real._asdict())
    assert ours._replace(not_done={3}) == real._replace(not_done={3})
    d, n = ours
    assert (d, n) == ({1, 2}, set())
    raises(AttributeError, None, setattr, ours, "done", 1)


@test
def cancel_before_start():
    ran = []
    ev = threading.Event()
    ex = cf.ThreadPoolExecutor(max_workers=1)
    running = ex.submit(ev.wait)
    wait_until(running.running)
    queued = [ex.submit(ran.append, i) for i in range(3)]
    assert not running.cancel()                 # running: cannot cancel
    assert queued[1].cancel() and queued[1].cancel()
    assert queued[1].cancelled() and queued[1].done() and not queued[1].running()
    assert queued[1]._state == cf.CANCELLED
    raises(cf.CancelledError, "", queued[1].result)
    raises(cf.CancelledError, "", queued[1].exception)
    callbacks = []
    queued[1].add_done_callback(lambda f: callbacks.append(f.cancelled()))
    assert callbacks == [True]
    ev.set()
    ex.shutdown()
    assert ran == [0, 2], ran
    assert queued[1]._state == cf.CANCELLED_AND_NOTIFIED
    assert not queued[0].cancel() and queued[0].result() is None
    assert running.result() is True


@test
def shutdown_cancel_futures():
    ran = []
    ev = threading.Event()
    ex = cf.ThreadPoolExecutor(max_workers=1)
    running = ex.submit(ev.wait)
    wait_until(running.running)
    pending = [ex.submit(ran.append, i) for i in range(5)]
    ex.shutdown(wait=False, cancel_futures=True)
    assert all(f.cancelled() for f in pending)
    assert not running.cancelled()
    raises(RuntimeError, "cannot schedule new futures after shutdown",
           ex.submit, square, 1)
    ev.set()
    ex.shutdown()                            # a second shutdown is fine
    assert ran == [] and running.result() is True
    assert not any(t.is_alive() for t in ex._threads)

    # without cancel_futures, pending work still runs
    ev.clear()
    ex = cf.ThreadPoolExecutor(max_workers=1)
    running = ex.submit(ev.wait)
    pending = [ex.submit(ran.append, i) for i in range(5)]
    ex.shutdown(wait=False)
    ev.set()
    ex.shutdown(wait=True)
    assert ran == [0, 1, 2, 3, 4] and not any(f.cancelled() for f in pending)


@test
def context_manager():
    results = []
    with cf.ThreadPoolExecutor(3) as ex:
        assert ex.__enter__() is ex
        for i in range(10):
            ex.submit(lambda i=i: (time.sleep(0.01), results.append(i)))
    assert sorted(results) == list(range(10))       # __exit__ waited
    assert ex._shutdown
    assert not any(t.is_alive() for t in ex._threads)
    raises(RuntimeError, "cannot schedule new futures after shutdown",
           ex.submit, square, 1)
    # __exit__ returns False: exceptions go through
    try:
        with cf.ThreadPoolExecutor(1) as ex:
            f = ex.submit(time.sleep, 0.05)
            raise KeyError("inside")
    except KeyError:
        pass
    assert f.done()
    assert ex.__exit__(None, None, None) is False
    # the abstract Executor
    with cf.Executor() as base:
        raises(NotImplementedError, "", base.submit, square, 1)
        assert base.shutdown() is None


@test
def initializer():
    seen = []

    def init(tag, n):
        seen.append((tag, n, threading.current_thread().name))

    with cf.ThreadPoolExecutor(3, initializer=init, initargs=("t", 5)) as ex:
        ev = threading.Event()
        fs = [ex.submit(ev.wait) for _ in range(3)]
        wait_until(lambda: all(f.running() for f in fs))
        ev.set()
        names = {t.name for t in ex._threads}
    assert len(seen) == 3 and {s[:2] for s in seen} == {("t", 5)}
    assert {s[2] for s in seen} == names

    raises(TypeError, "initializer must be a callable",
           cf.ThreadPoolExecutor, initializer=42)

    # a failing initializer breaks the pool
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        ex = cf.ThreadPoolExecutor(2, initializer=lambda: 1 / 0)
        f = ex.submit(square, 2)
        e = raises(cf.BrokenThreadPool,
                   "A thread initializer failed, the thread pool is not usable anymore",
                   f.result, timeout=5)
        assert isinstance(e, cf.BrokenExecutor)
        wait_until(lambda: ex._broken)
        raises(cf.BrokenThreadPool, None, ex.submit, square, 1)
        ex.shutdown()
    text = err.getvalue()
    assert text.startswith("Exception in initializer:\n"), text
    assert "ZeroDivisionError: division by zero" in text, text


@test
def max_workers_validation():
    for bad in (0, -1, -100):
        raises(ValueError, "max_workers must be greater than 0",
               cf.ThreadPoolExecutor, bad)
        raises(ValueError, "max_workers must be greater than 0",
               std_cf.ThreadPoolExecutor, bad)
    raises(ValueError, "max_workers must be greater than 0",
           cf.ThreadPoolExecutor, max_workers=0)
    ex = cf.ThreadPoolExecutor()
    assert ex._max_workers == 8                 # min(32, 4 + 4)
    ex.shutdown()
    ex = cf.ThreadPoolExecutor(1)
    assert ex._max_workers == 1
    ex.shutdown()


@test
def thread_naming_and_reuse():
    ev = threading.Event()
    ex = cf.ThreadPoolExecutor(3)
    n = int(re.fullmatch(r"ThreadPoolExecutor-(\d+)", ex._thread_name_prefix).group(1))
    ex2 = cf.ThreadPoolExecutor(1)
    assert ex2._thread_name_prefix == f"ThreadPoolExecutor-{n + 1}"
    ex2.shutdown()
    fs = [ex.submit(ev.wait) for _ in range(10)]
    assert len(ex._threads) == 3                 # capped at max_workers
    names = sorted(t.name for t in ex._threads)
    assert names == [f"ThreadPoolExecutor-{n}_{i}" for i in range(3)], names
    assert all(t in cf._threads_queues and cf._threads_queues[t] is ex._work_queue
               for t in ex._threads)
    assert not any(t.daemon for t in ex._threads)
    ev.set()
    ex.shutdown()

    with cf.ThreadPoolExecutor(5, thread_name_prefix="pool") as ex:
        # one task at a time: the idle worker is reused, no new thread
        for i in range(5):
            assert ex.submit(square, i).result() == i * i
            wait_until(lambda: ex._idle_semaphore._value >= 1)
        assert [t.name for t in ex._threads] == ["pool_0"], [t.name for t in ex._threads]
        assert ex.submit(lambda: threading.current_thread().name).result() == "pool_0"

    # the same names as CPython's own ThreadPoolExecutor
    def names(mod, prefix):
        gate = std_threading.Event() if mod is std_cf else threading.Event()
        with mod.ThreadPoolExecutor(2, thread_name_prefix=prefix) as e:
            fs = [e.submit(gate.wait) for _ in range(2)]
            out = sorted(t.name for t in e._threads)
            gate.set()
        return out
    for prefix in ("", "x"):
        assert [norm(s) for s in names(cf, prefix)] == [norm(s) for s in names(std_cf, prefix)]


@test
def workers_run_concurrently():
    # four sleeps in a pool of four overlap
    with cf.ThreadPoolExecutor(4) as ex:
        t0 = time.monotonic()
        assert list(ex.map(time.sleep, [0.3] * 4)) == [None] * 4
        elapsed = time.monotonic() - t0
    assert 0.29 <= elapsed < 0.9, elapsed
    # a barrier needs every worker at once
    b = threading.Barrier(5)
    with cf.ThreadPoolExecutor(5) as ex:
        ids = list(ex.map(lambda _: b.wait(timeout=5), range(5)))
    assert sorted(ids) == [0, 1, 2, 3, 4]


@test
def many_threads_submitting():
    with cf.ThreadPoolExecutor(8) as ex:
        out = []

        def producer(k):
            fs = [ex.submit(square, k * 100 + i) for i in range(100)]
            out.append(sum(f.result() for f in fs))

        ts = [threading.Thread(target=producer, args=(k,)) for k in range(6)]
        [t.start() for t in ts]
        [t.join() for t in ts]
    assert sorted(out) == sorted(sum((k * 100 + i) ** 2 for i in range(100))
                                 for k in range(6))


# --------------------------------------------------------------------------
# Interpreter exit and logging, in child processes.

EXIT_BODY = """
import threading, time
from concurrent.futures import ThreadPoolExecutor
ex = ThreadPoolExecutor(2)
f = ex.submit(time.sleep, 0.2)
ex.submit(print, "task ran")
f.result()
# never shut down: _python_exit() must stop the idle workers
print("main done", len(ex._threads))
"""


@test
def python_exit_stops_idle_workers():
    for use_prelude in (True, False):
        t0 = time.monotonic()
        rc, out, err = run_child(EXIT_BODY, use_prelude)
        assert rc == 0 and err == "", (use_prelude, rc, out, err)
        assert sorted(out.splitlines()) == ["main done 2", "task ran"], out
        assert time.monotonic() - t0 < 20


SHUTDOWN_BODY = """
import threading, time, sys
import concurrent.futures as cf
ex = cf.ThreadPoolExecutor(2)
f = ex.submit(time.sleep, 0.1)
threading._shutdown()
print(f.done(), all(not t.is_alive() for t in ex._threads))
try:
    cf.ThreadPoolExecutor(1).submit(print, 1)
except RuntimeError as e:
    print(e)
"""


@test
def submit_after_interpreter_shutdown():
    ours = run_child(SHUTDOWN_BODY, True)
    real = run_child(SHUTDOWN_BODY, False)
    assert ours == real, (ours, real)
    assert ours[1] == ("True True\n"
                       "cannot schedule new futures after interpreter shutdown\n"), ours


LOG_BODY = """
import sys
from concurrent.futures import Future, ThreadPoolExecutor
def cb(fut):
    raise ValueError("callback failed")
f = Future()
f.add_done_callback(cb)
f.set_result(5)
sys.stderr.flush()
def init():
    raise OSError("no init")
ex = ThreadPoolExecutor(1, initializer=init)
fut = ex.submit(print, "never")
try:
    fut.result()
except Exception as e:
    print(type(e).__name__, e)
ex.shutdown()
g = Future()
g.set_result(1)
try:
    g.set_running_or_notify_cancel()
except RuntimeError as e:
    print(e)
print("end")
"""


@test
def logged_errors_match_cpython():
    def essential(text):
        # the traceback frames differ (prelude vs stdlib files); keep the
        # unindented lines: messages, "Traceback ..." and exception lines
        return [norm(l) for l in text.splitlines() if l and not l.startswith(" ")]

    ours = run_child(LOG_BODY, True)
    real = run_child(LOG_BODY, False)
    assert ours[0] == real[0] == 0, (ours, real)
    assert ours[1] == real[1], (ours[1], real[1])
    assert essential(ours[2]) == essential(real[2]), (ours[2], real[2])
    assert essential(ours[2]) == [
        "exception calling callback for <Future at 0xADDR state=finished returned int>",
        "Traceback (most recent call last):",
        "ValueError: callback failed",
        "Exception in initializer:",
        "Traceback (most recent call last):",
        "OSError: no init",
        "Future ID in unexpected state: FINISHED",
    ], ours[2]


UNCAUGHT_BODY = """
from concurrent.futures import Future
f = Future()
f.cancel()
f.result()
"""


@test
def uncaught_error_names_the_submodule():
    ours = run_child(UNCAUGHT_BODY, True)
    real = run_child(UNCAUGHT_BODY, False)
    assert ours[0] == real[0] == 1
    assert ours[2].splitlines()[-1] == real[2].splitlines()[-1] == \
        "concurrent.futures._base.CancelledError", (ours[2], real[2])


# --------------------------------------------------------------------------
# The lecture listings s9 and s7, unmodified, importing this module.

def run_listing(name):
    """Runs tests/listings/<name>.py as __main__ in this process; its
    `from concurrent.futures import ...` gets the prelude module."""
    path = os.path.join(LISTINGS, name + ".py")
    src = open(path).read()
    assert "from concurrent.futures import ThreadPoolExecutor" in src
    ns = {"__name__": "__main__", "__file__": path}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(src, path, "exec"), ns)
    assert ns["ThreadPoolExecutor"] is cf.ThreadPoolExecutor
    return out.getvalue()


@test
def listing_s9_sleep_in_pool_of_four():
    out = run_listing("s9_gil_release_sleep")
    m = re.fullmatch(r"I/O tasks with threads: ([0-9.e-]+) s\n", out)
    assert m, out
    t = float(m.group(1))
    assert 0.49 <= t < 1.0, out          # four 0.5 s sleeps overlap
    print("    " + out.strip())


@test
def listing_s7_tiny_vs_batched():
    out = run_listing("s7_tiny_vs_batched")
    m = re.fullmatch(r"tiny tasks individually: ([0-9.e-]+) s\n"
                     r"batched tasks: ([0-9.e-]+) s\n", out)
    assert m, out
    tiny, batched = float(m.group(1)), float(m.group(2))
    assert batched < tiny, out
    for line in out.splitlines():
        print("    " + line)


@test
def listings_in_child_process():
    # unmodified listing files, run as scripts with the prelude loaded
    for name, pattern in (("s9_gil_release_sleep", r"I/O tasks with threads: 0\.[5-9]\d* s\n"),):
        path = os.path.join(LISTINGS, name + ".py")
        body = (f"import runpy\nrunpy.run_path({path!r}, run_name='__main__')\n"
                "import concurrent.futures as m\nassert m.__file__.endswith('concurrent_futures.py')\n")
        rc, out, err = run_child(body)
        assert rc == 0 and err == "", (rc, out, err)
        assert re.fullmatch(pattern, out), out


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
