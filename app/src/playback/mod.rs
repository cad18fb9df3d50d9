//! Playback: where the user is in a recording and how commands move them.
//! A plain struct changed by [`Command`]s, independent of any UI, so every
//! transport action is unit-tested.

#![expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a speed in steps per second, rounded to whole steps"
)]

mod index;

pub use self::index::TraceIndex;

use tracer_core::sched::ThreadId;
use tracer_core::trace::Trace;

/// What the user asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    /// The selected thread's next instruction, entering calls (F11).
    StepInto,
    /// The selected thread's next instruction in this frame or its
    /// callers, running calls through (F10).
    StepOver,
    /// The selected thread's next instruction after the current frame
    /// returns (shift+F11).
    StepOut,
    /// The selected thread's previous instruction (F9… see the help).
    StepBack,
    /// Go to a step.
    Seek(u64),
    /// The next context switch.
    NextSwitch,
    /// The previous context switch.
    PreviousSwitch,
    /// The next lost update.
    NextLostUpdate,
    /// The previous lost update.
    PreviousLostUpdate,
    /// Play or pause.
    TogglePlay,
    /// Instructions per second while playing.
    SetSpeed(f64),
    /// Make a thread the one stepping commands follow.
    SelectThread(ThreadId),
    /// Time passed while playing, in seconds.
    Tick(f64),
    /// Run the selected thread forward to a line of the script (resolved
    /// by the session, which re-executes to find the step, into a `Seek`).
    RunToLine(u32),
}

/// The playback state.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    /// The current step.
    pub step: u64,
    /// The thread stepping commands follow.
    pub thread: ThreadId,
    /// Playing (advancing with time) or paused.
    pub playing: bool,
    /// Instructions per second while playing.
    pub speed: f64,
    /// Fraction of a step carried between ticks.
    carry: f64,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            step: 0,
            thread: 0,
            playing: false,
            speed: 50.0,
            carry: 0.0,
        }
    }
}

impl Playback {
    /// Applies `command`; the step never leaves `0..=trace.steps`.
    pub fn apply(&mut self, command: Command, trace: &Trace, index: &TraceIndex) {
        let here = self.step;
        let target = match command {
            Command::StepInto => index.slices.next_step_of(self.thread, here),
            Command::StepOver => {
                let depth = index.depth_at(self.thread, here);
                index.next_step_at_depth(self.thread, here, depth)
            }
            Command::StepOut => {
                let depth = index.depth_at(self.thread, here);
                depth
                    .checked_sub(1)
                    .and_then(|d| index.next_step_at_depth(self.thread, here, d))
            }
            Command::StepBack => index.slices.previous_step_of(self.thread, here),
            Command::Seek(step) => Some(step),
            Command::NextSwitch => trace.next_switch(here),
            Command::PreviousSwitch => trace.previous_switch(here),
            Command::NextLostUpdate => trace
                .next_lost_update(here)
                .map(|i| trace.lost_updates[i].step),
            Command::PreviousLostUpdate => trace
                .previous_lost_update(here)
                .map(|i| trace.lost_updates[i].step),
            Command::TogglePlay => {
                self.playing = !self.playing && here < index.steps;
                self.carry = 0.0;
                None
            }
            Command::SetSpeed(speed) => {
                self.speed = speed.clamp(1.0, 1e7);
                None
            }
            Command::SelectThread(thread) => {
                self.thread = thread;
                None
            }
            Command::Tick(seconds) => self.advance(seconds, index.steps),
            Command::RunToLine(_) => None,
        };
        if let Some(step) = target {
            self.step = step.min(index.steps);
            if !matches!(
                command,
                Command::Tick(_)
                    | Command::StepInto
                    | Command::StepOver
                    | Command::StepOut
                    | Command::StepBack
            ) && let Some(running) = index.slices.thread_at(self.step)
            {
                self.thread = running;
            }
        }
    }

    /// The step reached after playing for `seconds`, stopping at the end.
    fn advance(&mut self, seconds: f64, last: u64) -> Option<u64> {
        if !self.playing {
            return None;
        }
        let exact = self.carry + seconds.max(0.0) * self.speed;
        let whole = exact.floor();
        self.carry = exact - whole;
        let next = self.step.saturating_add(whole as u64).min(last);
        if next >= last {
            self.playing = false;
        }
        Some(next)
    }
}

#[cfg(test)]
mod tests;
