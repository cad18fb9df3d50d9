//! Scheduling: which Python thread runs the next instruction, where the
//! modelled GIL lets threads switch, and the virtual cost of instructions.
//!
//! The VM asks a [`Scheduler`] two things: how long the running thread may
//! keep going ([`Budget`]) and, when it stops (blocked, finished, preempted
//! or yielding), which runnable thread goes next. Every answer comes from a
//! [`Strategy`] (one file each) fed by one seeded [`Rng`], and every pick
//! is appended to the [`Schedule`], which is plain data a replay follows.

mod cost;
mod gil;
mod pct;
mod pulled;
mod random;
mod realistic;
mod replay;
mod rng;

pub use self::cost::{
    FORK_COST_NS, PICKLE_BASE_NS, PICKLE_PER_VALUE_NS, THREAD_START_NS, UNPICKLE_PER_VALUE_NS,
    WAKE_NS, instruction_cost_ns,
};
pub use self::gil::GilModel;
pub use self::rng::Rng;

/// Index of a thread in the VM's thread table.
pub type ThreadId = usize;

/// Which strategy picks threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyKind {
    /// CPython-like: switch-interval preemption, seeded wake-up order.
    Realistic,
    /// Uniformly random preemption at allowed switch points.
    Random,
    /// Probabilistic concurrency testing with priority change points.
    Pct(PctParams),
}

/// PCT's parameters: it finds a bug of depth `depth` (one needing that many
/// ordering constraints) with probability at least `1/(n·k^(depth-1))` in a
/// run of `n` threads and `k <= horizon` switch points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PctParams {
    /// The bug depth aimed at: `depth - 1` priority change points.
    pub depth: u32,
    /// How many switch points the change points are drawn from.
    pub horizon: u64,
}

impl Default for PctParams {
    fn default() -> Self {
        Self {
            depth: 3,
            horizon: 200_000,
        }
    }
}

impl StrategyKind {
    /// Parses a name as [`StrategyKind::label`] writes it: `realistic`,
    /// `random`, `pct` (default parameters) or `pct(depth=D,horizon=H)`.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "realistic" => Some(Self::Realistic),
            "random" => Some(Self::Random),
            "pct" => Some(Self::Pct(PctParams::default())),
            _ => {
                let params = name.strip_prefix("pct(")?.strip_suffix(')')?;
                let (depth, horizon) = params.split_once(',')?;
                let depth = depth.trim().strip_prefix("depth=")?.parse().ok()?;
                let horizon = horizon.trim().strip_prefix("horizon=")?.parse().ok()?;
                (depth >= 1 && horizon >= 1).then_some(Self::Pct(PctParams { depth, horizon }))
            }
        }
    }

    /// The strategy's command-line name (without parameters).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Realistic => "realistic",
            Self::Random => "random",
            Self::Pct(_) => "pct",
        }
    }

    /// The name with any non-default parameters, as trace files store it
    /// and [`StrategyKind::parse`] reads it.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Pct(params) if params != PctParams::default() => {
                format!("pct(depth={},horizon={})", params.depth, params.horizon)
            }
            other => other.name().to_owned(),
        }
    }
}

/// How long the running thread may continue before it is preempted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// Until it blocks or finishes.
    Never,
    /// After this much virtual time, at the next allowed switch point.
    AfterNs(u64),
    /// At the n-th allowed switch point from now (`n >= 1`).
    AfterSwitchPoints(u64),
    /// At the first allowed switch point once `step` instructions have run
    /// in total (how a replay reproduces recorded decisions); with
    /// `rearm`, the thread then keeps running with a fresh budget instead.
    AtStep {
        /// When.
        step: u64,
        /// Re-arm instead of switching.
        rearm: bool,
    },
}

/// Why a thread must be chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The program starts.
    Start,
    /// The running thread's budget ran out at a switch point.
    Preempted,
    /// The running thread blocked (lock, join, sleep).
    Blocked,
    /// The running thread released the GIL voluntarily (`time.sleep(0)`).
    Yielded,
    /// The running thread finished.
    Finished,
    /// The running thread's alarm fired with nothing due (a sleeper woke, a
    /// thread started) and it was given a fresh budget.
    Rearm,
}

