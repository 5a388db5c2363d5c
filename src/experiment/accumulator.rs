//! Per-strategy running totals of an experiment: scalar metrics, paired lifts
//! against the baseline, weekly series, the ramp curve and the attainment
//! histogram. Everything is a [`Moments`] or an integer count, so accumulators
//! merge exactly in any order (threads, shards).

use serde::{Deserialize, Serialize};

use super::moments::Moments;
use crate::sim::metrics::{ATTAINMENT_BINS, TENURE_BUCKETS};
use crate::sim::{Metric, N_METRICS, N_SERIES, ReplicationMetrics, WeekRow};

/// Running totals for one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyAccumulator {
    /// Scalar metrics, in catalogue order ([`Metric::ALL`]).
    pub scalars: Vec<Moments>,
    /// Revenue lift against the baseline, % (paired per replication).
    pub lift_pct: Moments,
    /// Profit lift against the baseline, % of the baseline's absolute profit.
    pub profit_lift_pct: Moments,
    /// Paired differences to the baseline of every scalar metric, in catalogue order.
    pub diffs: Vec<Moments>,
    /// Replications in which this strategy had the highest profit.
    pub best_count: u64,
    /// Replications in which this strategy had the highest profit among those
    /// within the attrition limit of the run (when one was given).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub best_feasible_count: u64,
    /// Weekly series: `weeks x N_SERIES`.
    pub weekly: Vec<Moments>,
    /// Sales by tenure bucket, summed over replications (fixed point).
    pub sales_by_tenure: Vec<Moments>,
    /// Rep-weeks by tenure bucket.
    pub weeks_by_tenure: Vec<Moments>,
    /// Rep-quarters by attainment bin.
    pub attainment_histogram: Vec<u64>,
}

impl StrategyAccumulator {
    /// Empty totals for a horizon of `weeks`.
    pub fn new(weeks: usize) -> Self {
        StrategyAccumulator {
            scalars: vec![Moments::default(); N_METRICS],
            lift_pct: Moments::default(),
            profit_lift_pct: Moments::default(),
            diffs: vec![Moments::default(); N_METRICS],
            best_count: 0,
            best_feasible_count: 0,
            weekly: vec![Moments::default(); weeks * N_SERIES],
            sales_by_tenure: vec![Moments::default(); TENURE_BUCKETS],
            weeks_by_tenure: vec![Moments::default(); TENURE_BUCKETS],
            attainment_histogram: vec![0; ATTAINMENT_BINS],
        }
    }

    /// Adds one replication of this strategy, paired with the baseline's.
    pub fn push(&mut self, m: &ReplicationMetrics, baseline: &ReplicationMetrics, weekly: &[WeekRow]) {
        for (k, metric) in Metric::ALL.into_iter().enumerate() {
            let v = metric.of(m);
            self.scalars[k].push(v);
            self.diffs[k].push(v - metric.of(baseline));
        }
        self.lift_pct.push(percent_change(m.revenue, baseline.revenue));
        self.profit_lift_pct.push(percent_change(m.profit, baseline.profit));
        for (w, row) in weekly.iter().enumerate() {
            for (s, v) in row.iter().enumerate() {
                self.weekly[w * N_SERIES + s].push(*v);
            }
        }
        for b in 0..TENURE_BUCKETS {
            self.sales_by_tenure[b].push(m.sales_by_tenure[b]);
            self.weeks_by_tenure[b].push(m.weeks_by_tenure[b]);
        }
        for (h, c) in self.attainment_histogram.iter_mut().zip(m.attainment_histogram) {
            *h += c as u64;
        }
    }

    /// Adds another accumulator of the same strategy.
    pub fn merge(&mut self, o: &StrategyAccumulator) {
        let pairs = |a: &mut Vec<Moments>, b: &Vec<Moments>| a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
        pairs(&mut self.scalars, &o.scalars);
        pairs(&mut self.diffs, &o.diffs);
        pairs(&mut self.weekly, &o.weekly);
        pairs(&mut self.sales_by_tenure, &o.sales_by_tenure);
        pairs(&mut self.weeks_by_tenure, &o.weeks_by_tenure);
        self.lift_pct.merge(&o.lift_pct);
        self.profit_lift_pct.merge(&o.profit_lift_pct);
        // Counts read from shard files are checked before they get here; a
        // sum that would still wrap stops at the largest count instead.
        self.best_count = self.best_count.saturating_add(o.best_count);
        self.best_feasible_count = self.best_feasible_count.saturating_add(o.best_feasible_count);
        self.attainment_histogram.iter_mut().zip(&o.attainment_histogram).for_each(|(a, b)| *a = a.saturating_add(*b));
    }

