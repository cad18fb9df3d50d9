//! The scenarios embedded in the binary, by lecture section.

use tracer_core::sched::GilModel;

/// A scenario shipped with Interleave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// File name, as tracebacks show it.
    pub file: &'static str,
    /// Its source.
    pub source: &'static str,
    /// The GIL model it opens with (the one that shows its point).
    pub gil: GilModel,
}

impl Scenario {
    /// The first header line without the comment marker.
    #[must_use]
    pub fn title(&self) -> &'static str {
        self.source
            .lines()
            .next()
            .map_or(self.file, |l| l.trim_start_matches('#').trim())
    }
}

/// Every embedded scenario; the first is the default (the lecture's race,
/// under the GIL model where it loses updates).
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        file: "s8_race_vs_lock.py",
        source: include_str!("../../../scenarios/s8_race_vs_lock.py"),
        gil: GilModel::Cpython39,
    },
    Scenario {
        file: "s4_threads_shared_dict.py",
        source: include_str!("../../../scenarios/s4_threads_shared_dict.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "s5_stack_vs_heap.py",
        source: include_str!("../../../scenarios/s5_stack_vs_heap.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "s2_settrace.py",
        source: include_str!("../../../scenarios/s2_settrace.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "s3_processes.py",
        source: include_str!("../../../scenarios/s3_processes.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "s9_gil_release_sleep.py",
        source: include_str!("../../../scenarios/s9_gil_release_sleep.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "race_call_between.py",
        source: include_str!("../../../scenarios/race_call_between.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "race_sleep_zero.py",
        source: include_str!("../../../scenarios/race_sleep_zero.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "deadlock_abba.py",
        source: include_str!("../../../scenarios/deadlock_abba.py"),
        gil: GilModel::Cpython311,
    },
    Scenario {
        file: "producer_consumer.py",
        source: include_str!("../../../scenarios/producer_consumer.py"),
        gil: GilModel::Cpython311,
    },
];

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// A scenario's code after its header (the leading comment lines).
    fn code_after_header(source: &str) -> String {
        let mut code = String::new();
        for line in source.lines().skip_while(|line| line.starts_with('#')) {
            code.push_str(line);
            code.push('\n');
        }
        code
    }

    #[test]
    fn a_lecture_scenario_is_its_listing_after_the_header() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut compared = 0;
        for entry in std::fs::read_dir(root.join("scenarios")).expect("scenarios/") {
            let path = entry.expect("scenarios/").path();
            let listing = root
                .join("tests/listings")
                .join(path.file_name().expect("a file"));
            if !listing.is_file() {
                continue;
            }
            let scenario = std::fs::read_to_string(&path).expect("read the scenario");
            let listing = std::fs::read_to_string(&listing).expect("read the listing");
            assert_eq!(
                code_after_header(&scenario),
                listing,
                "{} differs from its listing after the header",
                path.display()
            );
            compared += 1;
        }
        assert_eq!(compared, 8, "every lecture listing has a scenario");
    }
}
