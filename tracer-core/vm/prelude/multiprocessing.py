"""multiprocessing for Interleave, written like CPython 3.11's own
(Lib/multiprocessing/process.py, popen_fork.py, context.py) for Linux's
default start method, fork: Process.start() forks the VM process with
os.fork(); the child runs Process._bootstrap() and leaves with os._exit().
"""

import os
import sys
import threading
import queue as _queue
import _multiprocessing
from _multiprocessing import share as _share, dumps as _dumps, loads as _loads

# Interleave: signal.SIGTERM and signal.SIGKILL.
SIGTERM = 15
SIGKILL = 9

__all__ = ['Process', 'current_process', 'parent_process', 'active_children',
           'cpu_count', 'ProcessError', 'TimeoutError', 'AuthenticationError',
           'Queue', 'SimpleQueue', 'JoinableQueue', 'Pipe', 'Lock', 'RLock',
           'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier',
           'Value', 'Array', 'get_context', 'get_start_method',
           'set_start_method']


class ProcessError(Exception):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


def current_process():
    '''
    Return process object representing the current process
    '''
    return _current_process


def active_children():
    '''
    Return list of process objects corresponding to live child processes
    '''
    _cleanup()
    return list(_children)


def parent_process():
    '''
    Return process object representing the parent process
    '''
    return _parent_process


def cpu_count():
    '''Returns the number of CPUs in the system'''
    return os.cpu_count()


def _cleanup():
    # check for processes which have finished
    for p in list(_children):
        if p._popen.poll() is not None:
            _children.discard(p)


class _Counter:
    """Interleave: stands in for itertools.count()."""

    def __init__(self, start):
        self._next = start

    def __next__(self):
        value = self._next
        self._next += 1
        return value


