//! State invariants of a rep, checked every week in debug builds (through the
//! default observer) and by the invariant and property tests.

use crate::model::rep::Rep;

/// Largest effort any valid scenario allows (`behavior.max_effort` at most 4).
pub const EFFORT_LIMIT: f64 = 4.0;

/// Checks that every state of `r` is finite and inside its documented range;
/// returns the first violation as `name = value`.
pub fn check_rep(r: &Rep, max_effort: f64) -> Result<(), String> {
    let unit = [
        ("intrinsic", r.intrinsic),
        ("fatigue", r.fatigue),
        ("satisfaction", r.satisfaction),
        ("relationship", r.relationship),
        ("adaptation_other", r.adaptation_other),
        ("recognition_glow", r.recognition_glow),
    ];
    let non_negative = [
        ("pressure", r.pressure),
        ("effort", r.effort),
        ("pipeline", r.pipeline),
        ("skill", r.skill),
        ("quota", r.quota),
        ("extrinsic", r.extrinsic),
        ("money_reference", r.money_reference),
        ("novel_pay", r.novel_pay),
    ];
    // Pay can be negative: a miss penalty or a clawback is deducted in one week
    // and can exceed that week's other pay, and with little base salary and few
    // sales its average can fall below zero too (docs/model.md, 3.12).
    let finite = [
        ("pay_average", r.pay_average),
        ("contingent_pay", r.contingent_pay),
        ("period_sales", r.period_sales),
        ("quarter_sales", r.quarter_sales),
        ("year_sales", r.year_sales),
        ("contest_sales", r.contest_sales),
    ];
    let bad = unit
        .iter()
        .filter(|(_, v)| !(v.is_finite() && (0.0..=1.0).contains(v)))
        .chain(non_negative.iter().filter(|(_, v)| !(v.is_finite() && *v >= 0.0)))
        .chain(finite.iter().filter(|(_, v)| !v.is_finite()))
        .next();
    if let Some((name, v)) = bad {
        return Err(format!("{name} = {v}"));
    }
    if r.effort > max_effort + 1e-12 {
        return Err(format!("effort = {} above max_effort {max_effort}", r.effort));
    }
    Ok(())
}
