//! The agent model: rep state and the pure week-by-week mechanisms. Each
//! mechanism is a small function of the current state and the policy; the
//! replication runner in [`crate::sim`] owns the calendar and calls them in order;
//! [`crate::sim::week`] composes them into one rep's week, phase by phase.
//! Equations, defaults and the evidence behind them: `docs/model.md`.

pub mod attrition;
pub mod coaching;
pub mod contest;
pub mod effort;
pub mod fastmath;
pub mod fatigue;
pub mod gaming;
pub mod goal;
pub mod motivation;
pub mod pay;
pub mod policy;
pub mod pressure;
pub mod quota;
pub mod rep;
pub mod reward;
pub mod sales;
pub mod satisfaction;

/// Weeks in a year: the calendar of the weekly loop (year ends and forced
/// ranking, yearly pay against the outside offer, per-year metrics).
/// Definition (52 seven-day weeks; the extra day or two are ignored).
pub const WEEKS_PER_YEAR: u32 = 52;

/// Months in a year (training hours are per month; the ramp curve's tenure
/// buckets are months). Definition.
pub const MONTHS_PER_YEAR: u32 = 12;

/// Weeks in a calendar quarter, the period of the quota-attainment metric.
/// Definition (a quarter of [`WEEKS_PER_YEAR`]).
pub const WEEKS_PER_QUARTER: u32 = 13;

/// Standard normal density.
#[inline]
pub fn normal_pdf(z: f64) -> f64 {
    fastmath::exp(-0.5 * z * z) * 0.398_942_280_401_432_7
}

/// Standard normal distribution function (`fastmath::normal_cdf`).
#[inline(always)]
pub fn normal_cdf(z: f64) -> f64 {
    fastmath::normal_cdf(z)
}

/// Logistic function.
#[inline]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + fastmath::exp(-x))
}
