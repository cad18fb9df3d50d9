//! `import`: the native modules (`crate::modules`) and the Python prelude
//! modules embedded in the binary (`threading`, `queue`, ...). Nothing is
//! ever read from the host file system.

use crate::Vm;
use crate::exec::interp::NestedExit;
use crate::model::error::PyResult;
use crate::model::frame::ReturnAction;
use crate::model::value::Value;

/// Prelude modules: name and Python source.
const PRELUDE: &[(&str, &str)] = &[
    ("threading", include_str!("../../prelude/threading.py")),
    ("queue", include_str!("../../prelude/queue.py")),
    (
        "multiprocessing",
        include_str!("../../prelude/multiprocessing.py"),
    ),
    ("concurrent", ""),
    (
        "_builtin_helpers",
        include_str!("../../prelude/builtin_helpers.py"),
    ),
    (
        "concurrent.futures",
        include_str!("../../prelude/concurrent_futures.py"),
    ),
];

/// The prelude module holding Python versions of iterator-consuming builtins.
const BUILTIN_HELPERS: &str = "_builtin_helpers";

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

impl Vm {
    /// `import name`.
    pub(crate) fn import_module(&mut self, name: &str) -> PyResult<Value> {
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
            name if let Some(build) = crate::modules::native(name) => build(self),
            _ => {
                if let Some((_, source)) = PRELUDE.iter().find(|(n, _)| *n == name) {
                    return self.load_prelude(name, source);
                }
                let msg = format!("No module named '{name}'");
                return self.raise("ModuleNotFoundError", msg);
            }
        };
        Ok(module)
    }

    /// The Python version of `callable` (a builtin such as `list`) to use
    /// when its first argument is a generator and other threads exist, so
    /// that the generator runs in ordinary frames where it may block and be
    /// switched out. Single-threaded programs keep the faster native path.
    pub(crate) fn generator_consumer(
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
    pub(crate) fn source_of(&self, filename: &str) -> Option<&str> {
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
    fn modules(&self) -> &std::collections::BTreeMap<String, crate::model::heap::ObjId> {
        &self.processes[self.current_process()].modules
    }

    pub(crate) fn modules_mut(
        &mut self,
    ) -> &mut std::collections::BTreeMap<String, crate::model::heap::ObjId> {
        let process = self.current_process();
        &mut self.processes[process].modules
    }

    /// Compiles and runs a prelude module in its own namespace.
    fn load_prelude(&mut self, name: &str, source: &str) -> PyResult<Value> {
        let filename = if name == BUILTIN_HELPERS {
            crate::exec::HELPERS_FILENAME.to_owned()
        } else {
            format!("<prelude {name}>")
        };
        let code = match self.compilations.compile(source, &filename) {
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
}
