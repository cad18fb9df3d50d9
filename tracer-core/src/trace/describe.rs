//! Findings in words, in the program's own terms: names of locations and
//! values rendered by the VM that ran them.

use interleave_vm::Vm;

use super::{DataRace, LostUpdate};

/// A sentence describing a lost update, e.g. `T2 read count=41 (step
/// 1203), T3 wrote 42 (step 1207), T2 wrote 42 (step 1210): T3's update
/// was lost`.
pub(super) fn lost_update(vm: &mut Vm, report: &LostUpdate) -> String {
    let name = vm.location_name(report.location);
    let read = vm.repr_text(report.read_value);
    let lost = vm.repr_text(report.lost_value);
    let wrote = vm.repr_text(report.write_value);
    let others = if report.overwritten > 1 {
        format!(" (and {} more)", report.overwritten - 1)
    } else {
        String::new()
    };
    format!(
        "T{} read {name}={read} (step {}), T{} wrote {lost} (step {}), T{} wrote {wrote} (step {}): T{}'s update was lost{others}",
        report.writer,
        report.read_step,
        report.lost_thread,
        report.lost_step,
        report.writer,
        report.write_step,
        report.lost_thread
    )
}

/// A sentence describing a race, e.g. `T1 wrote count (step 1200) and T2
/// read it (step 1300) with no lock, start or join ordering them`.
pub(super) fn race(vm: &mut Vm, race: &DataRace) -> String {
    let verb = |write: bool| if write { "wrote" } else { "read" };
    format!(
        "T{} {} {} (step {}) and T{} {} it (step {}) with no lock, start or join ordering them",
        race.first.thread,
        verb(race.first.write),
        vm.location_name(race.location),
        race.first.step,
        race.second.thread,
        verb(race.second.write),
        race.second.step
    )
}
