//! Fuzzing trace files: about 2000 seeded mutations of a small trace go
//! through `tracefile::parse` in process; none may panic, accepted ones must
//! save and load back unchanged, and replaying some of them must verify
//! exactly when they record the original run. Inputs that produced distinct
//! errors are kept in `tests/fixtures/trace-fuzz-corpus/` and re-checked on
//! every run; regenerate them with
//! `INTERLEAVE_REGEN_CORPUS=1 cargo test --release -p interleave --test tracefile_fuzz fuzzed`.

#![expect(
    clippy::cast_possible_truncation,
    reason = "the fuzzer's seeded positions and bytes"
)]

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use interleave_tests::repo_root;
use support::{tempdir, tiny_trace, trace_bytes};
use tracer_core::sched::Rng;
use tracer_core::trace::CheckpointPolicy;
use tracer_core::tracefile::{self, LoadError, v1::TraceFile};

mod support;

const FUZZ_SEED: u64 = 0x1e4f_7ace;
const FUZZ_CASES: usize = 2000;
/// Accepted mutants that are replayed and verified.
const FUZZ_REPLAYS: usize = 20;
/// Most corpus files kept.
const CORPUS_MAX: usize = 30;
/// Set to `1` to rewrite the corpus from the fuzz run.
const REGEN_ENV: &str = "INTERLEAVE_REGEN_CORPUS";

/// Text the mutator inserts: RON syntax, extensions, extreme numbers.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "Some(",
    "None",
    "-1",
    "1e999",
    "0x1F",
    "inf",
    "NaN",
    "true",
    "/*",
    "*/",
    "//",
    "r#\"",
    "b\"x\"",
    "\"\\u{0}\"",
    "\"\\u{D800}\"",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "Start",
    "Finished",
    "version: 2,",
    "format: \"x\",",
    "((((((((((((((((((((((((((((((((((((((((",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
];

/// Numbers that stress range checks and step arithmetic.
const EXTREMES: &[&str] = &[
    "0",
    "1",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999",
];

fn pick(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

/// The run of ASCII digits at or after `from`, if any.
fn digits_from(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let start = from + bytes[from..].iter().position(u8::is_ascii_digit)?;
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    Some((start, start + len))
}

/// One to three random edits of `input`.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        let len = out.len();
        let at = pick(rng, len + 1);
        let span = (1 + pick(rng, 16)).min(len - at.min(len));
        match rng.below(8) {
            0 if at < len => out[at] ^= 1 << rng.below(8),
            1 => {
                out.drain(at..at + span);
            }
            2 => {
                let copy = out[at..at + span].to_vec();
                let to = pick(rng, len + 1);
                out.splice(to..to, copy);
            }
            3 => out.truncate(at),
            4 => {
                if let Some((start, end)) = digits_from(&out, at) {
                    let i = start + pick(rng, end - start);
                    out[i] = b'0' + rng.below(10) as u8;
                }
            }
            5 => {
                if let Some((start, end)) = digits_from(&out, at) {
                    let number = EXTREMES[pick(rng, EXTREMES.len())];
                    out.splice(start..end, number.bytes());
                }
            }
            6 if at + 1 < len => out.swap(at, at + 1),
            _ => {
                let token = TOKENS[pick(rng, TOKENS.len())];
                out.splice(at..at, token.bytes());
            }
        }
    }
    out
}

/// Loads `bytes`: text through `tracefile::parse`, anything else through
/// `tracefile::load` of a file at `scratch`.
fn load_bytes(bytes: &[u8], scratch: &Path) -> Result<TraceFile, LoadError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return tracefile::parse(text);
    }
    std::fs::write(scratch, bytes).expect("write scratch file");
    tracefile::load(scratch)
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic)".to_owned())
}

/// The `LoadError` variant's name.
fn variant(e: &LoadError) -> String {
    format!("{e:?}")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Groups errors that differ only in positions, numbers, quoted text and
/// details (what the parser found, advice): `Variant:message`.
fn error_key(e: &LoadError) -> String {
    let message = e.to_string();
    let message = message.split(" but found").next().unwrap_or_default();
    let message = message.split(", ").next().unwrap_or_default();
    let mut key = format!("{}:", variant(e));
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted || c.is_ascii_digit() => {}
            _ => key.push(c),
        }
    }
    key
}

/// `key` as a file name: lowercase words joined by `-`, at most 48 bytes.
fn slug(key: &str) -> String {
    let words: Vec<String> = key
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut slug = words.join("-");
    slug.truncate(48);
    slug.trim_end_matches('-').to_owned()
}

/// `true` if `file` records the run `base` records: everything `verify`
/// compares with a replay, but the writer's version and the step limit
/// (which [`check_replay`] replaces with its cap), and the analyses of a
/// file that claims another version (derived data, which `verify` takes
/// from the replay then).
fn records_same_run(file: &TraceFile, base: &TraceFile) -> bool {
    let mut file = file.clone();
    if file.interleave != base.interleave {
        file.analyses.clone_from(&base.analyses);
    }
    file.interleave.clone_from(&base.interleave);
    file.options.max_steps = base.options.max_steps;
    file == *base
}

/// The top-level fields in which two files differ.
fn differing_fields(a: &TraceFile, b: &TraceFile) -> Vec<&'static str> {
    [
        ("options", a.options == b.options),
        ("script", a.script == b.script),
        ("steps", a.steps == b.steps),
        ("end_time_ns", a.end_time_ns == b.end_time_ns),
        ("outcome", a.outcome == b.outcome),
        ("stdout", a.stdout == b.stdout),
        ("stderr", a.stderr == b.stderr),
        ("schedule", a.schedule == b.schedule),
        ("events", a.events == b.events),
        ("analyses", a.analyses == b.analyses),
        ("digest", a.digest == b.digest),
        ("marks", a.marks == b.marks),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(name, _)| name)
    .collect()
}

