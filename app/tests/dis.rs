//! `interleave dis` against `python3 -m dis` (CPython 3.11): every
//! `tests/dis/programs/NAME.py` must disassemble to `tests/dis/expected/NAME.dis`
//! and every `tests/listings/STEM.py` to `tests/dis/expected/listing_STEM.dis`,
//! byte for byte (code object addresses are normalised to `0x0` on both sides),
//! except the goldens listed in `tests/dis/known_failures.txt`, which must
//! still differ (so the list only shrinks). All problems are reported together.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use interleave_tests::{diff, interleave_bin, read_name_list, repo_root, run_interleave};

/// `(directory, script file name, expected .dis file)` for every golden.
fn targets() -> Vec<(PathBuf, String, PathBuf)> {
    let root = repo_root();
    let expected = root.join("tests/dis/expected");
    let mut out = Vec::new();
    for (dir, prefix) in [("tests/dis/programs", ""), ("tests/listings", "listing_")] {
        let dir = root.join(dir);
        let mut stems: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .filter_map(|e| {
                let path = e.expect("directory entry").path();
                (path.extension()? == "py")
                    .then(|| path.file_stem()?.to_str().map(str::to_owned))?
            })
            .collect();
        stems.sort();
        for stem in stems {
            let golden = expected.join(format!("{prefix}{stem}.dis"));
            out.push((dir.clone(), format!("{stem}.py"), golden));
        }
    }
    out
}

/// Replaces every `0x[0-9a-f]+` with `0x0`, as `scripts/gen_dis_goldens.py` does.
fn normalise_addresses(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(b"0x")
            && text
                .get(i + 2)
                .is_some_and(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        {
            out.extend_from_slice(b"0x0");
            i += 2;
            while text
                .get(i)
                .is_some_and(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            {
                i += 1;
            }
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// Compares one golden; `Err` holds a report of the difference.
fn check(dir: &Path, script: &str, golden: &Path) -> Result<(), String> {
    let name = golden.file_name().unwrap().to_string_lossy();
    let Ok(expected) = std::fs::read(golden) else {
        return Err(format!(
            "=== {name} ===\nmissing; run scripts/gen_dis_goldens.py\n"
        ));
    };
    let run = run_interleave(interleave_bin!(), ["dis", script], dir);
    if run.code() != Some(0) {
        return Err(format!(
            "=== {name} ===\n`interleave dis {script}`: {}\n{}",
            run.describe_status(),
            run.stderr_text()
        ));
    }
    let d = diff(
        &format!("expected/{name}"),
        &format!("actual `interleave dis {script}`"),
        &expected,
        &normalise_addresses(&run.stdout),
    );
    if d.is_empty() {
        Ok(())
    } else {
        Err(format!("=== {name} ===\n{d}"))
    }
}

#[test]
fn dis_matches_cpython() {
    let targets = targets();
    assert!(!targets.is_empty(), "no dis goldens found");
    let known: BTreeSet<String> = read_name_list(&repo_root().join("tests/dis/known_failures.txt"))
        .into_iter()
        .collect();
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    let mut seen = BTreeSet::new();
    for (dir, script, golden) in &targets {
        let stem = golden.file_stem().unwrap().to_string_lossy().into_owned();
        let result = check(dir, script, golden);
        match (known.contains(&stem), result) {
            (false, Err(report)) => failures.push(report),
            (true, Ok(())) => fixed.push(stem.clone()),
            _ => {}
        }
        seen.insert(stem);
    }
    let stale: Vec<&String> = known.difference(&seen).collect();
    let mut message = String::new();
    if !failures.is_empty() {
        let _ = writeln!(
            message,
            "{} of {} dis goldens differ:\n\n{}",
            failures.len(),
            targets.len(),
            failures.join("\n")
        );
    }
    if !fixed.is_empty() {
        let _ = writeln!(
            message,
            "these now match; remove them from tests/dis/known_failures.txt: {}",
            fixed.join(" ")
        );
    }
    if !stale.is_empty() {
        let _ = writeln!(
            message,
            "tests/dis/known_failures.txt names unknown goldens: {stale:?}"
        );
    }
    assert!(message.is_empty(), "{message}");
}
