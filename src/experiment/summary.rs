//! The summary of an experiment: per strategy, every headline metric with its
//! 95 % interval, paired lifts against the baseline, and the weekly series. This
//! is the object behind `run --format json` (MODEL.md section 7).

use serde::{Deserialize, Serialize};

use super::accumulator::{ExperimentTotals, StrategyAccumulator};
use super::moments::Moments;
use super::stats::{CI_METHOD, Estimate, estimate, range90};
use crate::config::Scenario;
use crate::sim::metrics::TENURE_BUCKETS;
use crate::sim::{N_SERIES, ReplicationMetrics, SERIES_NAMES};

/// Version of the JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One strategy's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategySummary {
    /// Strategy name.
    pub name: String,
    /// What the strategy stands for.
    pub description: String,
    /// Net revenue per rep slot per year, USD.
    pub revenue: Estimate,
    /// Revenue lift against the baseline, % (paired).
    pub lift_pct: Estimate,
    /// Profit per rep slot per year, USD.
    pub profit: Estimate,
    /// Profit lift against the baseline, % of the baseline's profit (paired).
    pub profit_lift_pct: Estimate,
    /// Where one team's revenue lift falls in 90 % of simulated futures, %
    /// (a prediction range over replications, not an interval of the mean;
    /// `null` bounds with `--no-crn`, where the pairs share nothing).
    #[serde(default)]
    pub lift_range90: [Option<f64>; 2],
    /// Where one team's profit lift falls in 90 % of simulated futures, %.
    #[serde(default)]
    pub profit_lift_range90: [Option<f64>; 2],
    /// All exits per year, % of mean headcount.
    pub attrition_pct: Estimate,
    /// Voluntary exits per year, %.
    pub voluntary_attrition_pct: Estimate,
    /// Involuntary exits per year, %.
    pub involuntary_attrition_pct: Estimate,
    /// Share of rep-weeks burnt out, %.
    pub burnout_pct: Estimate,
    /// Share of rep-quarters at or above quota, %.
    pub quota_attainment_pct: Estimate,
    /// Compensation / revenue, %.
    pub cost_of_sales_pct: Estimate,
    /// Share of booked sales pulled forward or inflated, %.
    pub gaming_pct: Estimate,
    /// Compensation per slot per year, USD.
    pub comp: Estimate,
    /// Hiring cost per slot per year, USD.
    pub turnover_cost: Estimate,
    /// Training, well-being and recognition cost per slot per year, USD.
    pub programme_cost: Estimate,
    /// Mean intrinsic motivation in the last week (0-1).
    pub intrinsic_motivation: Estimate,
    /// Mean extrinsic drive in the last week.
    pub extrinsic_drive: Estimate,
    /// Mean pressure in the last week.
    pub pressure: Estimate,
    /// Mean fatigue in the last week (0-1).
    pub fatigue: Estimate,
    /// Mean satisfaction in the last week (0-1).
    pub satisfaction: Estimate,
    /// Mean effort over the horizon.
    pub effort: Estimate,
    /// Mean share of slots filled, %.
    pub headcount_pct: Estimate,
    /// Paired difference to the baseline of attrition, percentage points.
    pub attrition_diff_pp: Estimate,
    /// Share of replications in which this strategy alone had the highest profit, %.
    pub best_share_pct: f64,
    /// Share of replications in which it alone had the highest profit among the
    /// strategies within the run's attrition limit, % (only with a limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_within_limit_share_pct: Option<f64>,
    /// Months until new hires sell 90 % of what reps with a year or more sell.
    pub ramp_months_to_90pct: Option<f64>,
}

/// The whole experiment's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentSummary {
    /// Layout version.
    pub schema_version: u32,
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Replications summarised.
    pub replications: u64,
    /// Horizon in weeks.
    pub weeks: u32,
    /// Baseline strategy.
    pub baseline: String,
    /// Whether strategies shared random numbers.
    pub crn: bool,
    /// Interval method.
    pub ci_method: String,
    /// True when the run was stopped before all replications finished.
    pub partial: bool,
    /// Per-strategy results, in scenario order.
    pub strategies: Vec<StrategySummary>,
    /// Parameters drawn per replication (each replication is one sampled world).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertain_parameters: Vec<String>,
    /// Attrition limit of `best_within_limit_share_pct`, %/yr.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attrition: Option<f64>,
}

/// Weekly means with 95 % intervals: `series[s][week][k]` for strategy `s` and
/// series `k` of [`SERIES_NAMES`].
pub type WeeklySeries = Vec<Vec<Vec<Estimate>>>;