/// Replays `mutant` (its step limit capped so a mutated loop bound and
/// step count cannot run long; the capped file is what gets verified) and
/// checks that it verifies exactly when it records the base run. Returns
/// what went wrong.
fn check_replay(mutant: &TraceFile, base: &TraceFile) -> Result<(), String> {
    let mut capped = mutant.clone();
    let cap = base.steps * 10;
    capped.options.max_steps = Some(capped.options.max_steps.map_or(cap, |m| m.min(cap)));
    let verified = catch_unwind(AssertUnwindSafe(|| {
        tracefile::replay(&capped, false, CheckpointPolicy::NONE)
            .is_ok_and(|recording| tracefile::verify(&capped, &recording).is_ok())
    }))
    .map_err(|p| format!("replay or verify panicked: {}", panic_message(&*p)))?;
    let same_run = records_same_run(mutant, base);
    let same_inputs = mutant.script.source == base.script.source && mutant.options == base.options;
    // Options that do not change this run (cores under a GIL, the seed
    // when the schedule is replayed) still describe it: such a file verifies.
    let only_options = differing_fields(mutant, base) == ["options"];
    if verified && !same_run && !only_options {
        return Err(format!(
            "verified a file that does not record the base run (it differs in {:?})",
            differing_fields(mutant, base)
        ));
    }
    if !verified && same_run && same_inputs {
        return Err("rejected a file that records the base run".to_owned());
    }
    Ok(())
}

fn corpus_dir() -> PathBuf {
    repo_root().join("tests/fixtures/trace-fuzz-corpus")
}

/// Replaces the corpus with up to [`CORPUS_MAX`] of `rejected`, taking
/// the variants in turn so every kind of error is kept.
fn write_corpus(rejected: &BTreeMap<String, Vec<u8>>) {
    let dir = corpus_dir();
    std::fs::create_dir_all(&dir).expect("create corpus dir");
    for old in std::fs::read_dir(&dir).expect("read corpus dir") {
        std::fs::remove_file(old.expect("dir entry").path()).expect("remove old corpus file");
    }
    let mut by_variant: BTreeMap<&str, Vec<(&String, &Vec<u8>)>> = BTreeMap::new();
    for entry in rejected {
        let variant = entry.0.split(':').next().unwrap_or_default();
        by_variant.entry(variant).or_default().push(entry);
    }
    let mut kept = Vec::new();
    for round in 0.. {
        let before = kept.len();
        kept.extend(by_variant.values().filter_map(|entries| entries.get(round)));
        if kept.len() == before || kept.len() >= CORPUS_MAX {
            break;
        }
    }
    kept.truncate(CORPUS_MAX);
    for (i, (key, input)) in kept.iter().enumerate() {
        std::fs::write(dir.join(format!("{i:02}-{}.ron", slug(key))), input)
            .expect("write corpus file");
    }
}

#[test]
fn fuzzed_trace_files_never_panic_the_loader() {
    let base_file = tiny_trace();
    let base = trace_bytes(base_file);
    let scratch = tempdir();
    let scratch = scratch.path().join("case.ron");
    let mut rng = Rng::new(FUZZ_SEED);
    let mut failures = Vec::new();
    let mut rejected: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let (mut accepted, mut replayed) = (0, 0);
    for case in 0..FUZZ_CASES {
        let input = mutate(&mut rng, &base);
        match catch_unwind(AssertUnwindSafe(|| load_bytes(&input, &scratch))) {
            Err(payload) => failures.push(format!(
                "case {case}: panicked: {}",
                panic_message(&*payload)
            )),
            Ok(Err(e)) => {
                if e.to_string().contains('\n') {
                    failures.push(format!("case {case}: message of several lines: {e}"));
                }
                rejected.entry(error_key(&e)).or_insert(input);
            }
            Ok(Ok(file)) => {
                accepted += 1;
                let saved = String::from_utf8(trace_bytes(&file)).expect("UTF-8 trace");
                if tracefile::parse(&saved).ok().as_ref() != Some(&file) {
                    failures.push(format!(
                        "case {case}: accepted file does not survive save + load"
                    ));
                }
                if file != *base_file && replayed < FUZZ_REPLAYS {
                    replayed += 1;
                    if let Err(what) = check_replay(&file, base_file) {
                        failures.push(format!("case {case}: {what}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {FUZZ_CASES} cases failed (seed {FUZZ_SEED:#x}):\n{}",
        failures.len(),
        failures.join("\n")
    );
    let variants: std::collections::BTreeSet<&str> = rejected
        .keys()
        .filter_map(|k| k.split(':').next())
        .collect();
    assert!(
        accepted >= 50 && replayed == FUZZ_REPLAYS && variants.len() >= 4,
        "the mutator explores too little: {accepted} accepted, {replayed} replayed, errors {variants:?}"
    );
    if std::env::var(REGEN_ENV).is_ok_and(|v| v == "1") {
        write_corpus(&rejected);
    }
}

#[test]
fn fuzz_corpus_is_rejected_without_panics() {
    let dir = corpus_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "empty corpus; regenerate it with {REGEN_ENV}=1"
    );
    for path in &paths {
        let name = path.display();
        match catch_unwind(|| tracefile::load(path)) {
            Err(payload) => panic!("{name}: loader panicked: {}", panic_message(&*payload)),
            Ok(Ok(_)) => panic!("{name}: accepted, but every corpus file is bad input"),
            Ok(Err(e)) => assert!(!e.to_string().contains('\n'), "{name}: {e}"),
        }
    }
}
