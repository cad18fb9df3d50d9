//! GIL models: where a running thread may be switched out.

use interleave_lang::instruction::Instruction;

/// The GIL behaviour being modelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GilModel {
    /// CPython 3.10+/3.11: a drop request (raised after the switch interval)
    /// is honoured only at eval-breaker points: after `RESUME`,
    /// `JUMP_BACKWARD` and the `CALL` family (`Python/ceval.c`,
    /// `CHECK_EVAL_BREAKER`). Never between the `LOAD_GLOBAL` and
    /// `STORE_GLOBAL` of `count += 1`.
    Cpython311,
    /// CPython ≤ 3.9: the eval breaker is checked before almost every
    /// instruction, so a switch can fall inside `count += 1`.
    Cpython39,
    /// Free-threaded 3.13t: no GIL; threads interleave at any instruction
    /// and run in parallel on the virtual cores.
    FreeThreaded,
}

impl GilModel {
    /// Parses a command-line name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "cpython-3.11" => Some(Self::Cpython311),
            "cpython-3.9" => Some(Self::Cpython39),
            "free-threaded" => Some(Self::FreeThreaded),
            _ => None,
        }
    }

    /// The command-line name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Cpython311 => "cpython-3.11",
            Self::Cpython39 => "cpython-3.9",
            Self::FreeThreaded => "free-threaded",
        }
    }

    /// `true` if a thread may be switched out right after executing `instr`.
    #[must_use]
    pub const fn switch_point_after(self, instr: &Instruction) -> bool {
        match self {
            Self::Cpython311 => matches!(
                instr,
                Instruction::Resume(0 | 1)
                    | Instruction::JumpBackward(_)
                    | Instruction::Call(_)
                    | Instruction::CallFunctionEx(_)
            ),
            Self::Cpython39 | Self::FreeThreaded => true,
        }
    }

    /// Factor applied to the instruction cost table: the 3.11 table
    /// describes CPython 3.11; 3.9's interpreter ran global-variable and
    /// integer-arithmetic loops about three times slower (no specialising
    /// adaptive interpreter, no inline caches for `LOAD_GLOBAL`).
    #[must_use]
    pub const fn cost_factor(self) -> u64 {
        match self {
            Self::Cpython39 => 3,
            Self::Cpython311 | Self::FreeThreaded => 1,
        }
    }

    /// `true` when threads of one process run in parallel.
    #[must_use]
    pub const fn parallel(self) -> bool {
        matches!(self, Self::FreeThreaded)
    }
}

#[cfg(test)]
mod tests {
    use super::GilModel;
    use interleave_lang::instruction::Instruction;

    #[test]
    fn cpython_311_never_switches_inside_count_increment() {
        let inside = [
            Instruction::LoadGlobal(0),
            Instruction::LoadConst(0),
            Instruction::StoreGlobal(0),
        ];
        for i in inside {
            assert!(!GilModel::Cpython311.switch_point_after(&i));
            assert!(GilModel::Cpython39.switch_point_after(&i));
        }
        assert!(GilModel::Cpython311.switch_point_after(&Instruction::JumpBackward(3)));
    }
}
