//! Guided tours: a scenario's header narrates a few steps, each moving the
//! cursor and bringing a panel forward.
//!
//! In the header, after a `# Tour:` line, one step per `#   ` line:
//! `TARGET | PANEL | TEXT`, where TARGET is `start`, `end`,
//! `first-lost-update`, `first-race`, `next-switch` or `thread T line N`
//! (run thread T to line N), and PANEL names a pane (`Timeline`, `Source`,
//! `Bytecode`, `Stacks`, `Heap`, `Output`, `Insights`).

use super::app::Pane;
use crate::playback::Command;

/// Where a tour step takes the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The first step.
    Start,
    /// The last step.
    End,
    /// The first lost update.
    FirstLostUpdate,
    /// The first data race.
    FirstRace,
    /// The next context switch.
    NextSwitch,
    /// Thread `thread` arriving at `line`.
    Line {
        /// The thread.
        thread: usize,
        /// The script line.
        line: u32,
    },
}

/// One step of a tour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TourStep {
    /// Where the cursor goes.
    pub target: Target,
    /// The panel brought forward.
    pub pane: Pane,
    /// What to look at.
    pub text: String,
}

impl TourStep {
    /// The playback commands that reach the target (`first_race`: the step
    /// of the recording's first race, if any).
    #[must_use]
    pub fn commands(&self, first_race: Option<u64>) -> Vec<Command> {
        match self.target {
            Target::Start => vec![Command::Seek(0)],
            Target::End => vec![Command::Seek(u64::MAX)],
            Target::FirstLostUpdate => vec![Command::Seek(0), Command::NextLostUpdate],
            Target::FirstRace => first_race.map(Command::Seek).into_iter().collect(),
            Target::NextSwitch => vec![Command::NextSwitch],
            Target::Line { thread, line } => {
                vec![Command::SelectThread(thread), Command::RunToLine(line)]
            }
        }
    }
}

/// The tour in `source`'s header (empty if it has none or a line is malformed).
#[must_use]
pub fn parse_tour(source: &str) -> Vec<TourStep> {
    let mut lines = source.lines().skip_while(|l| l.trim() != "# Tour:");
    if lines.next().is_none() {
        return Vec::new();
    }
    lines
        .map_while(|l| l.strip_prefix("#   "))
        .map(parse_step)
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

fn parse_step(line: &str) -> Option<TourStep> {
    let mut parts = line.splitn(3, '|').map(str::trim);
    let target = parse_target(parts.next()?)?;
    let pane = match parts.next()? {
        "Timeline" => Pane::Timeline,
        "Source" => Pane::Source,
        "Bytecode" => Pane::Bytecode,
        "Stacks" => Pane::Stacks,
        "Heap" => Pane::Heap,
        "Output" => Pane::Output,
        "Insights" => Pane::Insights,
        _ => return None,
    };
    Some(TourStep {
        target,
        pane,
        text: parts.next()?.to_owned(),
    })
}

fn parse_target(text: &str) -> Option<Target> {
    Some(match text {
        "start" => Target::Start,
        "end" => Target::End,
        "first-lost-update" => Target::FirstLostUpdate,
        "first-race" => Target::FirstRace,
        "next-switch" => Target::NextSwitch,
        _ => {
            let words: Vec<&str> = text.split_whitespace().collect();
            match words.as_slice() {
                ["thread", t, "line", n] => Target::Line {
                    thread: t.parse().ok()?,
                    line: n.parse().ok()?,
                },
                _ => return None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::scenarios::SCENARIOS;

    #[test]
    fn parses_a_tour() {
        let source = "# Title\n# Tour:\n#   start | Source | Look.\n#   thread 2 line 14 | Stacks | Its frame.\nimport x\n";
        let tour = parse_tour(source);
        assert_eq!(tour.len(), 2);
        assert_eq!(tour[0].target, Target::Start);
        assert_eq!(
            tour[1].target,
            Target::Line {
                thread: 2,
                line: 14
            }
        );
        assert_eq!(
            (tour[1].pane, tour[1].text.as_str()),
            (Pane::Stacks, "Its frame.")
        );
    }

    #[test]
    fn a_malformed_step_drops_the_tour() {
        assert!(parse_tour("# Tour:\n#   sideways | Source | ?\n").is_empty());
        assert!(parse_tour("# no tour here\n").is_empty());
    }

    #[test]
    fn every_embedded_scenario_has_a_tour() {
        for scenario in SCENARIOS {
            let tour = parse_tour(scenario.source);
            assert!(tour.len() >= 2, "{} has no tour", scenario.file);
            for step in &tour {
                if let Target::Line { line, .. } = step.target {
                    let text = scenario.source.lines().nth(line as usize - 1).unwrap_or("");
                    assert!(
                        !text.trim().is_empty() && !text.starts_with('#'),
                        "{}: line {line} is not code",
                        scenario.file
                    );
                }
            }
        }
    }
}
