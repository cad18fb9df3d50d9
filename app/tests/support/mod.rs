//! Helpers the trace-file tests share (`tracefile.rs`, `tracefile_fuzz.rs`).

use std::path::Path;
use std::sync::OnceLock;

use tempfile::TempDir;
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, record};
use tracer_core::tracefile::{self, v1::TraceFile};
use tracer_core::vm::Limits;

/// A new temporary directory.
pub fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create temp dir")
}

/// The bytes of the file at `path`.
pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The bytes `tracefile::save` writes for `file`.
pub fn trace_bytes(file: &TraceFile) -> Vec<u8> {
    let dir = tempdir();
    let path = dir.path().join("trace.ron");
    tracefile::save(file, &path, false).expect("save trace");
    read(&path)
}

/// Records `source` in process and converts the recording to a file.
pub fn record_file(source: &str, sched: SchedConfig) -> TraceFile {
    let script = Script {
        name: "tiny.py".to_owned(),
        source: source.to_owned(),
    };
    let config = RunConfig {
        sched,
        limits: Limits::default(),
    };
    let recording = record(&script, config, Scheduling::Seeded, CheckpointPolicy::NONE)
        .expect("the script compiles");
    tracefile::to_file(&recording.trace)
}

/// Two threads racing on a global: a small trace with preemptions.
const TINY_THREADS: &str = "\
import threading

count = 0

def work():
    global count
    for _ in range(50):
        count += 1

ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print('count', count)
";

/// The options `tiny_trace` is recorded under.
fn tiny_sched() -> SchedConfig {
    SchedConfig {
        seed: 3,
        gil: GilModel::Cpython39,
        strategy: StrategyKind::Random,
        cores: 4,
    }
}

/// A small trace with preemptions (two threads racing on a global),
/// recorded once per test process.
pub fn tiny_trace() -> &'static TraceFile {
    static BASE: OnceLock<TraceFile> = OnceLock::new();
    BASE.get_or_init(|| record_file(TINY_THREADS, tiny_sched()))
}