/// What a strategy sees when choosing.
#[derive(Debug)]
pub struct Choice<'a> {
    /// Why.
    pub reason: Reason,
    /// The thread that ran last.
    pub current: ThreadId,
    /// The threads that can run (never empty).
    pub runnable: &'a [ThreadId],
    /// Instructions executed so far.
    pub step: u64,
    /// Switch points passed so far under [`Budget::AfterSwitchPoints`].
    pub switch_points: u64,
}

/// What a strategy sees when a thread starts running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// The thread.
    pub thread: ThreadId,
    /// `true` when other threads are waiting to run.
    pub contended: bool,
    /// Its process's switch interval (`sys.setswitchinterval`), in
    /// nanoseconds.
    pub switch_interval_ns: u64,
    /// Switch points passed so far under [`Budget::AfterSwitchPoints`].
    pub switch_points: u64,
}

/// `sys.getswitchinterval()` until a script sets it: 5 ms, in
/// microseconds (CPython's unit).
pub const DEFAULT_SWITCH_INTERVAL_US: u64 = 5_000;

/// A scheduling policy. Implementations are deterministic given the `Rng`.
pub trait Strategy: std::fmt::Debug + Send + Sync {
    /// Picks the next thread among `choice.runnable`.
    fn choose(&mut self, choice: &Choice<'_>, rng: &mut Rng) -> ThreadId;
    /// The budget of the thread that starts running now.
    fn budget(&mut self, slice: Slice, rng: &mut Rng) -> Budget;
    /// A thread was created.
    fn on_spawn(&mut self, _thread: ThreadId, _rng: &mut Rng) {}
    /// The running thread was re-armed at `step` (see [`Reason::Rearm`]).
    fn on_rearm(&mut self, _step: u64, _thread: ThreadId) {}
    /// `true` if the strategy must see choices with a single runnable
    /// thread too (a replay consumes one recorded decision per choice).
    fn sees_forced_choices(&self) -> bool {
        false
    }
    /// Where a replay first departed from its schedule, if it did.
    fn divergence(&self) -> Option<Divergence> {
        None
    }
    /// A copy of the strategy in its current state (for checkpoints).
    fn boxed_clone(&self) -> Box<dyn Strategy>;
}

impl Clone for Box<dyn Strategy> {
    fn clone(&self) -> Self {
        self.boxed_clone()
    }
}

/// The first choice at which a replay could not follow its schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// Instructions executed when the choice came.
    pub step: u64,
    /// The decision the schedule held there (`None`: it had run out).
    pub expected: Option<Decision>,
    /// Why the VM asked.
    pub reason: Reason,
}

/// One scheduling decision: at `step`, `thread` was chosen to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Instructions executed before the decision.
    pub step: u64,
    /// The chosen thread.
    pub thread: ThreadId,
    /// Why a choice was made.
    pub reason: Reason,
}

/// The sequence of decisions of a run: enough to replay it exactly.
pub type Schedule = Vec<Decision>;

/// Options that determine a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchedConfig {
    /// Seed of the one PRNG.
    pub seed: u64,
    /// GIL model.
    pub gil: GilModel,
    /// Strategy.
    pub strategy: StrategyKind,
    /// Virtual cores.
    pub cores: u32,
}

impl Default for SchedConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            gil: GilModel::Cpython311,
            strategy: StrategyKind::Realistic,
            cores: 4,
        }
    }
}

/// The scheduler: a strategy, the PRNG, the GIL model and the schedule so far.
#[derive(Clone, Debug)]
pub struct Scheduler {
    strategy: Box<dyn Strategy>,
    rng: Rng,
    config: SchedConfig,
    schedule: Schedule,
    /// The thread a driver chose for the next choice (see
    /// [`Scheduler::pulled`]).
    next: Option<ThreadId>,
    /// The driver makes the choices.
    pulled: bool,
}

impl Scheduler {
    /// A scheduler for `config`.
    #[must_use]
    pub fn new(config: SchedConfig) -> Self {
        let strategy: Box<dyn Strategy> = match config.strategy {
            StrategyKind::Realistic => Box::new(realistic::Realistic::new(config.gil)),
            StrategyKind::Random => Box::new(random::RandomWalk),
            StrategyKind::Pct(params) => Box::new(pct::Pct::new(params.depth, params.horizon)),
        };
        Self {
            strategy,
            rng: Rng::new(config.seed),
            config,
            schedule: Vec::new(),
            next: None,
            pulled: false,
        }
    }

