//! `explore --histogram`: how often each value of a printed line came up.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Width of the longest bar, in characters.
const BAR_WIDTH: usize = 40;

/// The value a run printed on the line of interest: the text after the last
/// `:` of the last line starting with `prefix` (any line when `prefix` is
/// empty), or the whole line if it has no `:`.
pub fn value_of(stdout: &[u8], prefix: &str) -> Option<String> {
    let text = String::from_utf8_lossy(stdout);
    let line = text
        .lines()
        .rfind(|l| l.starts_with(prefix) && !l.trim().is_empty())?;
    let value = line.rsplit_once(':').map_or(line, |(_, v)| v);
    Some(value.trim().to_owned())
}

/// A text histogram of `values` (`None`: the run printed no such line),
/// one bar per distinct value, sorted by value (numerically when every
/// value is a number).
pub fn render(values: &[Option<String>]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut missing = 0;
    for value in values {
        match value {
            Some(v) => *counts.entry(v.as_str()).or_default() += 1,
            None => missing += 1,
        }
    }
    let mut rows: Vec<(&str, usize)> = counts.into_iter().collect();
    if rows.iter().all(|(v, _)| v.parse::<f64>().is_ok()) {
        rows.sort_by(|a, b| {
            let (x, y) = (a.0.parse::<f64>().ok(), b.0.parse::<f64>().ok());
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        });
    }
    if missing > 0 {
        rows.push(("(no such line)", missing));
    }
    let label_width = rows.iter().map(|(v, _)| v.len()).max().unwrap_or(0);
    let most = rows.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let mut out = String::new();
    for (value, n) in rows {
        let bar = "#".repeat((n * BAR_WIDTH).div_ceil(most.max(1)));
        let _ = writeln!(out, "  {value:>label_width$} | {bar} {n}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_after_the_last_colon_of_the_matching_line() {
        let out = b"race result (unsafe): 261396\nsafe result (with lock): 400000\n";
        assert_eq!(value_of(out, "race").as_deref(), Some("261396"));
        assert_eq!(value_of(out, "").as_deref(), Some("400000"));
        assert_eq!(value_of(out, "nothing"), None);
        assert_eq!(value_of(b"plain\n", "").as_deref(), Some("plain"));
    }

    #[test]
    fn bars_are_sorted_numerically_and_scaled_to_the_most_frequent() {
        let values = [Some("10"), Some("9"), Some("10"), None].map(|v| v.map(str::to_owned));
        assert_eq!(
            render(&values),
            format!(
                "               9 | {} 1\n              10 | {} 2\n  (no such line) | {} 1\n",
                "#".repeat(20),
                "#".repeat(40),
                "#".repeat(20)
            )
        );
    }
}