    /// Replications added so far.
    pub fn replications(&self) -> u64 {
        self.lift_pct.n
    }

    /// The first set of sums that is no longer exact (a value beyond
    /// [`super::moments::LIMIT`]), named for a message.
    pub fn first_inexact(&self) -> Option<String> {
        let named = |what: &str, v: &[Moments]| v.iter().position(|m| !m.is_exact()).map(|k| (what.to_string(), k));
        if let Some(k) = self.scalars.iter().position(|m| !m.is_exact()) {
            return Some(Metric::ALL.get(k).map_or_else(|| format!("metric {k}"), |m| m.info().key.to_string()));
        }
        if let Some(k) = self.diffs.iter().position(|m| !m.is_exact()) {
            let key = Metric::ALL.get(k).map_or_else(|| format!("metric {k}"), |m| m.info().key.to_string());
            return Some(format!("difference of {key} to the baseline"));
        }
        if !self.lift_pct.is_exact() {
            return Some("lift_pct".into());
        }
        if !self.profit_lift_pct.is_exact() {
            return Some("profit_lift_pct".into());
        }
        [
            ("weekly series", &self.weekly),
            ("sales by tenure", &self.sales_by_tenure),
            ("weeks by tenure", &self.weeks_by_tenure),
        ]
        .into_iter()
        .find_map(|(what, v)| named(what, v))
        .map(|(what, k)| format!("{what} (entry {k})"))
    }
}

/// Percent change of `value` over `base`, relative to `|base|` (0 if base is 0).
pub fn percent_change(value: f64, base: f64) -> f64 {
    if base.abs() < 1e-9 { 0.0 } else { 100.0 * (value - base) / base.abs() }
}

fn is_zero(x: &u64) -> bool {
    *x == 0
}

/// Totals of an experiment: one accumulator per strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentTotals {
    /// One accumulator per strategy, in scenario order.
    pub strategies: Vec<StrategyAccumulator>,
    /// The attrition limit behind `best_feasible_count`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attrition: Option<f64>,
}

impl ExperimentTotals {
    /// Empty totals.
    pub fn new(n_strategies: usize, weeks: usize) -> Self {
        ExperimentTotals {
            strategies: (0..n_strategies).map(|_| StrategyAccumulator::new(weeks)).collect(),
            max_attrition: None,
        }
    }

    /// Adds another set of totals of the same experiment.
    pub fn merge(&mut self, o: &ExperimentTotals) {
        self.strategies.iter_mut().zip(&o.strategies).for_each(|(a, b)| a.merge(b));
        if self.max_attrition.is_none() {
            self.max_attrition = o.max_attrition;
        }
    }

    /// Replications added so far.
    pub fn replications(&self) -> u64 {
        self.strategies.first().map_or(0, StrategyAccumulator::replications)
    }

    /// Checks that every sum is exact; the error names the strategy (by its
    /// position) and the metric whose values went beyond
    /// [`super::moments::LIMIT`], where no mean or interval can be trusted.
    pub fn check_exact(&self) -> Result<(), InexactError> {
        for (strategy, acc) in self.strategies.iter().enumerate() {
            if let Some(what) = acc.first_inexact() {
                return Err(InexactError { strategy, what });
            }
        }
        Ok(())
    }
}

/// Sums that reached a bound: a value too large to be summed exactly.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{what} of strategy {} has a value beyond ±1e18 that cannot be summed exactly; no mean or interval of it would be true (is a deal size or rate far beyond the documented ranges?)",
    strategy + 1
)]
pub struct InexactError {
    /// Position of the strategy (0-based).
    pub strategy: usize,
    /// The metric or series.
    pub what: String,
}
