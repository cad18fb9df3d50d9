//! An open recording: the trace, the cursor at the playback position, the
//! state there, and the playback state.

use std::sync::Arc;

use tracer_core::lang::highlight::{Highlight, highlight};
use tracer_core::trace::state::StepState;
use tracer_core::trace::{Cursor, Recording, Trace};

use super::panels::timeline::TimelineData;
use crate::playback::{Command, Playback, TraceIndex};

/// Steps a run-to-line searches before giving up (a second or so).
const RUN_TO_LINE_LIMIT: u64 = 20_000_000;

/// One open recording.
#[derive(Debug)]
pub struct Session {
    /// Where it came from (file or scenario name).
    pub label: String,
    recording: Arc<Recording>,
    cursor: Cursor,
    /// Lookup tables for playback.
    pub index: TraceIndex,
    /// Playback position and mode.
    pub playback: Playback,
    /// Everything visible at the cursor.
    pub state: StepState,
    /// Syntax classes of the script's tokens.
    pub highlights: Vec<Highlight>,
    /// What the timeline draws.
    pub timeline: TimelineData,
    /// The recording is in a file (loaded from one, or saved).
    pub saved: bool,
}

impl Session {
    /// Opens `recording`, positioned at its first lost update if it has
    /// one (that is what the user came to see), else at the start.
    #[must_use]
    pub fn new(label: String, recording: Arc<Recording>) -> Self {
        let index = TraceIndex::new(&recording.trace);
        let cursor = Cursor::new(Arc::clone(&recording));
        let state = cursor.state();
        let highlights = highlight(&recording.trace.script.source);
        let timeline = TimelineData::new(&recording.trace, &index.slices.0);
        let mut session = Self {
            label,
            recording,
            cursor,
            index,
            playback: Playback::default(),
            state,
            highlights,
            timeline,
            saved: false,
        };
        session.apply(Command::NextLostUpdate);
        session
    }

    /// The trace.
    #[must_use]
    pub fn trace(&self) -> &Trace {
        &self.recording.trace
    }

    /// Applies a playback command and moves the cursor to match.
    pub fn apply(&mut self, command: Command) {
        if let Command::RunToLine(line) = command {
            let thread = self.playback.thread;
            let file = self.recording.trace.script.name.clone();
            if let Some(step) = self
                .cursor
                .run_to_line(thread, &file, line, RUN_TO_LINE_LIMIT)
            {
                self.playback.step = step;
                self.state = self.cursor.state();
            }
            return;
        }
        self.playback
            .apply(command, &self.recording.trace, &self.index);
        if self.playback.step != self.state.step {
            let reached = self.cursor.seek(self.playback.step);
            self.playback.step = reached;
            self.state = self.cursor.state();
        }
    }

    /// What the program had printed by the cursor.
    #[must_use]
    pub fn output(&self) -> &[u8] {
        self.cursor.output()
    }
}
