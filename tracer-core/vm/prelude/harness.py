"""What the prelude's CPython test scripts share (test_prelude.py,
test_concurrent_futures.py): a registry of tests, checks of exceptions,
waiting for a condition, and running a child interpreter with or without
the prelude loaded. Not part of the prelude: nothing imports it on the VM.
"""
import subprocess
import sys
import time

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def raises(exc_type, message, fn, *args, **kwargs):
    """fn(*args, **kwargs) must raise exc_type with str() == message
    (message None: any message)."""
    try:
        fn(*args, **kwargs)
    except exc_type as e:
        if message is not None and str(e) != message:
            raise AssertionError(f"{exc_type.__name__} message {str(e)!r} != {message!r}")
        return e
    raise AssertionError(f"{fn!r} did not raise {exc_type.__name__}")


def wait_until(pred, timeout=5.0):
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError("condition not reached in time")
        time.sleep(0.002)


def run_child(loader, body, use_prelude=True, timeout=30):
    """Runs `body` in a new CPython, after `loader` (the prelude) if
    `use_prelude`: (returncode, stdout, stderr)."""
    code = (loader if use_prelude else "") + body
    p = subprocess.run([sys.executable, "-c", code], capture_output=True,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr
