//! Pickling: how values cross a process boundary (`multiprocessing`
//! queues and pipes). `dumps` turns a value into `bytes` and `loads`
//! rebuilds it in the receiving process, as `pickle` does: containers,
//! numbers, strings and instances by value (with shared references and
//! cycles kept), functions and classes by reference (module and qualified
//! name, looked up again in the receiving process), and the objects
//! `pickle` refuses (locks, generators, modules, ...) refused with its
//! error. The byte layout is Interleave's own, not the pickle protocol.

use num_bigint::BigInt;
use rustc_hash::FxHashMap;

use crate::Vm;
use crate::model::error::PyResult;
use crate::model::heap::ObjId;
use crate::model::object::{Instance, Object};
use crate::model::value::Value;
use crate::sched::{PICKLE_BASE_NS, PICKLE_PER_VALUE_NS, UNPICKLE_PER_VALUE_NS};

/// Nesting deeper than this is refused (as CPython's recursion limit would).
const MAX_DEPTH: usize = 900;

mod tag {
    pub const NONE: u8 = b'N';
    pub const TRUE: u8 = b'T';
    pub const FALSE: u8 = b'F';
    pub const INT: u8 = b'I';
    pub const BIG_INT: u8 = b'L';
    pub const FLOAT: u8 = b'D';
    pub const COMPLEX: u8 = b'C';
    pub const ELLIPSIS: u8 = b'e';
    pub const NOT_IMPLEMENTED: u8 = b'n';
    pub const STR: u8 = b'S';
    pub const BYTES: u8 = b'B';
    pub const TUPLE: u8 = b't';
    pub const LIST: u8 = b'l';
    pub const DICT: u8 = b'd';
    pub const SET: u8 = b's';
    pub const FROZEN_SET: u8 = b'z';
    pub const RANGE: u8 = b'R';
    pub const SLICE: u8 = b'X';
    pub const GLOBAL: u8 = b'G';
    pub const BUILTIN: u8 = b'b';
    pub const OBJECT: u8 = b'O';
    pub const EXCEPTION: u8 = b'E';
    pub const MEMO: u8 = b'M';
}

impl Vm {
    /// `pickle.dumps(value)`.
    pub(crate) fn pickle_dumps(&mut self, value: Value) -> PyResult<Vec<u8>> {
        let mut writer = Writer::default();
        writer.value(self, value, 0)?;
        self.charge_ns(PICKLE_BASE_NS + PICKLE_PER_VALUE_NS * writer.values);
        Ok(writer.out)
    }

    /// `pickle.loads(data)`.
    pub(crate) fn pickle_loads(&mut self, data: &[u8]) -> PyResult<Value> {
        let mut reader = Reader {
            data,
            pos: 0,
            memo: Vec::new(),
            values: 0,
        };
        let value = reader.value(self, 0)?;
        if reader.pos != data.len() {
            return self.raise("ValueError", "pickle data was truncated");
        }
        self.charge_ns(PICKLE_BASE_NS + UNPICKLE_PER_VALUE_NS * reader.values);
        Ok(value)
    }

    /// `(module, qualname)` naming a function or class for pickling, if it
    /// can be found again by that name.
    fn global_name(&mut self, id: ObjId) -> PyResult<(String, String)> {
        let (module, qualname) = match self.heap.get(id) {
            Object::Function(f) => {
                let (module, globals, qualname) = (f.module, f.globals, f.qualname.to_string());
                let module = if let Some(m) = module {
                    m
                } else {
                    let key = self.intern("__name__");
                    self.dict_get_str(globals, key).unwrap_or(Value::None)
                };
                (module, qualname)
            }
            Object::Class(c) => {
                let (dict, qualname) = (c.dict, c.qualname.to_string());
                let key = self.intern("__module__");
                (
                    self.dict_get_str(dict, key).unwrap_or(Value::None),
                    qualname,
                )
            }
            _ => unreachable!("only functions and classes are pickled by name"),
        };
        let module = self.str_string(module)?;
        if qualname.contains("<locals>") {
            return self.raise(
                "AttributeError",
                format!("Can't pickle local object '{qualname}'"),
            );
        }
        let found = self.find_global(&module, &qualname)?;
        if found != Value::Obj(id) {
            let what = self.repr(Value::Obj(id))?;
            let what = self.str_of(what).to_owned();
            // CPython raises `_pickle.PicklingError` here.
            return self.raise(
                "AttributeError",
                format!("Can't pickle {what}: attribute lookup {qualname} on {module} failed"),
            );
        }
        Ok((module, qualname))
    }

