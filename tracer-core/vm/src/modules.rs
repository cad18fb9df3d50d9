//! `import`: the native modules (`_thread`, `time`, `sys`, `linecache`) and the Python
//! prelude modules embedded in the binary (`threading`, `queue`). Nothing
//! is ever read from the host file system.

use super::Vm;
use super::dict::Dict;
use super::error::{PyResult, VmError};
use super::frame::ReturnAction;
use super::interp::NestedExit;
use super::native::NativeImpl;
use super::object::Object;
use super::thread::{Status, Wait};
use super::value::Value;

type Kwargs<'a> = &'a [(Box<str>, Value)];

/// Prelude modules: name and Python source.
const PRELUDE: &[(&str, &str)] = &[
    ("threading", include_str!("../prelude/threading.py")),
    ("queue", include_str!("../prelude/queue.py")),
    (
        "multiprocessing",
        include_str!("../prelude/multiprocessing.py"),
    ),
    ("concurrent", ""),
    (
        "_builtin_helpers",
        include_str!("../prelude/builtin_helpers.py"),
    ),
    (
        "concurrent.futures",
        include_str!("../prelude/concurrent_futures.py"),
    ),
];

/// The prelude module holding Python versions of iterator-consuming builtins.
const BUILTIN_HELPERS: &str = "_builtin_helpers";

/// File name of its code, hidden from tracebacks.
pub(super) const HELPERS_FILENAME: &str = "<builtin helpers>";

/// Builtins that have a Python version for generator arguments.
const GENERATOR_CONSUMERS: &[(&str, &str)] = &[
    ("list", "list_from"),
    ("tuple", "tuple_from"),
    ("set", "set_from"),
    ("sum", "sum_from"),
    ("sorted", "sorted_from"),
    ("any", "any_from"),
    ("all", "all_from"),
];

/// Virtual `time.time()` at the start of every run (2026-01-01T00:00:00Z).
const EPOCH_SECONDS: f64 = 1_767_225_600.0;

impl Vm {
    /// `import name`.
    pub(super) fn import_module(&mut self, name: &str) -> PyResult<Value> {
        if let Some(&module) = self.modules().get(name) {
            return Ok(Value::Obj(module));
        }
        if let Some((package, leaf)) = name.rsplit_once('.') {
            let parent = self.import_module(package)?;
            let module = self.import_leaf(name)?;
            self.set_module_attr(parent, leaf, module);
            return Ok(module);
        }
        self.import_leaf(name)
    }

    /// Imports a module whose parent package (if any) is already imported.
    fn import_leaf(&mut self, name: &str) -> PyResult<Value> {
        let module = match name {
            "_thread" => self.native_module(name, super::sync::FUNCTIONS),
            "time" => self.native_module(name, TIME_FUNCTIONS),
            "sys" => self.sys_module(),
            "linecache" => self.native_module(name, super::linecache::FUNCTIONS),
            "os" => {
                let module = self.native_module(name, super::os::FUNCTIONS);
                for &(constant, value) in super::os::CONSTANTS {
                    self.set_module_attr(module, constant, Value::Int(value));
                }
                module
            }
            "_multiprocessing" => self.native_module(name, super::multiprocessing::FUNCTIONS),
            _ => {
                if let Some((_, source)) = PRELUDE.iter().find(|(n, _)| *n == name) {
                    return self.load_prelude(name, source);
                }
                let msg = format!("No module named '{name}'");
                return self.raise("ModuleNotFoundError", msg);
            }
        };
        if name == "_thread" {
            self.add_thread_constants(module);
        }
        Ok(module)
    }

    /// A module object named `name` (not registered in `sys.modules`).
    fn make_module(&mut self, name: &str) -> (Value, super::heap::ObjId) {
        let dict = self.heap.alloc(Object::Dict(Dict::new()));
        let key = self.intern("__name__");
        let value = self.intern(name);
        self.dict_set_str(dict, key, value);
        let module = self.heap.alloc(Object::Module {
            name: name.into(),
            dict,
        });
        (Value::Obj(module), dict)
    }

    /// A module object registered under `name`.
    fn new_module(&mut self, name: &str) -> (Value, super::heap::ObjId) {
        let (module, dict) = self.make_module(name);
        if let Value::Obj(id) = module {
            self.modules_mut().insert(name.to_owned(), id);
        }
        (module, dict)
    }

