//! A fit as scenario text: the fitted values as `[behavior]`, `[market]` and
//! `[team]` tables (a file with only `[behavior]` loads with
//! `salesim validate --behavior`, and each table pastes into a scenario);
//! fitted strategy levers, which belong to today's plan, as comments.

use std::fmt::Write;

use super::fit::Fit;

/// Significant digits written for a fitted value.
pub const DIGITS: i32 = 6;

/// `v` rounded to [`DIGITS`] significant digits.
pub fn round_significant(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(DIGITS - 1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// The fitted values as TOML tables, headed by a comment naming the target
/// file, the plan and whether the search finished.
pub fn fitted_toml(fit: &Fit, targets_file: &str, strategy: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Fitted by `salesim calibrate --targets {targets_file}` (today's plan: \"{strategy}\"),");
    let _ = writeln!(
        out,
        "# {} evaluations x {} replications, seed {}, distance {:.4}{}.",
        fit.evaluations,
        fit.replications,
        fit.seed,
        fit.distance,
        if fit.interrupted { "; INTERRUPTED: the best point found before the stop" } else { "" }
    );
    let _ = writeln!(out, "# Standard errors and the fit table are in calibration.json.");
    for section in ["behavior", "market", "team"] {
        let keys: Vec<_> =
            fit.parameters.iter().filter(|p| p.key.split_once('.').map(|x| x.0) == Some(section)).collect();
        if keys.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n[{section}]");
        for p in keys {
            let key = p.key.split_once('.').map_or(p.key.as_str(), |x| x.1);
            let _ = writeln!(out, "{key} = {:?}", round_significant(p.value));
        }
    }
    let plan: Vec<_> = fit
        .parameters
        .iter()
        .filter(|p| matches!(p.key.split_once('.').map(|x| x.0), Some("performance" | "incentives")))
        .collect();
    if !plan.is_empty() {
        let _ = writeln!(out, "\n# Today's plan, under [[strategy]] name = \"{strategy}\":");
        for p in plan {
            let _ = writeln!(out, "# {} = {:?}", p.key, round_significant(p.value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_six_significant_digits() {
        assert_eq!(round_significant(0.123456789), 0.123457);
        assert_eq!(round_significant(123456.789), 123457.0);
        assert_eq!(round_significant(0.0), 0.0);
    }
}