/// Summarises totals into per-strategy estimates.
pub fn summarize(
    scenario: &Scenario,
    totals: &ExperimentTotals,
    seed: u64,
    crn: bool,
    partial: bool,
) -> ExperimentSummary {
    let replications = totals.replications();
    let strategies = scenario
        .strategies
        .iter()
        .zip(&totals.strategies)
        .map(|(s, acc)| {
            let mut summary = strategy_summary(&s.name, &s.description, acc, replications);
            if !crn {
                // Without common random numbers a replication's lift compares two
                // different teams and markets: its spread is no one team's range.
                summary.lift_range90 = [None, None];
                summary.profit_lift_range90 = [None, None];
            }
            if totals.max_attrition.is_some() && replications > 0 {
                summary.best_within_limit_share_pct =
                    Some(100.0 * acc.best_feasible_count as f64 / replications as f64);
            }
            summary
        })
        .collect();
    ExperimentSummary {
        schema_version: SCHEMA_VERSION,
        scenario: scenario.meta.name.clone(),
        seed,
        replications,
        weeks: scenario.meta.weeks,
        baseline: scenario.baseline_name().to_string(),
        crn,
        ci_method: CI_METHOD.to_string(),
        partial,
        strategies,
        uncertain_parameters: scenario
            .uncertain
            .iter()
            .map(|u| format!("{}.{} ~ {}", u.section.prefix(), u.key, u.distribution.describe()))
            .collect(),
        max_attrition: totals.max_attrition,
    }
}

/// One strategy's estimates from its accumulator.
pub fn strategy_summary(
    name: &str,
    description: &str,
    acc: &StrategyAccumulator,
    replications: u64,
) -> StrategySummary {
    let idx = |key: &str| ReplicationMetrics::SCALAR_NAMES.iter().position(|k| *k == key).expect("known metric");
    let e = |key: &str| estimate(&acc.scalars[idx(key)]);
    StrategySummary {
        name: name.to_string(),
        description: description.to_string(),
        revenue: e("revenue"),
        lift_pct: estimate(&acc.lift_pct),
        profit: e("profit"),
        profit_lift_pct: estimate(&acc.profit_lift_pct),
        lift_range90: range90(&acc.lift_pct),
        profit_lift_range90: range90(&acc.profit_lift_pct),
        attrition_pct: e("attrition_pct"),
        voluntary_attrition_pct: e("voluntary_attrition_pct"),
        involuntary_attrition_pct: e("involuntary_attrition_pct"),
        burnout_pct: e("burnout_pct"),
        quota_attainment_pct: e("quota_attainment_pct"),
        cost_of_sales_pct: e("cost_of_sales_pct"),
        gaming_pct: e("gaming_pct"),
        comp: e("comp"),
        turnover_cost: e("turnover_cost"),
        programme_cost: e("programme_cost"),
        intrinsic_motivation: e("intrinsic_motivation"),
        extrinsic_drive: e("extrinsic_drive"),
        pressure: e("pressure"),
        fatigue: e("fatigue"),
        satisfaction: e("satisfaction"),
        effort: e("effort"),
        headcount_pct: e("headcount_pct"),
        attrition_diff_pp: estimate(&acc.diffs[idx("attrition_pct")]),
        best_within_limit_share_pct: None,
        best_share_pct: if replications > 0 { 100.0 * acc.best_count as f64 / replications as f64 } else { 0.0 },
        ramp_months_to_90pct: ramp_months(&acc.sales_by_tenure, &acc.weeks_by_tenure),
    }
}

/// Months until the mean weekly sales of new hires reach 90 % of those of reps
/// with a year or more of tenure (`None` without enough data).
pub fn ramp_months(sales: &[Moments], weeks: &[Moments]) -> Option<f64> {
    let rate = |b: usize| {
        let w = weeks[b].sum;
        if w > 0 { Some(sales[b].sum as f64 / w as f64) } else { None }
    };
    let tenured = rate(TENURE_BUCKETS - 1)?;
    (0..TENURE_BUCKETS - 1).find(|&b| rate(b).is_some_and(|r| r >= 0.9 * tenured)).map(|b| b as f64 + 1.0)
}

/// Weekly series with intervals for every strategy.
pub fn weekly_series(totals: &ExperimentTotals, weeks: usize) -> WeeklySeries {
    totals
        .strategies
        .iter()
        .map(|acc| {
            (0..weeks).map(|w| (0..N_SERIES).map(|k| estimate(&acc.weekly[w * N_SERIES + k])).collect()).collect()
        })
        .collect()
}

/// Names of the weekly series.
pub fn series_names() -> &'static [&'static str] {
    &SERIES_NAMES
}
