//! One row per replication and strategy, for people who do their own
//! statistics (distributions, metamodels, scenario discovery): every metric of
//! the catalogue, the paired lifts against the baseline, and the values drawn
//! for the uncertain parameters of that replication's world. A [`Rows`]
//! collector gathers a batch of replications; [`run_in_batches`] runs an
//! experiment batch after batch, handing each batch's rows over in
//! replication order, so memory stays flat however many replications run and
//! the totals are exactly those of one run (exact sums merge in any order).

use std::ops::Range;

use super::accumulator::{ExperimentTotals, percent_change};
use super::executor::{ArmRun, Collector};
use super::runner::{RunError, RunOptions, run_with};
use crate::config::Scenario;
use crate::sim::{Metric, NoObserver, PerMetric};

/// One replication of one strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Replication number.
    pub replication: u64,
    /// Strategy index in the scenario.
    pub strategy: usize,
    /// Every metric of the catalogue in this replication.
    pub metrics: PerMetric<f64>,
    /// Revenue lift against the baseline of the same replication, %.
    pub lift_pct: f64,
    /// Profit lift against the baseline of the same replication, %.
    pub profit_lift_pct: f64,
    /// Values drawn for the uncertain parameters (`Scenario::uncertain` order).
    pub world: Vec<f64>,
}

/// Collects the rows of the replications a worker runs.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// Baseline strategy index.
    pub baseline: usize,
    /// The rows, in no particular order until [`Rows::sorted`].
    pub rows: Vec<Row>,
}

impl Rows {
    /// No rows yet, for a scenario whose baseline is strategy `baseline`.
    pub fn new(baseline: usize) -> Self {
        Rows { baseline, rows: Vec::new() }
    }

    /// The rows by replication, then strategy.
    pub fn sorted(mut self) -> Vec<Row> {
        self.rows.sort_by_key(|r| (r.replication, r.strategy));
        self.rows
    }
}

impl Collector for Rows {
    fn replication(&mut self, r: u64, runs: &[ArmRun], _observers: &[NoObserver]) {
        let base = &runs[self.baseline].metrics;
        for (s, run) in runs.iter().enumerate() {
            let m = &run.metrics;
            self.rows.push(Row {
                replication: r,
                strategy: s,
                metrics: PerMetric::from_fn(|metric| metric.of(m)),
                lift_pct: percent_change(m.revenue, base.revenue),
                profit_lift_pct: percent_change(m.profit, base.profit),
                world: run.world.clone(),
            });
        }
    }

    fn merge(&mut self, other: Self) {
        self.rows.extend(other.rows);
    }
}

/// Replications per batch of [`run_in_batches`]: rows of one batch are held
/// in memory (a few hundred bytes each) before they are handed over.
pub const BATCH: u64 = 256;

/// Runs the experiment of `opts` batch after batch of [`BATCH`] replications,
/// handing each batch's rows, in replication order, to `on_batch` (which may
/// stream them to a file and fail). Returns the totals, equal to those of
/// one [`super::runner::run`] of the same replications, and the extra
/// collectors' results merged over the batches. Stops after the batch in
/// which cancellation was requested.
pub fn run_in_batches<C, F, E>(
    scenario: &Scenario,
    opts: &RunOptions,
    extra: F,
    mut on_batch: impl FnMut(Vec<Row>) -> Result<(), E>,
) -> Result<Result<(ExperimentTotals, C), E>, RunError>
where
    C: Collector,
    F: Fn() -> C + Sync + Send,
{
    let (n, weeks) = (scenario.strategies.len(), scenario.meta.weeks as usize);
    let mut totals = ExperimentTotals::new(n, weeks);
    let mut collected = extra();
    let mut start = opts.range.start;
    while start < opts.range.end {
        let end = opts.range.end.min(start.saturating_add(BATCH));
        let batch = RunOptions { range: Range { start, end }, ..opts.clone() };
        let (t, (c, rows)) = run_with(scenario, &batch, || (extra(), Rows::new(scenario.baseline)))?;
        totals.merge(&t);
        collected.merge(c);
        if let Err(e) = on_batch(rows.sorted()) {
            return Ok(Err(e));
        }
        if opts.cancel.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
        start = end;
    }
    Ok(Ok((totals, collected)))
}

/// The column names of the per-replication file after `strategy` and
/// `replication`: each metric's name, the lifts (`lift_pct`,
/// `profit_lift_pct`), the uncertain parameters (`section.key`).
pub fn columns(scenario: &Scenario) -> Vec<String> {
    let mut names: Vec<String> = Metric::ALL.iter().map(|m| m.key().to_string()).collect();
    names.extend([Metric::Revenue, Metric::Profit].iter().filter_map(|m| m.info().lift).map(|l| l.key.to_string()));
    names.extend(scenario.uncertain.iter().map(|u| format!("{}.{}", u.section.prefix(), u.key)));
    names
}
