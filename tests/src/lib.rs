//! Helpers shared by the tests that run the `interleave` binary
//! (`app/tests/*.rs`) and the workspace-level tests (`tests/tests/*.rs`):
//! the binary Cargo built for the test, running it with a timeout, reading
//! the golden corpus and rendering line diffs for failure messages.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Environment variable overriding [`default_timeout`], in seconds.
pub const TIMEOUT_ENV: &str = "INTERLEAVE_TEST_TIMEOUT";

/// The workspace root (the parent of this package's directory).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent directory")
        .to_path_buf()
}

/// The `interleave` binary Cargo built for the calling integration test
/// (`CARGO_BIN_EXE_interleave`, which Cargo gives the `interleave`
/// package's own tests).
#[macro_export]
macro_rules! interleave_bin {
    () => {
        ::std::path::Path::new(env!("CARGO_BIN_EXE_interleave"))
    };
}

/// How long one `interleave` invocation may take before it is killed:
/// [`TIMEOUT_ENV`] seconds if set, else 30 s (120 s in builds with debug
/// assertions, whose binary is much slower). Every test program finishes
/// in well under a second on CPython; the timeout only bounds the damage a
/// VM that loops forever does to a test run.
pub fn default_timeout() -> Duration {
    let secs = std::env::var(TIMEOUT_ENV)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 120 } else { 30 });
    Duration::from_secs(secs)
}

/// The outcome of one process run by [`run_command`].
#[derive(Debug)]
pub struct Run {
    /// Exit status; `None` if the process was killed on timeout.
    pub status: Option<ExitStatus>,
    /// Everything the process wrote to stdout.
    pub stdout: Vec<u8>,
    /// Everything the process wrote to stderr.
    pub stderr: Vec<u8>,
}

impl Run {
    /// The exit code, or `None` on timeout or death by signal.
    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// stdout decoded lossily.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// stderr decoded lossily.
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// A one-line description of how the process ended, for messages.
    pub fn describe_status(&self) -> String {
        match self.status {
            None => "killed after timeout".to_owned(),
            Some(s) => match s.code() {
                Some(c) => format!("exit {c}"),
                None => format!("{s}"),
            },
        }
    }
}

/// Runs `bin ARGS...` (the binary from [`interleave_bin!`]) in `cwd` with
/// stdin closed and the [`default_timeout`].
pub fn run_interleave<I, S>(bin: &Path, args: I, cwd: &Path) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(bin);
    cmd.args(args).current_dir(cwd);
    run_command(cmd, default_timeout())
}