    /// `module.qualname` in the running thread's process (`Value::Null`
    /// when it does not exist).
    fn find_global(&mut self, module: &str, qualname: &str) -> PyResult<Value> {
        let mut parts = qualname.split('.');
        let first = parts.next().unwrap_or_default();
        let key = self.intern(first);
        let mut value = if module == "__main__" {
            let globals = self.processes[self.current_process()].main_globals;
            self.dict_get_str(globals, key).unwrap_or(Value::Null)
        } else {
            let Ok(module) = self.import_module(module) else {
                return Ok(Value::Null);
            };
            self.get_attr_opt(module, key)?.unwrap_or(Value::Null)
        };
        for part in parts {
            if value.is_null() {
                break;
            }
            let key = self.intern(part);
            value = self.get_attr_opt(value, key)?.unwrap_or(Value::Null);
        }
        Ok(value)
    }
}

/// Writes values depth first, remembering containers already written.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    memo: FxHashMap<ObjId, u32>,
    /// Values written (for the virtual cost).
    values: u64,
}

impl Writer {
    fn len(&mut self, n: usize) {
        self.out
            .extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    }

    fn text(&mut self, s: &str) {
        self.len(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Remembers `id` (written next); `false` if it was written before (a
    /// reference to it has been written instead).
    fn first_time(&mut self, id: ObjId) -> bool {
        if let Some(&index) = self.memo.get(&id) {
            self.out.push(tag::MEMO);
            self.len(index as usize);
            return false;
        }
        let index = u32::try_from(self.memo.len()).unwrap_or(u32::MAX);
        self.memo.insert(id, index);
        true
    }

    fn values(&mut self, vm: &mut Vm, items: &[Value], depth: usize) -> PyResult<()> {
        self.len(items.len());
        items.iter().try_for_each(|&v| self.value(vm, v, depth + 1))
    }

    #[expect(clippy::too_many_lines, reason = "one arm per kind of object")]
    fn value(&mut self, vm: &mut Vm, v: Value, depth: usize) -> PyResult<()> {
        self.values += 1;
        if depth > MAX_DEPTH {
            return vm.raise(
                "RecursionError",
                "maximum recursion depth exceeded while pickling an object",
            );
        }
        let id = match v {
            Value::None | Value::Null => {
                self.out.push(tag::NONE);
                return Ok(());
            }
            Value::Bool(b) => {
                self.out.push(if b { tag::TRUE } else { tag::FALSE });
                return Ok(());
            }
            Value::Int(i) => {
                self.out.push(tag::INT);
                self.out.extend_from_slice(&i.to_le_bytes());
                return Ok(());
            }
            Value::Float(f) => {
                self.out.push(tag::FLOAT);
                self.out.extend_from_slice(&f.to_bits().to_le_bytes());
                return Ok(());
            }
            Value::Ellipsis => {
                self.out.push(tag::ELLIPSIS);
                return Ok(());
            }
            Value::NotImplemented => {
                self.out.push(tag::NOT_IMPLEMENTED);
                return Ok(());
            }
            Value::Obj(id) => id,
        };
        match vm.heap.get(id) {
            Object::Str(s) => {
                let s = s.clone();
                self.out.push(tag::STR);
                self.text(&s);
            }
            Object::Bytes(b) => {
                let b = b.clone();
                self.out.push(tag::BYTES);
                self.len(b.len());
                self.out.extend_from_slice(&b);
            }
            Object::BigInt(i) => {
                let bytes = i.to_signed_bytes_le();
                self.out.push(tag::BIG_INT);
                self.len(bytes.len());
                self.out.extend_from_slice(&bytes);
            }
            Object::Complex { re, im } => {
                let (re, im) = (*re, *im);
                self.out.push(tag::COMPLEX);
                self.out.extend_from_slice(&re.to_bits().to_le_bytes());
                self.out.extend_from_slice(&im.to_bits().to_le_bytes());
            }
            Object::Range { start, stop, step } => {
                let (start, stop, step) = (*start, *stop, *step);
                self.out.push(tag::RANGE);
                for n in [start, stop, step] {
                    self.out.extend_from_slice(&n.to_le_bytes());
                }
            }
            Object::Slice { start, stop, step } => {
                let items = [*start, *stop, *step];
                self.out.push(tag::SLICE);
                for item in items {
                    self.value(vm, item, depth + 1)?;
                }
            }
            Object::Tuple(items) => {
                let items = items.to_vec();
                self.out.push(tag::TUPLE);
                self.values(vm, &items, depth)?;
            }
            Object::List(items) => {
                let items = items.clone();
                if self.first_time(id) {
                    self.out.push(tag::LIST);
                    self.values(vm, &items, depth)?;
                }
            }
            Object::Dict(d) => {
                let pairs: Vec<Value> = d.iter().flat_map(|e| [e.key, e.value]).collect();
                if self.first_time(id) {
                    self.out.push(tag::DICT);
                    self.values(vm, &pairs, depth)?;
                }
            }
            Object::Set { set, frozen } => {
                let frozen = *frozen;
                let items: Vec<Value> = set.entries().map(|(_, k)| k).collect();
                if self.first_time(id) {
                    self.out
                        .push(if frozen { tag::FROZEN_SET } else { tag::SET });
                    self.values(vm, &items, depth)?;
                }
            }
            Object::Function(_) | Object::Class(_) if vm.types.is_builtin(id) => {
                let name = vm.class_name(id);
                self.out.push(tag::BUILTIN);
                self.text(&name);
            }
            Object::Native {
                func,
                receiver: None,
            } => {
                let name = func.name;
                self.out.push(tag::BUILTIN);
                self.text(name);
            }
            Object::Function(_) | Object::Class(_) => {
                let (module, qualname) = vm.global_name(id)?;
                self.out.push(tag::GLOBAL);
                self.text(&module);
                self.text(&qualname);
            }
            Object::Instance(inst) if inst.base.is_none() => {
                let (class, dict) = (inst.class, inst.dict);
                let args = inst.exception.as_ref().map(|e| e.args);
                if !self.first_time(id) {
                    return Ok(());
                }
                self.out.push(if args.is_some() {
                    tag::EXCEPTION
                } else {
                    tag::OBJECT
                });
                self.value(vm, Value::Obj(class), depth + 1)?;
                if let Some(args) = args {
                    self.value(vm, args, depth + 1)?;
                }
                self.value(vm, Value::Obj(dict), depth + 1)?;
            }
            _ => {
                let class = vm.type_of(v);
                let name = vm.qualified_class_name(class);
                return vm.raise("TypeError", format!("cannot pickle '{name}' object"));
            }
        }
        Ok(())
    }
}

/// Reads values back, in the receiving process.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    memo: Vec<Value>,
    /// Values read (for the virtual cost).
    values: u64,
}

impl Reader<'_> {
    fn bytes(&mut self, vm: &mut Vm, n: usize) -> PyResult<&[u8]> {
        let Some(end) = self.pos.checked_add(n).filter(|&e| e <= self.data.len()) else {
            return vm.raise("ValueError", "pickle data was truncated");
        };
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn word(&mut self, vm: &mut Vm) -> PyResult<[u8; 8]> {
        let bytes = self.bytes(vm, 8)?;
        Ok(bytes.try_into().expect("eight bytes"))
    }

    fn len(&mut self, vm: &mut Vm) -> PyResult<usize> {
        let bytes = self.bytes(vm, 4)?;
        Ok(u32::from_le_bytes(bytes.try_into().expect("four bytes")) as usize)
    }

    fn text(&mut self, vm: &mut Vm) -> PyResult<String> {
        let n = self.len(vm)?;
        let bytes = self.bytes(vm, n)?.to_vec();
        match String::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(_) => vm.raise("ValueError", "invalid pickle data"),
        }
    }

    fn items(&mut self, vm: &mut Vm, depth: usize) -> PyResult<Vec<Value>> {
        let n = self.len(vm)?;
        let mut items = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            items.push(self.value(vm, depth + 1)?);
        }
        Ok(items)
    }