    /// A scheduler driven by `strategy` (one defined outside this module,
    /// such as the shrinker's), under `config`'s seed and GIL model.
    #[must_use]
    pub fn with_strategy(strategy: Box<dyn Strategy>, config: SchedConfig) -> Self {
        Self {
            strategy,
            rng: Rng::new(config.seed),
            config,
            schedule: Vec::new(),
            next: None,
            pulled: false,
        }
    }

    /// A scheduler whose choices a driver makes: the VM stops at every
    /// switch point where another thread could run and at every other
    /// choice (even of the one thread that can run), until
    /// [`Scheduler::choose_next`] says which thread runs
    /// (`Vm::run_to_choice`).
    #[must_use]
    pub fn pulled(config: SchedConfig) -> Self {
        Self {
            pulled: true,
            ..Self::with_strategy(Box::new(pulled::Pulled), config)
        }
    }

    /// `true` if a driver makes the choices.
    #[must_use]
    pub const fn is_pulled(&self) -> bool {
        self.pulled
    }

    /// `true` if a driver makes the choices and has not made the next one.
    #[must_use]
    pub const fn awaits_choice(&self) -> bool {
        self.pulled && self.next.is_none()
    }

    /// The driver's decision for the next choice.
    pub const fn choose_next(&mut self, thread: ThreadId) {
        self.next = Some(thread);
    }

    /// A scheduler that follows `schedule`, recorded under `config`, exactly.
    #[must_use]
    pub fn replay(schedule: &[Decision], config: SchedConfig) -> Self {
        Self {
            strategy: Box::new(replay::Replay::new(schedule.into())),
            rng: Rng::new(config.seed),
            config,
            schedule: Vec::new(),
            next: None,
            pulled: false,
        }
    }

    /// `true` once the strategy has drawn a random number: until then the
    /// run has gone exactly as it would under any other seed.
    #[must_use]
    pub fn has_drawn(&self) -> bool {
        self.rng != Rng::new(self.config.seed)
    }

    /// Switches to `seed`; only valid before the first draw (see
    /// [`Scheduler::has_drawn`]), so the run continues as if it had been
    /// started with `seed`.
    pub fn reseed(&mut self, seed: u64) {
        debug_assert!(!self.has_drawn(), "reseeding after a random draw");
        self.config.seed = seed;
        self.rng = Rng::new(seed);
    }

    /// The options the run was started with.
    #[must_use]
    pub const fn config(&self) -> SchedConfig {
        self.config
    }

    /// How long a thread blocked on a lock takes to wake once it is free:
    /// the operating system's latency for runs with the realistic strategy
    /// (and their replays); at once for the strategies that explore
    /// arbitrary timings.
    #[must_use]
    pub fn wake_latency_ns(&self) -> u64 {
        match self.config.strategy {
            StrategyKind::Realistic => WAKE_NS,
            StrategyKind::Random | StrategyKind::Pct(_) => 0,
        }
    }

    /// The GIL model.
    #[must_use]
    pub const fn gil(&self) -> GilModel {
        self.config.gil
    }

    /// Chooses the next thread and records the decision.
    pub fn choose(&mut self, choice: &Choice<'_>) -> ThreadId {
        let thread = if let Some(thread) = self.next.take().filter(|t| choice.runnable.contains(t))
        {
            thread
        } else if choice.runnable.len() == 1 && !self.strategy.sees_forced_choices() {
            choice.runnable[0]
        } else {
            self.strategy.choose(choice, &mut self.rng)
        };
        self.schedule.push(Decision {
            step: choice.step,
            thread,
            reason: choice.reason,
        });
        thread
    }

    /// The budget of a thread that starts running.
    pub fn budget(&mut self, slice: Slice) -> Budget {
        self.strategy.budget(slice, &mut self.rng)
    }

    /// Tells the strategy about a new thread.
    pub fn on_spawn(&mut self, thread: ThreadId) {
        self.strategy.on_spawn(thread, &mut self.rng);
    }

    /// Records that the running thread keeps the CPU with a fresh budget
    /// (a replay must re-arm at the same step).
    pub fn note_rearm(&mut self, step: u64, thread: ThreadId) {
        self.strategy.on_rearm(step, thread);
        self.schedule.push(Decision {
            step,
            thread,
            reason: Reason::Rearm,
        });
    }

