//! The summary of an experiment: per strategy, every headline metric with its
//! 95 % interval, paired lifts against the baseline, and the weekly series. This
//! is the object behind `run --format json` (MODEL.md section 7).

use std::ops::Index;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use super::accumulator::{ExperimentTotals, StrategyAccumulator};
use super::moments::Moments;
use super::provenance::Provenance;
use super::stats::{CI_METHOD, Estimate, estimate, estimate_within, range90};
use crate::config::Scenario;
use crate::sim::catalogue::METRICS;
use crate::sim::metrics::TENURE_BUCKETS;
use crate::sim::{Metric, N_SERIES, PerMetric, Series};

/// Version of the JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One strategy's results: every metric of the catalogue with its interval,
/// and the paired comparisons against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategySummary {
    /// Strategy name.
    pub name: String,
    /// What the strategy stands for.
    pub description: String,
    /// Every metric of the catalogue (`sim::catalogue::METRICS`) with its 95 %
    /// interval; index it with a [`Metric`].
    pub metrics: PerMetric<Estimate>,
    /// Revenue lift against the baseline, % (paired).
    pub lift_pct: Estimate,
    /// Profit lift against the baseline, % of the baseline's profit (paired).
    pub profit_lift_pct: Estimate,
    /// Where one team's revenue lift falls in 90 % of simulated futures, %
    /// (a prediction range over replications, not an interval of the mean;
    /// `None` bounds with `--no-crn`, where the pairs share nothing).
    pub lift_range90: [Option<f64>; 2],
    /// Where one team's profit lift falls in 90 % of simulated futures, %.
    pub profit_lift_range90: [Option<f64>; 2],
    /// Paired difference to the baseline of attrition, percentage points.
    pub attrition_diff_pp: Estimate,
    /// Share of replications in which this strategy alone had the highest profit, %.
    pub best_share_pct: f64,
    /// Share of replications in which it alone had the highest profit among the
    /// strategies within the run's attrition limit, % (only with a limit).
    pub best_within_limit_share_pct: Option<f64>,
    /// Months until new hires sell 90 % of what reps with a year or more sell.
    pub ramp_months_to_90pct: Option<f64>,
}

impl Index<Metric> for StrategySummary {
    type Output = Estimate;
    fn index(&self, m: Metric) -> &Estimate {
        &self.metrics[m]
    }
}

impl StrategySummary {
    /// The paired lift of metric `m` against the baseline and one team's 90 %
    /// range of it, for the metrics whose catalogue entry has a lift.
    pub fn lift(&self, m: Metric) -> Option<(Estimate, [Option<f64>; 2])> {
        match m {
            Metric::Revenue => Some((self.lift_pct, self.lift_range90)),
            Metric::Profit => Some((self.profit_lift_pct, self.profit_lift_range90)),
            _ => None,
        }
    }
}

/// JSON layout (MODEL.md section 7): name and description, then each metric
/// in catalogue order with its paired lift right after it, the 90 % ranges
/// after the last lift, then the paired attrition difference and the shares.
impl Serialize for StrategySummary {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("description", &self.description)?;
        let last_lift = METRICS.iter().rposition(|i| i.lift.is_some());
        for (k, info) in METRICS.iter().enumerate() {
            map.serialize_entry(info.key, &self.metrics[info.metric])?;
            if let (Some(paired), Some((lift, _))) = (info.lift, self.lift(info.metric)) {
                map.serialize_entry(paired.key, &lift)?;
            }
            if Some(k) == last_lift {
                for info in METRICS.iter() {
                    if let (Some(paired), Some((_, range))) = (info.lift, self.lift(info.metric)) {
                        map.serialize_entry(paired.range_key, &range)?;
                    }
                }
            }
        }
        map.serialize_entry("attrition_diff_pp", &self.attrition_diff_pp)?;
        map.serialize_entry("best_share_pct", &self.best_share_pct)?;
        if let Some(share) = self.best_within_limit_share_pct {
            map.serialize_entry("best_within_limit_share_pct", &share)?;
        }
        map.serialize_entry("ramp_months_to_90pct", &self.ramp_months_to_90pct)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for StrategySummary {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut map = serde_json::Map::deserialize(de)?;
        fn take<T: serde::de::DeserializeOwned, E: Error>(
            map: &mut serde_json::Map<String, serde_json::Value>,
            key: &str,
        ) -> Result<T, E> {
            let value = map.remove(key).unwrap_or(serde_json::Value::Null);
            serde_json::from_value(value).map_err(|e| E::custom(format!("{key}: {e}")))
        }
        let mut metrics = Vec::with_capacity(METRICS.len());
        for info in &METRICS {
            metrics.push(take::<Estimate, D::Error>(&mut map, info.key)?);
        }
        let metrics: [Estimate; crate::sim::N_METRICS] =
            metrics.try_into().map_err(|_| D::Error::custom("metric count"))?;
        Ok(StrategySummary {
            name: take(&mut map, "name")?,
            description: take(&mut map, "description")?,
            metrics: PerMetric(metrics),
            lift_pct: take(&mut map, "lift_pct")?,
            profit_lift_pct: take(&mut map, "profit_lift_pct")?,
            lift_range90: take::<Option<_>, _>(&mut map, "lift_range90")?.unwrap_or([None, None]),
            profit_lift_range90: take::<Option<_>, _>(&mut map, "profit_lift_range90")?.unwrap_or([None, None]),
            attrition_diff_pp: take(&mut map, "attrition_diff_pp")?,
            best_share_pct: take(&mut map, "best_share_pct")?,
            best_within_limit_share_pct: take(&mut map, "best_within_limit_share_pct")?,
            ramp_months_to_90pct: take(&mut map, "ramp_months_to_90pct")?,
        })
    }
}

