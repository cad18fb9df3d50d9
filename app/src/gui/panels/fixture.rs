//! What the panels' own tests share: a small recorded race (two threads
//! add to `count` under 3.9's model with random preemption, so updates
//! are lost), opened at its first lost update, and a harness that draws one panel on it and keeps
//! the command the panel asked for.

use std::sync::Arc;

use egui_kittest::Harness;
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, record};

use super::Request;
use crate::gui::session::Session;

/// The recorded script.
const RACE: &str = include_str!("../../../../tests/fixtures/scripts/two_thread_race.py");

/// The race, recorded with seed 0 and opened at its first lost update.
pub(crate) fn session() -> Session {
    let script = Script {
        name: "two_thread_race.py".to_owned(),
        source: RACE.to_owned(),
    };
    let config = RunConfig {
        sched: SchedConfig {
            gil: GilModel::Cpython39,
            strategy: StrategyKind::Random,
            ..SchedConfig::default()
        },
        ..RunConfig::default()
    };
    let recording = record(
        &script,
        config,
        Scheduling::Seeded,
        CheckpointPolicy::default(),
    )
    .expect("the fixture compiles");
    Session::new("two_thread_race.py".to_owned(), Arc::new(recording))
}

/// A harness of `size` drawing `panel` on [`session`]; its state keeps the
/// session and the last command the panel asked for.
pub(crate) fn harness<'a>(
    size: egui::Vec2,
    mut panel: impl FnMut(&Session, &mut egui::Ui) -> Request + 'a,
) -> Harness<'a, (Session, Request)> {
    let mut harness = Harness::builder().with_size(size).build_ui_state(
        move |ui, (session, request): &mut (Session, Request)| {
            if let Some(command) = panel(session, ui) {
                *request = Some(command);
            }
        },
        (session(), None),
    );
    harness.run_steps(2);
    harness
}