    fn native_module(&mut self, name: &str, functions: &[(&'static str, NativeImpl)]) -> Value {
        let (module, dict) = self.new_module(name);
        for &(fname, f) in functions {
            let key = self.intern(fname);
            let v = self.native(fname, f);
            self.dict_set_str(dict, key, v);
        }
        module
    }

    fn set_module_attr(&mut self, module: Value, name: &str, value: Value) {
        if let Value::Obj(id) = module
            && let Object::Module { dict, .. } = self.heap.get(id)
        {
            let dict = *dict;
            let key = self.intern(name);
            self.dict_set_str(dict, key, value);
        }
    }

    fn add_thread_constants(&mut self, module: Value) {
        let lock_type = Value::Obj(self.types.get(super::object::BuiltinType::Lock));
        self.set_module_attr(module, "LockType", lock_type);
        let rlock_type = Value::Obj(self.types.get(super::object::BuiltinType::RLock));
        self.set_module_attr(module, "RLock", rlock_type);
        self.set_module_attr(
            module,
            "TIMEOUT_MAX",
            Value::Float(super::sync::TIMEOUT_MAX),
        );
        let error = Value::Obj(self.types.exception("RuntimeError"));
        self.set_module_attr(module, "error", error);
    }

    fn sys_module(&mut self) -> Value {
        let module = self.native_module("sys", SYS_FUNCTIONS);
        for (stream, write) in [
            ("stdout", stdout_write as NativeImpl),
            ("stderr", stderr_write as NativeImpl),
        ] {
            let (obj, dict) = self.make_module(&format!("sys.{stream}"));
            for (fname, f) in [("write", write), ("flush", flush as NativeImpl)] {
                let key = self.intern(fname);
                let v = self.native(fname, f);
                self.dict_set_str(dict, key, v);
            }
            self.set_module_attr(module, stream, obj);
        }
        let version = self.new_str("3.11.7 (interleave)");
        self.set_module_attr(module, "version", version);
        let platform = self.new_str("linux");
        self.set_module_attr(module, "platform", platform);
        self.set_module_attr(module, "maxsize", Value::Int(i64::MAX));
        let script_name = self.script_name.clone();
        let script = self.new_str(script_name.as_ref());
        let argv = self.new_list(vec![script]);
        self.set_module_attr(module, "argv", argv);
        module
    }

    /// The Python version of `callable` (a builtin such as `list`) to use
    /// when its first argument is a generator and other threads exist, so
    /// that the generator runs in ordinary frames where it may block and be
    /// switched out. Single-threaded programs keep the faster native path.
    pub(super) fn generator_consumer(
        &mut self,
        callable: Value,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let Some(&first) = args.first() else {
            return Ok(None);
        };
        if self.threads.len() < 2 || !self.is_generator(first) {
            return Ok(None);
        }
        let Some(&(_, helper)) = GENERATOR_CONSUMERS
            .iter()
            .find(|(name, _)| self.builtin(name) == callable)
        else {
            return Ok(None);
        };
        let module = self.import_module(BUILTIN_HELPERS)?;
        let name = self.intern(helper);
        self.get_attr_opt(module, name)
    }

    /// The source text of the file a code object came from: the script or
    /// a prelude module (for traceback lines).
    pub(super) fn source_of(&self, filename: &str) -> Option<&str> {
        if filename == &*self.script_name {
            return Some(&self.source);
        }
        let module = filename.strip_prefix("<prelude ")?.strip_suffix('>')?;
        PRELUDE
            .iter()
            .find(|(name, _)| *name == module)
            .map(|(_, source)| *source)
    }

    /// `sys.modules` of the running thread's process.
    fn modules(&self) -> &std::collections::BTreeMap<String, super::heap::ObjId> {
        &self.processes[self.current_process()].modules
    }

    fn modules_mut(&mut self) -> &mut std::collections::BTreeMap<String, super::heap::ObjId> {
        let process = self.current_process();
        &mut self.processes[process].modules
    }

    /// Compiles and runs a prelude module in its own namespace.
    fn load_prelude(&mut self, name: &str, source: &str) -> PyResult<Value> {
        let filename = if name == BUILTIN_HELPERS {
            HELPERS_FILENAME.to_owned()
        } else {
            format!("<prelude {name}>")
        };
        let code = match interleave_lang::compile(source, &filename) {
            Ok(code) => code,
            Err(e) => {
                return self.raise(
                    "ImportError",
                    format!("prelude module {name} does not compile: {e}"),
                );
            }
        };
        let (module, dict) = self.new_module(name);
        let key = self.intern("__builtins__");
        self.dict_set_str(dict, key, Value::Obj(self.builtins));
        let frame = self.new_frame(code, dict, Some(dict), None, ReturnAction::NativeCall);
        match self.execute_nested(frame) {
            Ok(NestedExit::Returned(_) | NestedExit::Yielded(..)) => Ok(module),
            Err(e) => {
                self.modules_mut().remove(name);
                Err(e)
            }
        }
    }

    /// Virtual seconds since the start of the run.
    #[allow(clippy::cast_precision_loss)] // virtual time stays far below 2**53 ns
    fn virtual_seconds(&self) -> f64 {
        self.clock_ns as f64 / 1e9
    }
}

const TIME_FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("sleep", sleep),
    ("time", time),
    ("monotonic", monotonic),
    ("perf_counter", monotonic),
    ("process_time", monotonic),
    ("time_ns", time_ns),
    ("monotonic_ns", monotonic_ns),
    ("perf_counter_ns", monotonic_ns),
];

const SYS_FUNCTIONS: &[(&str, NativeImpl)] = &[
    ("exc_info", exc_info),
    ("settrace", settrace),
    ("exit", exit),
    ("gettrace", gettrace),
    ("getrecursionlimit", getrecursionlimit),
    ("getswitchinterval", getswitchinterval),
    ("setswitchinterval", setswitchinterval),
    ("intern", intern),
];

pub(super) fn seconds_arg(vm: &mut Vm, v: Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(f),
        other => {
            if let Some(i) = vm.as_i64(other) {
                Ok(i as f64)
            } else {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(other)
                );
                vm.raise("TypeError", msg)
            }
        }
    }
}

