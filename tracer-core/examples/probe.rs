use tracer_core::trace::*;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let script = Script { name: path.clone(), source };
    let t = Instant::now();
    let rec = record(&script, RunConfig::default(), Scheduling::Seeded, CheckpointPolicy::default()).unwrap();
    println!("record {:?} steps {} events {} cps {} bytes {} interval {}", t.elapsed(), rec.trace.steps, rec.trace.events.len(), rec.checkpoints.len(), rec.checkpoints.bytes(), rec.checkpoints.interval());
    let t = Instant::now();
    let vm = rec.checkpoints.at_or_before(rec.trace.steps / 2).unwrap();
    let mut c = vm.clone();
    println!("clone {:?} at {} est {} {:?}", t.elapsed(), c.steps(), c.estimated_bytes(), c.census());
    let t = Instant::now();
    c.run_until(c.steps() + 65536);
    println!("run 64k {:?}", t.elapsed());
    let t = Instant::now();
    let rep = record(&script, RunConfig::default(), Scheduling::Replay(&rec.trace.schedule), CheckpointPolicy { interval: u64::MAX, budget_bytes: 0 }).unwrap();
    println!("replay {:?} digest eq {} {:x} {:x}", t.elapsed(), rep.trace.summary.digest == rec.trace.summary.digest, rep.trace.summary.digest, rec.trace.summary.digest);
}
