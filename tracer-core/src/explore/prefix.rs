//! The beginning every seed shares. Until the scheduler first draws a
//! random number, a run goes the same way under every seed (the imports,
//! the class and function definitions, the main thread on its own), so
//! explore executes that part once and starts each seed from a copy of the
//! VM paused there.

use std::sync::Arc;

use crate::trace::{RunConfig, Scheduling, Script, prepare};
use interleave_lang::{CompileCache, CompileError};
use interleave_vm::Vm;

/// Steps the search for the first draw runs between copies of the VM, at
/// least (chunks grow with the steps run, so a late first draw costs few
/// copies).
const PROBE_CHUNK: u64 = 1024;

/// A VM paused at the last pause point before its scheduler's first
/// seeded choice.
#[derive(Debug)]
pub(super) struct Prefix {
    vm: Vm,
}

impl Prefix {
    /// Runs `script` under `config` up to its first seeded choice; `None`
    /// when that choice comes before the first instruction (a strategy
    /// that draws as threads are created).
    pub(super) fn new(
        script: &Script,
        config: RunConfig,
        compilations: &Arc<CompileCache>,
    ) -> Result<Option<Self>, CompileError> {
        let vm = prepare(script, config, Scheduling::Seeded, compilations)?;
        Ok((!vm.has_drawn()).then(|| Self {
            vm: last_pause_before_draw(vm),
        }))
    }

    /// A copy of the paused VM that goes on as the run with `seed` (which
    /// may differ from the one the prefix ran with: nothing before here
    /// depended on it).
    pub(super) fn start(&self, seed: u64) -> Vm {
        let mut vm = self.vm.clone();
        vm.reseed(seed);
        vm
    }

    /// Instructions the prefix executed.
    #[cfg(test)]
    pub(super) const fn steps(&self) -> u64 {
        self.vm.steps()
    }
}

/// `vm` (which has not drawn yet) advanced to its last pause point before
/// the scheduler's first draw, or before the end of the run if it never
/// draws. Runs in chunks, keeping a copy from the start of each, then
/// steps a probe through the chunk in which the draw came.
fn last_pause_before_draw(mut vm: Vm) -> Vm {
    let mut chunk_start = vm.clone();
    loop {
        let chunk = PROBE_CHUNK.max(vm.steps() / 8);
        let ended = vm.run_until(vm.steps() + chunk).is_some();
        if vm.has_drawn() || ended {
            break;
        }
        chunk_start = vm.clone();
    }
    let mut probe = chunk_start.clone();
    let mut last_safe = probe.steps();
    loop {
        let ended = probe.run_until(probe.steps() + 1).is_some();
        if probe.has_drawn() || ended {
            break;
        }
        last_safe = probe.steps();
    }
    // Pausing is transparent, so the copy stops where the probe did; its
    // garbage is left out of the copies every seed starts from, which
    // share its objects until they write them.
    chunk_start.run_until(last_safe);
    let mut prefix = chunk_start.checkpoint();
    prefix.share_heap();
    prefix
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Prefix;
    use crate::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, record, record_from};
    use interleave_vm::sched::{GilModel, PctParams, SchedConfig, StrategyKind};

    fn script(source: &str) -> Script {
        Script {
            name: "prefix.py".into(),
            source: source.into(),
        }
    }

    const COUNTER: &str = "import threading\n\
        count = 0\n\
        def work():\n    global count\n    for _ in range(20):\n        count += 1\n\
        ts = [threading.Thread(target=work) for _ in range(3)]\n\
        for t in ts:\n    t.start()\n\
        for t in ts:\n    t.join()\n\
        print(count)\n";

    fn config(strategy: StrategyKind, gil: GilModel, seed: u64) -> RunConfig {
        RunConfig {
            sched: SchedConfig {
                seed,
                gil,
                strategy,
                ..SchedConfig::default()
            },
            ..RunConfig::default()
        }
    }

    /// Every seed started from the shared prefix records exactly the trace
    /// a fresh run with that seed records.
    #[test]
    fn runs_from_the_prefix_equal_fresh_runs() {
        let script = script(COUNTER);
        for strategy in [
            StrategyKind::Random,
            StrategyKind::Pct(PctParams::default()),
            StrategyKind::Realistic,
        ] {
            for gil in [
                GilModel::Cpython311,
                GilModel::Cpython39,
                GilModel::FreeThreaded,
            ] {
                let Some(prefix) = Prefix::new(&script, config(strategy, gil, 0), &Arc::default())
                    .expect("compiles")
                else {
                    continue;
                };
                for seed in 0..4 {
                    let config = config(strategy, gil, seed);
                    let shared = record_from(&script, config, prefix.start(seed));
                    let fresh = record(&script, config, Scheduling::Seeded, CheckpointPolicy::NONE)
                        .expect("compiles")
                        .trace;
                    let what = format!("{strategy:?} {gil:?} seed {seed}");
                    assert_eq!(shared.summary.digest, fresh.summary.digest, "{what}");
                    assert_eq!(shared.schedule, fresh.schedule, "{what}");
                    assert_eq!(shared.stdout, fresh.stdout, "{what}");
                    assert_eq!(shared.events, fresh.events, "{what}");
                    assert_eq!(shared.config, config, "{what}");
                    assert_eq!(shared.contention, fresh.contention, "{what}");
                    // Everything else too (lock names, findings, marks).
                    assert!(
                        format!("{shared:?}") == format!("{fresh:?}"),
                        "{what}: the traces differ"
                    );
                }
            }
        }
    }

    #[test]
    fn the_prefix_runs_the_imports_and_stops_before_the_threads_race() {
        let script = script(COUNTER);
        let prefix = Prefix::new(
            &script,
            config(StrategyKind::Random, GilModel::Cpython39, 5),
            &Arc::default(),
        )
        .expect("compiles")
        .expect("the random strategy draws only once threads contend");
        let whole = record(
            &script,
            config(StrategyKind::Random, GilModel::Cpython39, 5),
            Scheduling::Seeded,
            CheckpointPolicy::NONE,
        )
        .expect("compiles")
        .trace;
        // `import threading` alone runs over a thousand instructions.
        assert!(prefix.steps() > 1000, "{}", prefix.steps());
        let first_preemption = whole
            .schedule
            .iter()
            .find(|d| d.reason == interleave_vm::sched::Reason::Preempted)
            .expect("the threads were preempted");
        assert!(
            prefix.steps() <= first_preemption.step,
            "{}",
            prefix.steps()
        );
    }

    #[test]
    fn a_script_that_never_draws_is_one_prefix_for_every_seed() {
        let script = script("print(sum(range(10)))\n");
        let prefix = Prefix::new(
            &script,
            config(StrategyKind::Random, GilModel::Cpython311, 0),
            &Arc::default(),
        )
        .expect("compiles")
        .expect("one thread never draws");
        for seed in [1, 99] {
            let config = config(StrategyKind::Random, GilModel::Cpython311, seed);
            let trace = record_from(&script, config, prefix.start(seed));
            assert_eq!(trace.stdout, b"45\n");
            assert_eq!(trace.config.sched.seed, seed);
        }
    }
}