    /// Registers a container before its contents are read (so cycles work).
    fn remember(&mut self, v: Value) -> usize {
        self.memo.push(v);
        self.memo.len() - 1
    }

    #[expect(clippy::too_many_lines, reason = "one arm per tag")]
    fn value(&mut self, vm: &mut Vm, depth: usize) -> PyResult<Value> {
        self.values += 1;
        if depth > MAX_DEPTH {
            return vm.raise("ValueError", "pickle data nests too deeply");
        }
        let tag = self.bytes(vm, 1)?[0];
        Ok(match tag {
            tag::NONE => Value::None,
            tag::TRUE => Value::Bool(true),
            tag::FALSE => Value::Bool(false),
            tag::ELLIPSIS => Value::Ellipsis,
            tag::NOT_IMPLEMENTED => Value::NotImplemented,
            tag::INT => Value::Int(i64::from_le_bytes(self.word(vm)?)),
            tag::FLOAT => Value::Float(f64::from_bits(u64::from_le_bytes(self.word(vm)?))),
            tag::COMPLEX => {
                let re = f64::from_bits(u64::from_le_bytes(self.word(vm)?));
                let im = f64::from_bits(u64::from_le_bytes(self.word(vm)?));
                vm.new_complex(re, im)
            }
            tag::BIG_INT => {
                let n = self.len(vm)?;
                let big = BigInt::from_signed_bytes_le(self.bytes(vm, n)?);
                vm.alloc(Object::BigInt(big))
            }
            tag::STR => {
                let s = self.text(vm)?;
                vm.new_str(s)
            }
            tag::BYTES => {
                let n = self.len(vm)?;
                let b = self.bytes(vm, n)?.to_vec();
                vm.alloc(Object::Bytes(b.into_boxed_slice()))
            }
            tag::RANGE => {
                let start = i64::from_le_bytes(self.word(vm)?);
                let stop = i64::from_le_bytes(self.word(vm)?);
                let step = i64::from_le_bytes(self.word(vm)?);
                vm.alloc(Object::Range { start, stop, step })
            }
            tag::SLICE => {
                let start = self.value(vm, depth + 1)?;
                let stop = self.value(vm, depth + 1)?;
                let step = self.value(vm, depth + 1)?;
                vm.alloc(Object::Slice { start, stop, step })
            }
            tag::TUPLE => {
                let items = self.items(vm, depth)?;
                vm.new_tuple(items)
            }
            tag::LIST => {
                let list = vm.new_list(Vec::new());
                self.remember(list);
                let items = self.items(vm, depth)?;
                if let Value::Obj(id) = list
                    && let Object::List(l) = vm.heap.get_mut(id)
                {
                    *l = items;
                }
                list
            }
            tag::DICT => {
                let dict = vm.new_dict();
                self.remember(dict);
                let pairs = self.items(vm, depth)?;
                for pair in pairs.chunks(2) {
                    if let [key, value] = *pair {
                        vm.dict_set(dict, key, value)?;
                    }
                }
                dict
            }
            tag::SET | tag::FROZEN_SET => {
                let index = self.remember(Value::None);
                let items = self.items(vm, depth)?;
                let set = vm.new_set(items, tag == tag::FROZEN_SET)?;
                self.memo[index] = set;
                set
            }
            tag::MEMO => {
                let index = self.len(vm)?;
                match self.memo.get(index) {
                    Some(&v) => v,
                    None => return vm.raise("ValueError", "invalid pickle data"),
                }
            }
            tag::BUILTIN => {
                let name = self.text(vm)?;
                vm.builtin(&name)
            }
            tag::GLOBAL => {
                let module = self.text(vm)?;
                let qualname = self.text(vm)?;
                let found = vm.find_global(&module, &qualname)?;
                if found.is_null() {
                    return vm.raise(
                        "AttributeError",
                        format!("Can't get attribute '{qualname}' on <module '{module}'>"),
                    );
                }
                found
            }
            tag::OBJECT | tag::EXCEPTION => self.instance(vm, tag == tag::EXCEPTION, depth)?,
            _ => return vm.raise("ValueError", "invalid pickle data"),
        })
    }