/// Runs `cmd` with stdin closed, capturing stdout and stderr, and kills it
/// if it is still running after `timeout` (then [`Run::status`] is `None`).
///
/// # Panics
/// If the process cannot be started.
pub fn run_command(mut cmd: Command, timeout: Duration) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let out = drain(child.stdout.take().expect("piped stdout"));
    let err = drain(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait().expect("wait for child") {
            Some(status) => break Some(status),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    Run {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

fn drain<R: Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// The last line of `bytes` that is not empty or all whitespace, without its
/// line terminator (as `scripts/gen_goldens.py` records `NAME.stderr_last`).
pub fn last_nonempty_line(bytes: &[u8]) -> &[u8] {
    bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .rfind(|l| !l.trim_ascii().is_empty())
        .unwrap_or(b"")
}

/// Reads a list of names, one per line; `#` starts a comment, blank lines
/// are skipped and surrounding whitespace is trimmed.
///
/// # Panics
/// If the file cannot be read.
pub fn read_name_list(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Largest `expected lines × actual lines` product [`diff`] aligns line by
/// line; beyond it only the first differing line is shown.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// Most lines of diff output [`diff`] returns before truncating.
const MAX_DIFF_LINES: usize = 200;

/// A unified-style line diff (`-` expected, `+` actual, 3 lines of context)
/// of two byte strings, labelled with `expected_name` and `actual_name`.
/// Returns an empty string if they are equal. A missing final newline is
/// shown as `\ No newline at end of file`, and bytes that are not UTF-8 as
/// U+FFFD (with a note when that hides the only difference).
pub fn diff(expected_name: &str, actual_name: &str, expected: &[u8], actual: &[u8]) -> String {
    if expected == actual {
        return String::new();
    }
    let exp_text = String::from_utf8_lossy(expected);
    let act_text = String::from_utf8_lossy(actual);
    let mut out = format!("--- {expected_name}\n+++ {actual_name}\n");
    if exp_text == act_text {
        out.push_str("(the outputs differ only in bytes that are not valid UTF-8)\n");
        let _ = writeln!(out, "-{expected:?}\n+{actual:?}");
        return out;
    }
    let exp: Vec<&str> = exp_text.split_inclusive('\n').collect();
    let act: Vec<&str> = act_text.split_inclusive('\n').collect();
    let ops = align(&exp, &act);
    let mut lines = Vec::new();
    for hunk in hunks(&ops, 3) {
        let (mut e0, mut a0, mut en, mut an) = (None, None, 0, 0);
        let mut body = Vec::new();
        for &(op, ei, ai) in &ops[hunk.0..hunk.1] {
            e0.get_or_insert(ei);
            a0.get_or_insert(ai);
            let (sign, line) = match op {
                Op::Same => {
                    en += 1;
                    an += 1;
                    (' ', exp[ei])
                }
                Op::Del => {
                    en += 1;
                    ('-', exp[ei])
                }
                Op::Ins => {
                    an += 1;
                    ('+', act[ai])
                }
            };
            if let Some(l) = line.strip_suffix('\n') {
                body.push(format!("{sign}{l}"));
            } else {
                body.push(format!("{sign}{line}"));
                body.push("\\ No newline at end of file".to_owned());
            }
        }
        let start = |first: Option<usize>, n: usize| first.map_or(0, |i| i + usize::from(n > 0));
        lines.push(format!(
            "@@ -{},{en} +{},{an} @@",
            start(e0, en),
            start(a0, an)
        ));
        lines.extend(body);
    }
    if lines.len() > MAX_DIFF_LINES {
        let more = lines.len() - MAX_DIFF_LINES;
        lines.truncate(MAX_DIFF_LINES);
        lines.push(format!("... ({more} more diff lines)"));
    }
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Same,
    Del,
    Ins,
}

/// Aligns two line lists: a longest-common-subsequence edit script of
/// `(op, expected index, actual index)`, where the index not used by the op
/// is the position it would have. Falls back to "common prefix, then
/// everything replaced" when the inputs are too large to align.
fn align(exp: &[&str], act: &[&str]) -> Vec<(Op, usize, usize)> {
    let (n, m) = (exp.len(), act.len());
    let mut ops = Vec::with_capacity(n + m);
    if n.saturating_mul(m) > MAX_DIFF_CELLS {
        let prefix = exp.iter().zip(act).take_while(|(a, b)| a == b).count();
        ops.extend((0..prefix).map(|i| (Op::Same, i, i)));
        ops.extend((prefix..n).map(|i| (Op::Del, i, prefix)));
        ops.extend((prefix..m).map(|j| (Op::Ins, n, j)));
        return ops;
    }
    // lcs[i][j] = LCS length of exp[i..] and act[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if exp[i] == act[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && exp[i] == act[j] {
            ops.push((Op::Same, i, j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            ops.push((Op::Del, i, j));
            i += 1;
        } else {
            ops.push((Op::Ins, i, j));
            j += 1;
        }
    }
    ops
}

/// Ranges of `ops` to print: every change with up to `context` unchanged
/// lines around it, overlapping ranges merged.
fn hunks(ops: &[(Op, usize, usize)], context: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, &(op, _, _)) in ops.iter().enumerate() {
        if op == Op::Same {
            continue;
        }
        let start = k.saturating_sub(context);
        let end = (k + 1 + context).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_line_skips_blank_lines() {
        assert_eq!(last_nonempty_line(b"a\nb\n\n  \n"), b"b");
        assert_eq!(last_nonempty_line(b"x\r\n"), b"x");
        assert_eq!(last_nonempty_line(b""), b"");
    }

    #[test]
    fn equal_inputs_have_no_diff() {
        assert_eq!(diff("e", "a", b"x\n", b"x\n"), "");
    }

    #[test]
    fn diff_shows_changed_line_with_context() {
        let d = diff("e", "a", b"1\n2\n3\n4\n5\n6\n", b"1\n2\n3\nfour\n5\n6\n");
        assert_eq!(
            d,
            "--- e\n+++ a\n@@ -1,6 +1,6 @@\n 1\n 2\n 3\n-4\n+four\n 5\n 6\n"
        );
    }

    #[test]
    fn diff_marks_missing_final_newline() {
        let d = diff("e", "a", b"x\n", b"x");
        assert!(d.contains("-x\n+x\n\\ No newline at end of file\n"), "{d}");
    }

    #[test]
    fn diff_of_empty_actual() {
        let d = diff("e", "a", b"x\ny\n", b"");
        assert!(d.contains("@@ -1,2 +0,0 @@\n-x\n-y\n"), "{d}");
    }

    #[test]
    fn name_list_ignores_comments() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("list.txt");
        std::fs::write(&f, "# header\n\nfoo\n  bar  # why\n").unwrap();
        assert_eq!(read_name_list(&f), ["foo", "bar"]);
    }
}