    /// Where a replay first departed from its schedule, if it did.
    #[must_use]
    pub fn divergence(&self) -> Option<Divergence> {
        self.strategy.divergence()
    }

    /// The decisions so far.
    #[must_use]
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thread 0 starting to run at the default switch interval.
    fn slice(contended: bool) -> Slice {
        Slice {
            thread: 0,
            contended,
            switch_interval_ns: DEFAULT_SWITCH_INTERVAL_US * 1000,
            switch_points: 0,
        }
    }

    fn choose_many(config: SchedConfig) -> Vec<ThreadId> {
        let mut s = Scheduler::new(config);
        for t in 0..3 {
            s.on_spawn(t);
        }
        let runnable = [0, 1, 2];
        (0..50)
            .map(|step| {
                s.choose(&Choice {
                    reason: Reason::Preempted,
                    current: 0,
                    runnable: &runnable,
                    step,
                    switch_points: step,
                })
            })
            .collect()
    }

    #[test]
    fn same_seed_same_decisions_for_every_strategy() {
        for strategy in [
            StrategyKind::Realistic,
            StrategyKind::Random,
            StrategyKind::Pct(PctParams::default()),
        ] {
            let config = SchedConfig {
                seed: 9,
                strategy,
                ..SchedConfig::default()
            };
            assert_eq!(choose_many(config), choose_many(config), "{strategy:?}");
        }
    }

    #[test]
    fn realistic_preemption_hands_the_gil_to_another_thread() {
        let picks = choose_many(SchedConfig::default());
        assert!(picks.iter().all(|&t| t != 0), "{picks:?}");
        assert!(picks.contains(&1) && picks.contains(&2), "{picks:?}");
    }

    #[test]
    fn realistic_budget_is_the_switch_interval_with_jitter_only_when_contended() {
        let mut s = Scheduler::new(SchedConfig::default());
        assert_eq!(s.budget(slice(false)), Budget::Never);
        for _ in 0..100 {
            match s.budget(slice(true)) {
                Budget::AfterNs(ns) => assert!((4_500_000..=5_500_000).contains(&ns), "{ns}"),
                other => panic!("unexpected budget {other:?}"),
            }
        }
    }

    #[test]
    fn replay_follows_the_recorded_schedule() {
        let mut original = Scheduler::new(SchedConfig {
            seed: 3,
            strategy: StrategyKind::Random,
            ..SchedConfig::default()
        });
        let runnable = [0, 1, 2];
        let picks: Vec<ThreadId> = (0..20)
            .map(|step| {
                original.choose(&Choice {
                    reason: Reason::Preempted,
                    current: 0,
                    runnable: &runnable,
                    step,
                    switch_points: step,
                })
            })
            .collect();
        let mut replay = Scheduler::replay(original.schedule(), SchedConfig::default());
        let replayed: Vec<ThreadId> = (0..20)
            .map(|step| {
                replay.choose(&Choice {
                    reason: Reason::Preempted,
                    current: 0,
                    runnable: &runnable,
                    step,
                    switch_points: step,
                })
            })
            .collect();
        assert_eq!(picks, replayed);
    }

    #[test]
    fn reseeding_before_any_draw_continues_as_the_new_seed() {
        let config = |seed| SchedConfig {
            seed,
            strategy: StrategyKind::Random,
            ..SchedConfig::default()
        };
        let mut reseeded = Scheduler::new(config(1));
        assert!(!reseeded.has_drawn());
        reseeded.reseed(7);
        let mut fresh = Scheduler::new(config(7));
        assert_eq!(reseeded.budget(slice(true)), fresh.budget(slice(true)));
        assert!(reseeded.has_drawn());
        assert_eq!(reseeded.config().seed, 7);
    }

    #[test]
    fn a_single_runnable_thread_is_chosen_without_consulting_the_strategy() {
        let mut s = Scheduler::new(SchedConfig {
            strategy: StrategyKind::Random,
            ..SchedConfig::default()
        });
        let chosen = s.choose(&Choice {
            reason: Reason::Blocked,
            current: 0,
            runnable: &[2],
            step: 0,
            switch_points: 0,
        });
        assert_eq!(chosen, 2);
        assert_eq!(s.schedule().len(), 1);
    }
}