    /// An instance: its class, for an exception its `args`, then its
    /// `__dict__` (set without calling `__init__`, as `pickle` does).
    fn instance(&mut self, vm: &mut Vm, exception: bool, depth: usize) -> PyResult<Value> {
        let index = self.remember(Value::None);
        let class = self.value(vm, depth + 1)?;
        let Value::Obj(class_id) = class else {
            return vm.raise("ValueError", "invalid pickle data");
        };
        let instance = if exception {
            let args = self.value(vm, depth + 1)?;
            let args = vm.sequence_items(args)?;
            Value::Obj(vm.new_exception(class_id, args))
        } else {
            let dict = vm.heap.alloc(Object::Dict(crate::model::dict::Dict::new()));
            vm.alloc(Object::Instance(Box::new(Instance {
                class: class_id,
                dict,
                exception: None,
                base: None,
            })))
        };
        self.memo[index] = instance;
        let state = self.value(vm, depth + 1)?;
        if let (Value::Obj(id), Value::Obj(state)) = (instance, state)
            && let Object::Instance(inst) = vm.heap.get(id)
            && let Object::Dict(entries) = vm.heap.get(state)
        {
            let dict = Value::Obj(inst.dict);
            let pairs: Vec<(Value, Value)> = entries.iter().map(|e| (e.key, e.value)).collect();
            for (key, value) in pairs {
                vm.dict_set(dict, key, value)?;
            }
        }
        Ok(instance)
    }
}