class BaseProcess(object):
    '''
    Process objects represent activity that is run in a separate process

    The class is analogous to `threading.Thread`
    '''
    def _Popen(self):
        raise NotImplementedError

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={},
                 *, daemon=None):
        assert group is None, 'group argument must be None for now'
        count = next(_process_counter)
        self._identity = _current_process._identity + (count,)
        self._config = dict(_current_process._config)
        self._parent_pid = os.getpid()
        self._parent_name = _current_process.name
        self._popen = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._name = name or type(self).__name__ + '-' + \
                     ':'.join(str(i) for i in self._identity)
        if daemon is not None:
            self.daemon = daemon

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def run(self):
        '''
        Method to be run in sub-process; can be overridden in sub-class
        '''
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        '''
        Start child process
        '''
        self._check_closed()
        assert self._popen is None, 'cannot start a process twice'
        assert self._parent_pid == os.getpid(), \
               'can only start a process object created by current process'
        assert not _current_process._config.get('daemon'), \
               'daemonic processes are not allowed to have children'
        _cleanup()
        self._popen = self._Popen(self)
        self._sentinel = self._popen.sentinel
        # Avoid a refcycle if the target function holds an indirect
        # reference to the process object (see bpo-30775)
        del self._target, self._args, self._kwargs
        _children.add(self)

    def terminate(self):
        '''
        Terminate process; sends SIGTERM signal or uses TerminateProcess()
        '''
        self._check_closed()
        self._popen.terminate()

    def kill(self):
        '''
        Terminate process; sends SIGKILL signal or uses TerminateProcess()
        '''
        self._check_closed()
        self._popen.kill()

    def join(self, timeout=None):
        '''
        Wait until child process terminates
        '''
        self._check_closed()
        assert self._parent_pid == os.getpid(), 'can only join a child process'
        assert self._popen is not None, 'can only join a started process'
        res = self._popen.wait(timeout)
        if res is not None:
            _children.discard(self)

    def is_alive(self):
        '''
        Return whether process is alive
        '''
        self._check_closed()
        if self is _current_process:
            return True
        assert self._parent_pid == os.getpid(), 'can only test a child process'

        if self._popen is None:
            return False

        returncode = self._popen.poll()
        if returncode is None:
            return True
        else:
            _children.discard(self)
            return False

    def close(self):
        '''
        Close the Process object.

        This method releases resources held by the Process object.  It is
        an error to call this method if the child process is still running.
        '''
        if self._popen is not None:
            if self._popen.poll() is None:
                raise ValueError("Cannot close a process while it is still running. "
                                 "You should first call join() or terminate().")
            self._popen = None
            del self._sentinel
            _children.discard(self)
        self._closed = True

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        assert isinstance(name, str), 'name must be a string'
        self._name = name

    @property
    def daemon(self):
        '''
        Return whether process is a daemon
        '''
        return self._config.get('daemon', False)

    @daemon.setter
    def daemon(self, daemonic):
        '''
        Set whether process is a daemon
        '''
        assert self._popen is None, 'process has already started'
        self._config['daemon'] = daemonic

    @property
    def exitcode(self):
        '''
        Return exit code of process or `None` if it has yet to stop
        '''
        self._check_closed()
        if self._popen is None:
            return self._popen
        return self._popen.poll()

    @property
    def ident(self):
        '''
        Return identifier (PID) of process or `None` if it has yet to start
        '''
        self._check_closed()
        if self is _current_process:
            return os.getpid()
        else:
            return self._popen and self._popen.pid

    pid = ident

    @property
    def sentinel(self):
        '''
        Return a file descriptor (Unix) or handle (Windows) suitable for
        waiting for process termination.
        '''
        self._check_closed()
        try:
            return self._sentinel
        except AttributeError:
            raise ValueError("process not started") from None

    def __repr__(self):
        exitcode = None
        if self is _current_process:
            status = 'started'
        elif self._closed:
            status = 'closed'
        elif self._parent_pid != os.getpid():
            status = 'unknown'
        elif self._popen is None:
            status = 'initial'
        else:
            exitcode = self._popen.poll()
            if exitcode is not None:
                status = 'stopped'
            else:
                status = 'started'

        info = [type(self).__name__, 'name=%r' % self._name]
        if self._popen is not None:
            info.append('pid=%s' % self._popen.pid)
        info.append('parent=%s' % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            info.append('exitcode=%s' % exitcode)
        if self.daemon:
            info.append('daemon')
        return '<%s>' % ' '.join(info)

    def _bootstrap(self, parent_sentinel=None):
        global _current_process, _parent_process, _process_counter, _children

        try:
            _children = set()
            _process_counter = _Counter(1)
            _current_process = self
            _parent_process = _ParentProcess(
                self._parent_name, self._parent_pid, parent_sentinel)
            threading._after_fork()
            try:
                self.run()
                exitcode = 0
            finally:
                _exit_function()
        except SystemExit as e:
            if e.code is None:
                exitcode = 0
            elif isinstance(e.code, int):
                exitcode = e.code
            else:
                sys.stderr.write(str(e.code) + '\n')
                exitcode = 1
        except BaseException as e:
            exitcode = 1
            sys.stderr.write('Process %s:\n' % self.name)
            threading._print_exception(type(e), e, e.__traceback__, sys.stderr)
        finally:
            threading._shutdown()
        return exitcode


class _ParentProcess(BaseProcess):

    def __init__(self, name, pid, sentinel):
        self._identity = ()
        self._name = name
        self._pid = pid
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._sentinel = sentinel
        self._config = {}

    def is_alive(self):
        return True

    @property
    def ident(self):
        return self._pid

    def join(self, timeout=None):
        '''
        Wait until parent process terminates
        '''
        _multiprocessing.wait_process(self._pid, timeout)

    pid = ident


class _MainProcess(BaseProcess):

    def __init__(self):
        self._identity = ()
        self._name = 'MainProcess'
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._config = {}

    def close(self):
        pass


class Popen(object):
    '''Popen for the fork start method (popen_fork.py).'''
    method = 'fork'

    def __init__(self, process_obj):
        self.returncode = None
        self.finalizer = None
        self._launch(process_obj)

    def duplicate_for_child(self, fd):
        return fd

    def poll(self, flag=os.WNOHANG):
        if self.returncode is None:
            try:
                pid, sts = os.waitpid(self.pid, flag)
            except OSError:
                # Child process not yet created. See #1731717
                # e.errno == errno.ECHILD == 10
                return None
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(sts)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            if timeout is not None:
                # Interleave: CPython waits on the process sentinel with
                # multiprocessing.connection.wait().
                if not _multiprocessing.wait_process(self.pid, timeout):
                    return None
            # This shouldn't block if wait() returned successfully.
            return self.poll(os.WNOHANG if timeout == 0.0 else 0)
        return self.returncode

    def _send_signal(self, sig):
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def terminate(self):
        self._send_signal(SIGTERM)

    def kill(self):
        self._send_signal(SIGKILL)

    def _launch(self, process_obj):
        code = 1
        self.pid = os.fork()
        if self.pid == 0:
            try:
                code = process_obj._bootstrap()
            finally:
                os._exit(code)
        else:
            self.sentinel = self.pid

    def close(self):
        pass


class Process(BaseProcess):
    _start_method = 'fork'

    @staticmethod
    def _Popen(process_obj):
        return Popen(process_obj)


# ---------------------------------------------------------------------------
# Interleave: what crosses processes. CPython builds these on pipes, a
# feeder thread and semaphores in shared memory; here they are objects every
# process shares (see _multiprocessing.share), and what goes through a
# queue or pipe is pickled on the way in and unpickled on the way out, in
# the process that calls get() or recv(), as in CPython.

class Queue(object):
    """multiprocessing.Queue (multiprocessing/queues.py)."""

    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._q = _share(_queue.Queue(maxsize))
        self._closed = False

    def _check_closed(self):
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")

    def put(self, obj, block=True, timeout=None):
        self._check_closed()
        try:
            data = _dumps(obj)
        except Exception as e:
            # CPython pickles in the queue's feeder thread, which reports an
            # object that cannot be pickled on stderr and drops it.
            threading._print_exception(type(e), e, e.__traceback__, sys.stderr)
            return
        self._q.put(data, block, timeout)

    def get(self, block=True, timeout=None):
        self._check_closed()
        return _loads(self._q.get(block, timeout))

    def qsize(self):
        return self._q.qsize()

    def empty(self):
        return self._q.empty()

    def full(self):
        return self._q.full()

    def put_nowait(self, obj):
        return self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def close(self):
        self._closed = True

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


class JoinableQueue(Queue):
    """multiprocessing.JoinableQueue: a Queue with task_done() and join()."""

    def task_done(self):
        self._q.task_done()

    def join(self):
        self._q.join()


class SimpleQueue(object):
    """multiprocessing.SimpleQueue."""

    def __init__(self):
        self._q = _share(_queue.Queue())
        self._closed = False

    def close(self):
        self._closed = True

    def empty(self):
        return self._q.empty()

    def get(self):
        return _loads(self._q.get())

    def put(self, obj):
        self._q.put(_dumps(obj))


class Connection(object):
    """One end of a Pipe (multiprocessing/connection.py)."""

    def __init__(self, incoming, outgoing):
        self._in = incoming
        self._out = outgoing
        self._closed = False

    @property
    def closed(self):
        return self._closed

    @property
    def readable(self):
        return self._in is not None

    @property
    def writable(self):
        return self._out is not None

    def _check(self, readable=False, writable=False):
        if self._closed:
            raise OSError("handle is closed")
        if readable and self._in is None:
            raise OSError("connection is write-only")
        if writable and self._out is None:
            raise OSError("connection is read-only")

    def send(self, obj):
        self._check(writable=True)
        self._out.put(_dumps(obj))

    def recv(self):
        self._check(readable=True)
        return _loads(self._in.get())

    def send_bytes(self, buf, offset=0, size=None):
        self._check(writable=True)
        data = bytes(buf)
        if size is None:
            size = len(data) - offset
        self._out.put(_dumps(data[offset:offset + size]))

    def recv_bytes(self, maxlength=None):
        self._check(readable=True)
        data = _loads(self._in.get())
        if maxlength is not None and len(data) > maxlength:
            raise OSError("bad message length")
        return data

    def poll(self, timeout=0.0):
        """Whether there is data to read, waiting up to timeout seconds
        (None: for ever)."""
        self._check(readable=True)
        q = self._in
        with q.not_empty:
            if not q._qsize():
                if timeout is None:
                    while not q._qsize():
                        q.not_empty.wait()
                elif timeout > 0:
                    q.not_empty.wait(timeout)
            return q._qsize() > 0

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        self.close()


def Pipe(duplex=True):
    """Returns two connection objects connected by a pipe."""
    a = _share(_queue.Queue())
    if duplex:
        b = _share(_queue.Queue())
        return Connection(a, b), Connection(b, a)
    return Connection(a, None), Connection(None, a)


def Lock():
    """A lock every process shares (multiprocessing.synchronize.Lock)."""
    return _share(threading.Lock())


def RLock():
    """A reentrant lock every process shares."""
    return _share(threading.RLock())


def Semaphore(value=1):
    """A semaphore every process shares."""
    return _share(threading.Semaphore(value))


def BoundedSemaphore(value=1):
    """A bounded semaphore every process shares."""
    return _share(threading.BoundedSemaphore(value))


def Condition(lock=None):
    """A condition variable every process shares."""
    return _share(threading.Condition(lock))


def Event():
    """An event every process shares."""
    return _share(threading.Event())


def Barrier(parties, action=None, timeout=None):
    """A barrier every process shares."""
    return _share(threading.Barrier(parties, action, timeout))


_TYPECODE_NAMES = {'b': 'c_byte', 'B': 'c_ubyte', 'h': 'c_short',
                   'H': 'c_ushort', 'i': 'c_int', 'I': 'c_uint',
                   'l': 'c_long', 'L': 'c_ulong', 'q': 'c_longlong',
                   'Q': 'c_ulonglong', 'f': 'c_float', 'd': 'c_double',
                   'c': 'c_char', 'u': 'c_wchar'}


class _SynchronizedValue(object):
    """What multiprocessing.Value returns: one value in shared memory and
    the lock that guards it."""

    def __init__(self, typecode, value, lock):
        self._typecode = typecode
        self._cell = _share([value])
        self._lock = lock

    @property
    def value(self):
        return self._cell[0]

    @value.setter
    def value(self, value):
        self._cell[0] = value

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def acquire(self, *args):
        return self._lock.acquire(*args)

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        name = _TYPECODE_NAMES.get(self._typecode, str(self._typecode))
        return '<Synchronized wrapper for %s(%r)>' % (name, self._cell[0])


def Value(typecode_or_type, *args, lock=True):
    """A value in memory every process shares, with a lock (lock=True), the
    given lock, or none (lock=False)."""
    if args:
        value = args[0]
    elif typecode_or_type in ('f', 'd'):
        value = 0.0
    else:
        value = 0
    if lock is True:
        lock = RLock()
    elif lock is False:
        lock = None
    return _SynchronizedValue(typecode_or_type, value, lock)


class _SynchronizedArray(_SynchronizedValue):
    """What multiprocessing.Array returns."""

    def __init__(self, typecode, items, lock):
        self._typecode = typecode
        self._cell = _share(list(items))
        self._lock = lock

    def __len__(self):
        return len(self._cell)

    def __getitem__(self, i):
        return self._cell[i]

    def __setitem__(self, i, value):
        self._cell[i] = value

    def __repr__(self):
        return '<SynchronizedArray wrapper for %r>' % (self._cell,)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    """An array in memory every process shares."""
    if isinstance(size_or_initializer, int):
        zero = 0.0 if typecode_or_type in ('f', 'd') else 0
        items = [zero] * size_or_initializer
    else:
        items = list(size_or_initializer)
    if lock is True:
        lock = RLock()
    elif lock is False:
        lock = None
    return _SynchronizedArray(typecode_or_type, items, lock)


def get_start_method(allow_none=False):
    return 'fork'


def set_start_method(method, force=False):
    if method != 'fork':
        raise ValueError('Interleave models the fork start method only, not %r' % method)


class _ForkContext(object):
    """What get_context('fork') returns: the module's API."""
    _name = 'fork'
    Process = Process
    ProcessError = ProcessError
    TimeoutError = TimeoutError
    Queue = staticmethod(Queue)
    SimpleQueue = staticmethod(SimpleQueue)
    JoinableQueue = staticmethod(JoinableQueue)
    Pipe = staticmethod(Pipe)
    Lock = staticmethod(Lock)
    RLock = staticmethod(RLock)
    Semaphore = staticmethod(Semaphore)
    BoundedSemaphore = staticmethod(BoundedSemaphore)
    Condition = staticmethod(Condition)
    Event = staticmethod(Event)
    Barrier = staticmethod(Barrier)
    Value = staticmethod(Value)
    Array = staticmethod(Array)
    current_process = staticmethod(current_process)
    parent_process = staticmethod(parent_process)
    active_children = staticmethod(active_children)
    cpu_count = staticmethod(cpu_count)

    def get_start_method(self, allow_none=False):
        return 'fork'


def get_context(method=None):
    if method not in (None, 'fork'):
        raise ValueError('Interleave models the fork start method only, not %r' % method)
    return _ForkContext()


def _exit_function():
    '''Interleave: what multiprocessing.util._exit_function() does at exit:
    terminate daemonic children, join the others.'''
    for p in active_children():
        if p.daemon:
            p._popen.terminate()
    for p in active_children():
        p.join()


_current_process = _MainProcess()
_parent_process = None
_process_counter = _Counter(1)
_children = set()
threading._register_atexit(_exit_function)
