//! `interleave dis` against CPython 3.11's `python3 -m dis` for the dis
//! corpus: every program of `tests/dis/programs` and every listing of
//! `tests/listings` must disassemble to the same opcodes, code object by
//! code object, as its golden in `tests/dis/expected` (listings are
//! `listing_<stem>.dis`), and the goldens in [`FULL_MATCH`] must match
//! byte for byte once code object addresses are normalised.

use std::fs;
use std::path::{Path, PathBuf};

/// Goldens `interleave dis` reproduces exactly (addresses aside). A name
/// leaving this list is a regression; add new goldens once they match.
const FULL_MATCH: &[&str] = &[
    "assert_del_raise",
    "augmented_assign",
    "bool_and_or",
    "call_kwargs_star",
    "chained_compare",
    "class_methods_super",
    "class_property_static",
    "closure_cells",
    "comprehensions",
    "constant_folding",
    "decorators",
    "exceptions_nested",
    "for_loop_sum",
    "fstrings",
    "generators_yield",
    "genexpr",
    "if_elif_else",
    "lambda_expr",
    "membership_identity",
    "module_level_code",
    "nonlocal_global",
    "recursion_calls",
    "return_tuples",
    "slicing",
    "try_except_else_finally",
    "try_finally",
    "unpacking",
    "walrus_ternary",
    "while_loop_break",
    "with_stmt",
    "listing_s2_settrace",
    "listing_s3_processes",
    "listing_s4_threads_shared_dict",
    "listing_s5_stack_vs_heap",
    "listing_s6_cpu_vs_io",
    "listing_s7_tiny_vs_batched",
    "listing_s8_race_vs_lock",
    "listing_s9_gil_release_sleep",
];

/// One source file and its golden.
struct Case {
    /// The golden's name (`NAME` of `tests/dis/expected/NAME.dis`).
    name: String,
    source: PathBuf,
    expected: PathBuf,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tracer-core sits in the workspace root")
        .to_path_buf()
}

/// The `.py` files of `dir`, sorted.
fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "py"))
        .collect();
    files.sort();
    files
}

/// Every program and listing with its golden.
fn cases() -> Vec<Case> {
    let root = repo_root();
    let expected_dir = root.join("tests/dis/expected");
    let sources = [("tests/dis/programs", ""), ("tests/listings", "listing_")];
    let mut cases = Vec::new();
    for (dir, prefix) in sources {
        for source in python_files(&root.join(dir)) {
            let stem = source.file_stem().expect("a file name").to_string_lossy();
            let name = format!("{prefix}{stem}");
            let expected = expected_dir.join(format!("{name}.dis"));
            cases.push(Case {
                name,
                source,
                expected,
            });
        }
    }
    assert!(cases.len() >= FULL_MATCH.len(), "the dis corpus is missing");
    cases
}

/// `interleave dis` of a case, compiled under its bare file name as the CLI
/// does.
fn disassemble(case: &Case) -> String {
    let source = fs::read_to_string(&case.source).expect("readable source");
    let file_name = case
        .source
        .file_name()
        .expect("a file name")
        .to_string_lossy();
    let code = tracer_core::lang::compile(&source, &file_name)
        .unwrap_or_else(|e| panic!("{} does not compile: {e:?}", case.name));
    tracer_core::lang::dis::disassemble(&code)
}

fn golden(case: &Case) -> String {
    fs::read_to_string(&case.expected)
        .unwrap_or_else(|e| panic!("reading {}: {e}", case.expected.display()))
}

/// Replaces every `0x<hex digits>` with `0x0`.
fn normalise_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        out.push_str("0x0");
        rest = rest[at + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

/// An opcode name: upper-case letters, digits and underscores.
fn is_opname(token: &str) -> bool {
    token.len() > 1
        && token.starts_with(|c: char| c.is_ascii_uppercase())
        && token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The opname of a `dis` instruction line (`[line] [>>] offset OPNAME ...`).
fn opname_of(line: &str) -> Option<&str> {
    let tokens: Vec<&str> = line.split_whitespace().take(4).collect();
    tokens.windows(2).find_map(|pair| {
        let is_offset = pair[0].chars().all(|c| c.is_ascii_digit());
        (is_offset && is_opname(pair[1])).then_some(pair[1])
    })
}

/// The opnames of each code object of a `dis` listing, in order.
fn opnames_per_code_object(listing: &str) -> Vec<Vec<&str>> {
    let mut sections = vec![Vec::new()];
    for line in listing.lines() {
        if line.starts_with("Disassembly of") {
            sections.push(Vec::new());
        } else if let Some(opname) = opname_of(line) {
            sections.last_mut().expect("never empty").push(opname);
        }
    }
    sections
}

/// The first differing line of two texts, for failure messages.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut actual_lines = actual.lines();
    for (n, want) in expected.lines().enumerate() {
        let got = actual_lines.next().unwrap_or("<end of output>");
        if want != got {
            return format!("line {}:\n  expected: {want}\n  actual:   {got}", n + 1);
        }
    }
    match actual_lines.next() {
        Some(extra) => format!("extra output: {extra}"),
        None => "trailing whitespace differs".to_owned(),
    }
}

#[test]
fn opcodes_match_cpython_for_every_code_object() {
    let mut failures = Vec::new();
    for case in cases() {
        let expected = golden(&case);
        let actual = disassemble(&case);
        let want = opnames_per_code_object(&expected);
        let got = opnames_per_code_object(&actual);
        if want != got {
            let section = want
                .iter()
                .zip(&got)
                .position(|(w, g)| w != g)
                .unwrap_or(want.len().min(got.len()));
            failures.push(format!(
                "{}: code object #{section} differs\n  expected: {:?}\n  actual:   {:?}",
                case.name,
                want.get(section),
                got.get(section)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn full_text_matches_cpython_where_expected() {
    let mut failures = Vec::new();
    for case in cases() {
        if !FULL_MATCH.contains(&case.name.as_str()) {
            continue;
        }
        let expected = normalise_addresses(&golden(&case));
        let actual = normalise_addresses(&disassemble(&case));
        if expected != actual {
            failures.push(format!(
                "{}: {}",
                case.name,
                first_difference(&expected, &actual)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn full_match_list_names_existing_goldens() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    for name in FULL_MATCH {
        assert!(
            names.iter().any(|n| n == name),
            "{name} is not in the dis corpus"
        );
    }
}

#[test]
fn parses_dis_lines() {
    assert_eq!(
        opname_of("  4          14 LOAD_NAME                0 (a)"),
        Some("LOAD_NAME")
    );
    assert_eq!(
        opname_of("        >>   46 PUSH_EXC_INFO"),
        Some("PUSH_EXC_INFO")
    );
    assert_eq!(
        opname_of(" 12     >>  118 POP_JUMP_FORWARD_IF_NONE     4"),
        Some("POP_JUMP_FORWARD_IF_NONE")
    );
    assert_eq!(opname_of("  6 to 12 -> 46 [0]"), None);
    assert_eq!(opname_of("ExceptionTable:"), None);
    assert_eq!(
        normalise_addresses("<code object f at 0x7f00ab, file \"x.py\", line 1>"),
        "<code object f at 0x0, file \"x.py\", line 1>"
    );
}
