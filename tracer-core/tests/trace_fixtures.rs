//! Every trace-file version has a fixture in `tests/fixtures/traces/`
//! (`v<N>-<name>.ron`): each must still load, replay and verify, and for
//! the current version the writer must reproduce it field for field.

use std::path::PathBuf;

use tracer_core::trace::CheckpointPolicy;
use tracer_core::tracefile::{self, CURRENT_VERSION};

fn fixtures() -> Vec<(u32, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/traces");
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            let version = name
                .strip_prefix('v')
                .and_then(|rest| rest.split('-').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("fixture {name} is not named v<N>-<name>.ron"));
            (version, p)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn there_is_a_fixture_for_every_version() {
    let versions: Vec<u32> = fixtures().iter().map(|(v, _)| *v).collect();
    for version in 1..=CURRENT_VERSION {
        assert!(
            versions.contains(&version),
            "no fixture for version {version}"
        );
    }
}

#[test]
fn every_fixture_loads_replays_and_verifies() {
    for (version, path) in fixtures() {
        let file = tracefile::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(file.version, version, "{}", path.display());
        let replayed = tracefile::replay(&file, false, CheckpointPolicy::NONE)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        tracefile::verify(&file, &replayed).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            String::from_utf8_lossy(&replayed.trace.stdout),
            file.stdout,
            "{}",
            path.display()
        );
        let by_seed = tracefile::replay(&file, true, CheckpointPolicy::NONE).expect("seed replay");
        tracefile::verify(&file, &by_seed)
            .unwrap_or_else(|e| panic!("{} by seed: {e}", path.display()));
    }
}

#[test]
fn the_writer_reproduces_the_current_fixtures() {
    for (version, path) in fixtures() {
        if version != CURRENT_VERSION {
            continue;
        }
        let file = tracefile::load(&path).expect("loads");
        let replayed = tracefile::replay(&file, false, CheckpointPolicy::NONE).expect("replays");
        let mut written = tracefile::to_file(&replayed.trace);
        written.interleave.clone_from(&file.interleave);
        assert_eq!(written, file, "{}", path.display());
    }
}

/// A trace recorded by an Interleave whose VM ran the script differently
/// (`tests/fixtures/older-vm/`) still loads, but its replay is refused
/// with a message naming both versions, never taken for the recorded run.
#[test]
fn a_trace_from_an_older_vm_is_refused_with_both_versions_named() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/older-vm/counter-0.1.0.ron");
    let file = tracefile::load(&path).expect("the format is still current");
    assert_eq!(file.interleave, "0.1.0");
    let replayed = tracefile::replay(&file, false, CheckpointPolicy::NONE).expect("replays");
    let error = tracefile::verify(&file, &replayed)
        .expect_err("this VM runs the script differently")
        .to_string();
    assert!(error.contains("diverged"), "{error}");
    assert!(
        error.contains("recorded by Interleave 0.1.0")
            && error.contains(&format!("this Interleave {}", env!("CARGO_PKG_VERSION"))),
        "{error}"
    );
}
