//! Schedules per second of shuttle's random scheduler and of Interleave's
//! `explore --strategy random` on the same counter race (2 threads × 10
//! read-modify-writes, 4 threads × 100), both on one thread, and their
//! ratio; then Interleave on every core, as `explore` runs by default
//! (shuttle's `Runner` has one thread). A benchmark, not a test: it prints
//! and never fails.

#![expect(clippy::cast_precision_loss, reason = "rates and ratios of counts")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use shuttle::scheduler::RandomScheduler;
use shuttle::sync::atomic::{AtomicUsize, Ordering};
use shuttle::{Config, Runner, thread};

use shuttle_compare::interleave_random;

/// Wall-clock time each measurement runs for, about.
const BUDGET: Duration = Duration::from_millis(750);
/// Measurements per side, alternating between the sides so that a noisy
/// spell on the machine hits both; each side keeps its best.
const ROUNDS: usize = 3;

/// One shuttle execution of the race: each thread loads and stores the
/// counter separately (two scheduling points per increment).
fn shuttle_counter(threads: usize, iterations: usize) {
    let count = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let count = count.clone();
            thread::spawn(move || {
                for _ in 0..iterations {
                    let seen = count.load(Ordering::SeqCst);
                    count.store(seen + 1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("no panics in the workload");
    }
    std::hint::black_box(count.load(Ordering::SeqCst));
}

/// Schedules per second of shuttle's random scheduler.
fn shuttle_rate(threads: usize, iterations: usize) -> f64 {
    let mut schedules = 100;
    loop {
        let runner = Runner::new(RandomScheduler::new(schedules), Config::new());
        let started = Instant::now();
        runner.run(move || shuttle_counter(threads, iterations));
        let elapsed = started.elapsed();
        if elapsed >= BUDGET || schedules >= 10_000_000 {
            return schedules as f64 / elapsed.as_secs_f64();
        }
        schedules *= 4;
    }
}

/// Schedules per second of Interleave's random exploration on `jobs`
/// worker threads, and the fraction of runs that lost an update.
fn interleave_rate(threads: usize, iterations: usize, jobs: usize) -> (f64, f64) {
    let mut schedules = 10;
    loop {
        let (elapsed, failing) = interleave_random(threads, iterations, schedules, jobs);
        if elapsed >= BUDGET || schedules >= 1_000_000 {
            return (
                schedules as f64 / elapsed.as_secs_f64(),
                failing as f64 / schedules as f64,
            );
        }
        schedules *= 4;
    }
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!("counter race, random schedules");
    println!(
        "{:>9} {:>11} {:>15} {:>7} {:>18} {:>7} {:>8}",
        "workload",
        "shuttle/s",
        "interleave/s",
        "ratio",
        format!("interleave x{cores}/s"),
        "ratio",
        "lost %"
    );
    for (threads, iterations) in [(2, 10), (4, 100)] {
        let (mut shuttle, mut one, mut all, mut failing) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0);
        for _ in 0..ROUNDS {
            shuttle = shuttle.max(shuttle_rate(threads, iterations));
            let (rate, lost) = interleave_rate(threads, iterations, 1);
            (one, failing) = (one.max(rate), lost);
            all = all.max(interleave_rate(threads, iterations, cores).0);
        }
        println!(
            "{:>9} {shuttle:>11.0} {one:>15.0} {:>6.2}x {all:>18.0} {:>6.2}x {:>7.1}%",
            format!("{threads}x{iterations}"),
            one / shuttle,
            all / shuttle,
            failing * 100.0
        );
    }
}
