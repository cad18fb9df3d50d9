//! The modules written in Rust: `builtins`, `_thread` (locks, threads,
//! `RLock`), `time`, `sys`, `os`, `_multiprocessing` with pickling, and
//! `linecache`. Each module's file builds it (`module`); `import` finds it
//! through [`native`].

pub(crate) mod builtins;
pub(crate) mod linecache;
pub(crate) mod multiprocessing;
pub(crate) mod os;
pub(crate) mod pickle;
pub(crate) mod rlock;
pub(crate) mod sync;
pub(crate) mod sys;
pub(crate) mod time;

use crate::Vm;
use crate::model::dict::Dict;
use crate::model::heap::ObjId;
use crate::model::native::NativeImpl;
use crate::model::object::Object;
use crate::model::value::Value;

/// The function that builds native module `name`, if there is one.
pub(crate) fn native(name: &str) -> Option<fn(&mut Vm) -> Value> {
    Some(match name {
        "_thread" => sync::module,
        "time" => time::module,
        "sys" => sys::module,
        "linecache" => linecache::module,
        "os" => os::module,
        "_multiprocessing" => multiprocessing::module,
        _ => return None,
    })
}

impl Vm {
    /// A module object named `name` (not registered in `sys.modules`).
    pub(crate) fn make_module(&mut self, name: &str) -> (Value, ObjId) {
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
    pub(crate) fn new_module(&mut self, name: &str) -> (Value, ObjId) {
        let (module, dict) = self.make_module(name);
        if let Value::Obj(id) = module {
            self.modules_mut().insert(name.to_owned(), id);
        }
        (module, dict)
    }

    /// A module registered under `name` holding `functions`.
    pub(crate) fn native_module(
        &mut self,
        name: &str,
        functions: &[(&'static str, NativeImpl)],
    ) -> Value {
        let (module, dict) = self.new_module(name);
        for &(fname, f) in functions {
            let key = self.intern(fname);
            let v = self.native(fname, f);
            self.dict_set_str(dict, key, v);
        }
        module
    }

    /// Sets attribute `name` of `module`.
    pub(crate) fn set_module_attr(&mut self, module: Value, name: &str, value: Value) {
        if let Value::Obj(id) = module
            && let Object::Module { dict, .. } = self.heap.get(id)
        {
            let dict = *dict;
            let key = self.intern(name);
            self.dict_set_str(dict, key, value);
        }
    }
}