fn sleep(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let secs = seconds_arg(vm, args.first().copied().unwrap_or(Value::None))?;
    if secs.is_nan() || secs < 0.0 {
        return vm.raise("ValueError", "sleep length must be non-negative");
    }
    let until = vm.clock_ns.saturating_add(Vm::seconds_to_ns(secs));
    vm.yielded = secs == 0.0;
    vm.threads[vm.current].status = Status::Blocked(Wait::Sleep { until });
    vm.record(crate::event::EventKind::Sleep { until_ns: until });
    Err(VmError::Blocked)
}

fn time(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Float(EPOCH_SECONDS + vm.virtual_seconds()))
}

fn time_ns(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    #[allow(clippy::cast_possible_truncation)]
    let epoch = (EPOCH_SECONDS as i64) * 1_000_000_000;
    Ok(Value::Int(
        epoch + i64::try_from(vm.clock_ns).unwrap_or(i64::MAX),
    ))
}

fn monotonic(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Float(vm.virtual_seconds()))
}

fn monotonic_ns(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(i64::try_from(vm.clock_ns).unwrap_or(i64::MAX)))
}

fn stdout_write(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let text = vm.str_string(args.first().copied().unwrap_or(Value::None))?;
    vm.write_output(&text);
    Ok(Value::Int(i64::try_from(text.chars().count()).unwrap_or(0)))
}

fn stderr_write(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let text = vm.str_string(args.first().copied().unwrap_or(Value::None))?;
    vm.errput.push_str(&text);
    Ok(Value::Int(i64::try_from(text.chars().count()).unwrap_or(0)))
}

fn flush(_: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    match vm.threads[vm.current].exc_info {
        Some(exc) => {
            let class = Value::Obj(vm.type_of(exc));
            Ok(vm.new_tuple(vec![class, exc, Value::None]))
        }
        None => Ok(vm.new_tuple(vec![Value::None, Value::None, Value::None])),
    }
}

fn settrace(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let hook = match args.first().copied().unwrap_or(Value::None) {
        Value::None => Value::Null,
        hook => {
            vm.tracing = true;
            hook
        }
    };
    vm.threads[vm.current].trace_hook = hook;
    Ok(Value::None)
}

/// `sys.exit(status=None)`: raises `SystemExit(status)`.
fn exit(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let class = vm.types.exception("SystemExit");
    let exc = vm.new_exception(class, args.iter().take(1).copied().collect());
    Err(VmError::Exception(exc))
}

fn gettrace(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let hook = vm.threads[vm.current].trace_hook;
    Ok(if hook.is_null() { Value::None } else { hook })
}

fn getrecursionlimit(_: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        i64::try_from(super::RECURSION_LIMIT).unwrap_or(1000),
    ))
}

/// The calling thread's process.
fn current_process(vm: &mut Vm) -> &mut super::process::Process {
    let process = vm.threads[vm.current].process;
    &mut vm.processes[process]
}

fn getswitchinterval(vm: &mut Vm, _: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    #[allow(clippy::cast_precision_loss)] // microseconds stay far below 2**53
    let us = current_process(vm).switch_interval_us as f64;
    Ok(Value::Float(1e-6 * us))
}

/// `sys.setswitchinterval(seconds)`: how long the GIL holder runs while
/// others wait before it is asked to drop the GIL (the realistic
/// strategy's budget), kept in whole microseconds like CPython.
fn setswitchinterval(vm: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    let interval = match args {
        [Value::Float(f)] => *f,
        [v] => {
            let Some(i) = vm.as_i64(*v) else {
                let msg = format!("must be real number, not {}", vm.type_name(*v));
                return vm.raise("TypeError", msg);
            };
            #[allow(clippy::cast_precision_loss)] // as CPython's float(int)
            let f = i as f64;
            f
        }
        _ => {
            let msg = format!(
                "setswitchinterval() takes exactly one argument ({} given)",
                args.len()
            );
            return vm.raise("TypeError", msg);
        }
    };
    if interval <= 0.0 {
        return vm.raise("ValueError", "switch interval must be strictly positive");
    }
    // C's `(unsigned long)(1e6 * interval)`: truncated; what CPython's
    // x86-64 Linux builds give out of range (0) and for NaN (2**63).
    let us = 1e6 * interval;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let us = if us.is_nan() {
        1 << 63
    } else if us < 18_446_744_073_709_551_616.0 {
        us as u64
    } else {
        0
    };
    current_process(vm).switch_interval_us = us;
    Ok(Value::None)
}

fn intern(_: &mut Vm, args: &[Value], _: Kwargs<'_>) -> PyResult<Value> {
    Ok(args.first().copied().unwrap_or(Value::None))
}
