//! What counts as a failing run: an uncaught exception in any thread, a
//! deadlock, a lost update or (on request) a happens-before data race.

use std::fmt;

use crate::trace::Trace;
use interleave_vm::Outcome;

/// A kind of failure `explore` looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FailureKind {
    /// An exception escaped a thread (the main thread or any other).
    Exception,
    /// No thread could run while some waited.
    Deadlock,
    /// A write was based on a stale read of a location.
    LostUpdate,
    /// Two accesses to the script's state, at least one a write, were not
    /// ordered by happens-before.
    Race,
}

impl FailureKind {
    /// Every kind, in report order.
    pub const ALL: [Self; 4] = [
        Self::Exception,
        Self::Deadlock,
        Self::LostUpdate,
        Self::Race,
    ];

    /// What `--fail-on` looks for when not told: everything but races.
    pub const DEFAULT: [Self; 3] = [Self::Exception, Self::Deadlock, Self::LostUpdate];

    /// Parses a command-line name (`exception`, `deadlock`, `lost-update`,
    /// `race`).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The command-line name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Exception => "exception",
            Self::Deadlock => "deadlock",
            Self::LostUpdate => "lost-update",
            Self::Race => "race",
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One way a run failed, explained in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What kind of failure.
    pub kind: FailureKind,
    /// The first instance in words (the exception line, the wait-for
    /// cycle, the first lost update or race).
    pub detail: String,
}

/// The failures of `trace` among the kinds in `fail_on`, in the order of
/// [`FailureKind::ALL`], at most one per kind.
#[must_use]
pub fn failures(trace: &Trace, fail_on: &[FailureKind]) -> Vec<Failure> {
    FailureKind::ALL
        .into_iter()
        .filter(|kind| fail_on.contains(kind))
        .filter_map(|kind| detect(trace, kind).map(|detail| Failure { kind, detail }))
        .collect()
}

/// Whether `trace` fails as `kind`, and how.
fn detect(trace: &Trace, kind: FailureKind) -> Option<String> {
    match kind {
        FailureKind::Exception => exception(trace),
        FailureKind::Deadlock => match &trace.outcome {
            Outcome::Deadlock(report) => Some(deadlock(report)),
            _ => None,
        },
        FailureKind::LostUpdate => (trace.lost_update_count > 0).then(|| {
            let first = trace.lost_updates.first().map_or("", |f| f.text.as_str());
            let n = trace.lost_update_count;
            let s = if n == 1 { "" } else { "s" };
            format!("{n} update{s} lost; first: {first}")
        }),
        FailureKind::Race => trace.races.first().map(|race| {
            let n = trace.races.len();
            let s = if n == 1 { "" } else { "s" };
            format!("{n} racing location{s}; first: {}", race.text)
        }),
    }
}

/// Headers CPython (and the VM) print before a thread's traceback.
const THREAD_HEADERS: [&str; 2] = [
    "Exception in thread ",
    "Unhandled exception in thread started by ",
];

/// The first uncaught exception: in another thread (from the tracebacks on
/// stderr) or in the main thread.
fn exception(trace: &Trace) -> Option<String> {
    let mut lines = trace.stderr.lines();
    while let Some(line) = lines.next() {
        if let Some(header) = THREAD_HEADERS.iter().find_map(|h| line.strip_prefix(h)) {
            let thread = header.trim_end_matches(':');
            let error = lines
                .by_ref()
                .find(|l| !l.starts_with(' ') && !l.starts_with("Traceback"))
                .unwrap_or("");
            return Some(format!("in thread {thread}: {error}"));
        }
    }
    match &trace.outcome {
        Outcome::Uncaught(traceback) => {
            Some(format!("in the main thread: {}", last_line(traceback)))
        }
        _ => None,
    }
}

/// The wait-for cycle of a deadlock report, or its last line.
fn deadlock(report: &str) -> String {
    report
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("wait-for cycle:"))
        .unwrap_or_else(|| last_line(report))
        .to_owned()
}

fn last_line(text: &str) -> &str {
    text.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in FailureKind::ALL {
            assert_eq!(FailureKind::parse(kind.name()), Some(kind));
        }
        assert_eq!(FailureKind::parse("lost_update"), None);
    }
}
