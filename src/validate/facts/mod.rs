//! The facts of the battery. Each builds a small scenario, runs its arms on common
//! random numbers and judges per-replication statistics. Grouped by theme:
//! `pressure` (pressure, goals, rewards, contests), `mechanisms` (turnover
//! contagion, ratchets, caps, payout delay, team pay, improvement plans,
//! forced ranking) and `targets` (calibration targets and the mature-team
//! comparison). Sources are summarised in `docs/evidence.md` and
//! `docs/validation.md`.

mod effects;
mod mechanisms;
mod pressure;
mod targets;

pub use effects::*;
pub use mechanisms::*;
pub use pressure::*;
pub use targets::*;

use super::arms::{ArmRun, scenario, window_mean};
use super::{FactResult, ValidationOptions};
use crate::config::ConfigError;
use crate::experiment::accumulator::percent_change;
use crate::sim::Series;

/// A fact of the battery.
pub type FactFn = fn(&ValidationOptions) -> Result<FactResult, ConfigError>;

/// Every fact with its identifier, in the order of the table (grouped in
/// the output). The identifier is the fact's `id`, by which calibration
/// target files name a fact's checks.
pub const ALL: &[(&str, FactFn)] = &[
    ("base_rates", base_rates),
    ("turnover_cost", turnover_cost),
    ("crowding_out", crowding_out),
    ("timing_games", timing_games),
    ("symbolic_awards", symbolic_awards),
    ("wellness_null", wellness_null),
    ("inverted_u", inverted_u),
    ("goal_difficulty", goal_difficulty),
    ("incentive_fatigue", incentive_fatigue),
    ("deadline_bunching", deadline_bunching),
    ("contests", contests),
    ("contagion", contagion),
    ("ratchet_holdback", ratchet_holdback),
    ("caps", caps),
    ("cap_and_ratchet_removal", cap_and_ratchet_removal),
    ("payout_delay", payout_delay),
    ("team_free_riding", team_free_riding),
    ("improvement_plans", improvement_plans),
    ("forced_ranking", forced_ranking),
    ("burnout_under_pressure", burnout_under_pressure),
    ("contest_discouragement", contest_discouragement),
    ("pressure_vs_balanced", pressure_versus_balanced),
];

/// The fact named `id`.
pub fn by_id(id: &str) -> Option<FactFn> {
    ALL.iter().find(|(name, _)| *name == id).map(|(_, f)| *f)
}

/// Every fact's identifier, in table order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|(id, _)| *id)
}

/// Positions of the weekly series the facts read (see `sim::catalogue::Series`).
const REVENUE: usize = Series::Revenue.index();
const EFFORT: usize = Series::Effort.index();

/// Band of a published figure when the source gives a point value: half to
/// twice the figure (a factor of two either way: the same order of
/// magnitude). Where a source gives a range, the range is used instead.
pub fn band_around(figure: f64) -> (f64, f64) {
    if figure >= 0.0 { (0.5 * figure, 2.0 * figure) } else { (2.0 * figure, 0.5 * figure) }
}

/// The laboratory every small experiment starts from: a flat market, so that
/// what moves is the policy.
const LAB: &str = r#"
[scenario]
name = "validation_lab"
weeks = 104
[team]
size = 60
team_size = 6
[market]
seasonality = 0.0
shock_sd = 0.0
"#;

fn lab(strategies: &str, extra: &str, opts: &ValidationOptions) -> Result<crate::config::Scenario, ConfigError> {
    scenario(&format!("{LAB}{extra}\n{strategies}"), opts)
}

fn lift(a: &ArmRun, b: &ArmRun) -> f64 {
    percent_change(a.metrics.revenue, b.metrics.revenue)
}

/// Sales in the first week of each period (after the first) relative to the
/// period's mean weekly sales.
fn first_week_share(weekly: &[crate::sim::WeekRow], period: usize) -> f64 {
    let periods = weekly.len() / period;
    let ratios: Vec<f64> = (1..periods)
        .filter_map(|p| {
            let mean = window_mean(weekly, REVENUE, p * period, (p + 1) * period);
            (mean > 0.0).then(|| weekly[p * period][REVENUE] / mean)
        })
        .collect();
    if ratios.is_empty() { 0.0 } else { ratios.iter().sum::<f64>() / ratios.len() as f64 }
}
