//! Hostile input never panics, hangs or overflows the stack: hand-written
//! pathological programs, and a seeded mutation fuzzer over the golden
//! corpus (the corpus is `tests/golden/programs/`, the mutations are
//! reproducible from the seed printed on failure).

#![expect(
    clippy::cast_possible_truncation,
    reason = "the fuzzer's seeded positions"
)]

use std::path::PathBuf;
use std::sync::Arc;

use tracer_core::lang::{self, CodeObject};
use tracer_core::sched::{Rng, SchedConfig, Scheduler};
use tracer_core::trace::Recorder;
use tracer_core::vm::{Limits, Outcome, Vm};

const STEP_LIMIT: u64 = 200_000;

fn run(code: Arc<CodeObject>, source: &str) -> Outcome {
    let limits = Limits {
        max_steps: STEP_LIMIT,
        max_objects: 2_000_000,
    };
    Vm::new(
        code,
        source,
        limits,
        Scheduler::new(SchedConfig::default()),
        Box::new(Recorder::default()),
    )
    .run()
}

/// Compiles and (if it compiles) runs `source`, on a thread with an ordinary
/// 8 MiB stack so stack overflows are caught as failures, not masked.
/// A failing input is kept in the temporary directory for reproduction.
fn exercise(name: &str, source: String) {
    let kept = source.clone();
    let handle = std::thread::Builder::new()
        .name(name.to_owned())
        .stack_size(8 << 20)
        .spawn(move || {
            if let Ok(code) = lang::compile(&source, "fuzz.py") {
                let _ = lang::dis::disassemble(&code);
                let _ = run(code, &source);
            }
        })
        .expect("spawn");
    if handle.join().is_err() {
        let file: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let path = std::env::temp_dir().join(format!("interleave-fuzz-{file}.py"));
        let _ = std::fs::write(&path, kept);
        panic!("{name} panicked; input kept in {}", path.display());
    }
}

#[test]
fn pathological_programs_get_errors_not_crashes() {
    let cases: Vec<(&str, String)> = vec![
        (
            "deep parens",
            format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)),
        ),
        ("deep unary", format!("x = {}1\n", "-".repeat(100_000))),
        (
            "long sum",
            format!("x = {}\n", vec!["1"; 200_000].join("+")),
        ),
        ("deep calls", format!("f{}\n", "()".repeat(50_000))),
        ("deep attributes", format!("x{}\n", ".a".repeat(100_000))),
        (
            "deep lambdas",
            format!("f = {}1\n", "lambda: ".repeat(20_000)),
        ),
        ("deep not", format!("x = {}1\n", "not ".repeat(100_000))),
        (
            "huge int literal",
            format!("x = {}\nprint(x % 7)\n", "9".repeat(200_000)),
        ),
        (
            "binary garbage",
            (0..=255u8).map(char::from).collect::<String>().repeat(20),
        ),
        ("deep indentation", deep_indentation()),
        ("runaway recursion", "def f(): return f()\nf()\n".to_owned()),
        (
            "recursive repr",
            "class R:\n    def __repr__(self):\n        return repr(self)\nrepr(R())\n".to_owned(),
        ),
        (
            "nested list repr",
            "l = []\nfor _ in range(50000):\n    l = [l]\nprint(l == l[0], repr(l)[:5])\n"
                .to_owned(),
        ),
        ("huge allocation", "x = [0] * 10**9\n".to_owned()),
        ("huge power", "x = 10 ** 10 ** 10\n".to_owned()),
        ("infinite loop", "while True: pass\n".to_owned()),
        (
            "deadlock on self",
            "import threading\nl = threading.Lock()\nl.acquire()\nl.acquire()\n".to_owned(),
        ),
    ];
    for (name, source) in cases {
        exercise(name, source);
    }
}

fn deep_indentation() -> String {
    use std::fmt::Write as _;
    let mut source = String::new();
    for i in 0..150 {
        let _ = writeln!(source, "{}if x{i}:", "    ".repeat(i));
    }
    source + &"    ".repeat(150) + "pass\n"
}

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/programs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden programs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect()
}

/// One seeded mutation: delete, duplicate or replace a span, or splice a
/// token from a fixed alphabet of troublemakers.
fn mutate(source: &str, rng: &mut Rng) -> String {
    const TOKENS: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        ":",
        "\n",
        "    ",
        "yield",
        "return",
        "lambda:",
        "*",
        "**",
        "=",
        "+=",
        "not ",
        "del ",
        "global x\n",
        "nonlocal x\n",
        "raise",
        "try:\n",
        "except:\n",
        "with x:\n",
        "async ",
        "await ",
        "0j",
        "'''",
        "f'{",
        "}",
        "\\",
        "@",
        ":=",
        "...",
        "\u{0}",
    ];
    let chars: Vec<char> = source.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let len = chars.len() as u64;
    let at = rng.below(len) as usize;
    let span = 1 + rng.below(16) as usize;
    let end = (at + span).min(chars.len());
    let mut out: Vec<char> = chars[..at].to_vec();
    match rng.below(4) {
        0 => {}
        1 => out.extend_from_slice(&chars[at..end]),
        2 => out.extend(TOKENS[rng.below(TOKENS.len() as u64) as usize].chars()),
        _ => out.extend(chars[at..end].iter().rev()),
    }
    out.extend_from_slice(&chars[if rng.below(2) == 0 { end } else { at }..]);
    out.into_iter().collect()
}

#[test]
fn mutated_golden_programs_never_panic() {
    let mut rng = Rng::new(0x1e4e_a7e5);
    for (name, source) in corpus() {
        for round in 0..8 {
            let mut mutated = source.clone();
            for _ in 0..=rng.below(3) {
                mutated = mutate(&mutated, &mut rng);
            }
            exercise(&format!("{name} mutation {round}"), mutated);
        }
    }
}
