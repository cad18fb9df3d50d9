//! Virtual cost of instructions, in nanoseconds.
//!
//! Calibrated so pure-Python loops take about as long in virtual time as
//! they do on CPython 3.11 on the development machines (see
//! `scripts/calibrate.py`, which runs `bench/calibrate.py` both ways): simple stack and arithmetic instructions cost
//! a few nanoseconds, calls and allocations more.

use interleave_lang::instruction::Instruction;

/// Virtual cost of pickling a value for another process: a base cost
/// plus a cost per value written (measured on the reference machine:
/// `pickle.dumps` of a small tuple about 0.5 µs, of a 1000-int list 13 µs).
pub const PICKLE_BASE_NS: u64 = 500;
/// See [`PICKLE_BASE_NS`].
pub const PICKLE_PER_VALUE_NS: u64 = 12;
/// Virtual cost of unpickling: a base cost plus a cost per value read
/// (`pickle.loads`: 0.5 µs and 21 µs for the same objects).
pub const UNPICKLE_PER_VALUE_NS: u64 = 20;

/// Virtual cost of starting a thread, to the starting thread (measured:
/// `threading.Thread(...).start()` takes about 57 µs on the reference
/// machine).
pub const THREAD_START_NS: u64 = 57_000;

/// Latency of waking a thread blocked on a lock once the lock is released,
/// under the realistic strategy: the operating system wakes it and it takes
/// the GIL back (measured: a lock ping-pong between two threads takes about
/// 42 µs per round trip, two wake-ups). Other threads run meanwhile.
pub const WAKE_NS: u64 = 20_000;

/// Virtual cost of `os.fork()` to the forking thread: copying the process
/// (measured: `multiprocessing.Process.start()` with the fork method takes
/// about 1.4 ms on the reference machine).
pub const FORK_COST_NS: u64 = 1_400_000;

/// Virtual nanoseconds `instr` takes.
#[must_use]
pub const fn instruction_cost_ns(instr: &Instruction) -> u64 {
    use Instruction as I;
    match instr {
        I::Nop | I::Resume(_) | I::Precall(_) | I::ExtendedArg(_) | I::KwNames(_) => 1,
        I::LoadFast(_)
        | I::StoreFast(_)
        | I::LoadConst(_)
        | I::PopTop
        | I::PushNull
        | I::Copy(_)
        | I::Swap(_) => 3,
        I::JumpForward(_) | I::JumpBackward(_) | I::JumpBackwardNoInterrupt(_) => 3,
        I::LoadGlobal(_) | I::StoreGlobal(_) | I::LoadName(_) | I::StoreName(_) => 8,
        I::BinaryOp(_) | I::CompareOp(_) | I::ForIter(_) => 9,
        I::LoadAttr(_) | I::StoreAttr(_) | I::LoadMethod(_) | I::BinarySubscr | I::StoreSubscr => 5,
        I::Call(_) | I::CallFunctionEx(_) => 12,
        I::BuildTuple(_)
        | I::BuildList(_)
        | I::BuildMap(_)
        | I::BuildSet(_)
        | I::BuildString(_) => 60,
        I::MakeFunction(_) | I::ReturnGenerator | I::BeforeWith | I::WithExceptStart => 40,
        I::YieldValue | I::ReturnValue | I::Send(_) => 6,
        _ => 6,
    }
}