/// The whole experiment's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentSummary {
    /// Layout version.
    pub schema_version: u32,
    /// What made the result (version, scenario file hash, seed, replications
    /// asked for); set by whoever knows the scenario file (the command line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
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
    /// Which replications a partial result holds, and why it is partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
}

/// Which replications of an experiment a partial result holds: one shard of
/// it, or what finished before the run was stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Replications of the whole experiment.
    pub of: u64,
    /// The replications summarised, as sorted half-open ranges `[start, end)`.
    pub ranges: Vec<[u64; 2]>,
    /// `[K, N]` when the run was shard K of N (`run --shard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<[u64; 2]>,
    /// Whether the run was stopped (Ctrl-C, SIGTERM) before it finished.
    pub interrupted: bool,
}

impl Coverage {
    /// The ranges as text: `0..120, 500..613`.
    pub fn ranges_text(&self) -> String {
        if self.ranges.is_empty() {
            return "none".into();
        }
        self.ranges.iter().map(|[a, b]| format!("{a}..{b}")).collect::<Vec<_>>().join(", ")
    }

    /// What the result holds, in words: `shard 2 of 4 (replications 35..52 of
    /// 70), not the whole experiment` or `run interrupted: replications
    /// 0..120 of 1000` (at most three ranges named, for titles and headers).
    pub fn describe(&self) -> String {
        let shown = if self.ranges.len() > 3 {
            let first = Coverage { ranges: self.ranges[..3].to_vec(), ..self.clone() };
            let held: u64 = self.ranges.iter().map(|[a, b]| b - a).sum();
            format!("{} and {} more ranges, {held} in all,", first.ranges_text(), self.ranges.len() - 3)
        } else {
            self.ranges_text()
        };
        let held = format!("replications {shown} of {}", self.of);
        match (self.shard, self.interrupted) {
            (Some([k, n]), false) => format!("shard {k} of {n} ({held}), not the whole experiment"),
            (Some([k, n]), true) => format!("shard {k} of {n} was interrupted: {held}"),
            (None, _) => format!("run interrupted: {held}"),
        }
    }
}

impl ExperimentSummary {
    /// Why the result is partial, in words (`None` for a complete result).
    pub fn partial_note(&self) -> Option<String> {
        match (&self.coverage, self.partial) {
            (Some(c), _) => Some(c.describe()),
            (None, true) => Some("run interrupted or one shard of the replications".into()),
            (None, false) => None,
        }
    }
}

/// Weekly means with 95 % intervals: `series[s][week][k]` for strategy `s` and
/// series `k` (the position of a [`Series`](crate::sim::Series)).
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
        provenance: None,
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
        coverage: None,
    }
}

/// One strategy's estimates from its accumulator.
pub fn strategy_summary(
    name: &str,
    description: &str,
    acc: &StrategyAccumulator,
    replications: u64,
) -> StrategySummary {
    StrategySummary {
        name: name.to_string(),
        description: description.to_string(),
        metrics: PerMetric::from_fn(|m| estimate_within(&acc.scalars[m as usize], m.info().unit.bounds())),
        lift_pct: estimate(&acc.lift_pct),
        profit_lift_pct: estimate(&acc.profit_lift_pct),
        lift_range90: range90(&acc.lift_pct),
        profit_lift_range90: range90(&acc.profit_lift_pct),
        attrition_diff_pp: estimate(&acc.diffs[Metric::AttritionPct as usize]),
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
            (0..weeks)
                .map(|w| {
                    Series::ALL
                        .iter()
                        .enumerate()
                        .map(|(k, s)| estimate_within(&acc.weekly[w * N_SERIES + k], s.info().unit.bounds()))
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Coverage;

    #[test]
    fn coverage_says_what_a_partial_result_holds() {
        let shard = Coverage { of: 70, ranges: vec![[35, 52]], shard: Some([3, 4]), interrupted: false };
        assert_eq!(shard.describe(), "shard 3 of 4 (replications 35..52 of 70), not the whole experiment");
        let cut = Coverage { of: 100, ranges: vec![[0, 5], [10, 12], [20, 21], [30, 31], [40, 44]], ..shard.clone() };
        let cut = Coverage { shard: None, interrupted: true, ..cut };
        assert_eq!(cut.ranges_text(), "0..5, 10..12, 20..21, 30..31, 40..44");
        assert_eq!(
            cut.describe(),
            "run interrupted: replications 0..5, 10..12, 20..21 and 2 more ranges, 13 in all, of 100"
        );
    }
}
