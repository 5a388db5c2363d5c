//! Scenarios shared by the benchmarks: a mid-size team built in code from a small
//! embedded TOML, so that every bench file measures the same model and only the
//! dimension in its name changes.

#![allow(dead_code)]

use salesim::config::Scenario;
use salesim::experiment::executor::{Arm, ArmRun, Executor};
use salesim::sim::ReplicationMetrics;

/// Slots of the mid-size team.
pub const MID_SLOTS: u32 = 100;
/// Horizon of the mid-size team, in weeks (one year).
pub const MID_WEEKS: u32 = 52;

/// A scenario with `slots` rep slots, a horizon of `weeks`, and two strategies:
/// the default plan (baseline) and a pressure-heavy plan with a contest, so that
/// the rank-dependent mechanisms are exercised too.
pub fn scenario(slots: u32, weeks: u32) -> Scenario {
    let text = format!(
        r#"
[scenario]
name = "bench_mid_size"
weeks = {weeks}
baseline = "default_plan"

[team]
size = {slots}
team_size = 8

[[strategy]]
name = "default_plan"

[[strategy]]
name = "pressure_and_contest"
[strategy.performance]
quota_difficulty = 1.2
quota_period = "month"
monitoring = 0.8
pip_after_misses = 4
forced_ranking_pct = 10
leaderboard = true
[strategy.incentives]
contest = {{ period_weeks = 4, prize = 5000, winners = 3 }}
"#
    );
    Scenario::from_toml_str(&text).expect("the bench scenario is valid")
}

/// Everything one replication of one strategy needs, prepared outside the timed loop.
pub struct OneReplication {
    scenario: Scenario,
    executor: Executor,
    runs: Vec<ArmRun>,
}

impl OneReplication {
    /// Replication 0 of the baseline strategy of `scenario(slots, weeks)`.
    pub fn new(slots: u32, weeks: u32) -> Self {
        let scenario = scenario(slots, weeks);
        let runs = ArmRun::buffers(&[Arm { scenario: &scenario, strategy: scenario.baseline }]);
        OneReplication { scenario, executor: Executor::new(2026), runs }
    }

    /// Rep-weeks simulated by one call of [`OneReplication::run`].
    pub fn rep_weeks(&self) -> u64 {
        u64::from(self.scenario.team.size) * u64::from(self.scenario.meta.weeks)
    }

    /// Runs the replication (its market path and policy included, as the
    /// executor does for every replication).
    pub fn run(&mut self) -> ReplicationMetrics {
        let arm = Arm { scenario: &self.scenario, strategy: self.scenario.baseline };
        self.executor.replication(&[arm], 0, &mut self.runs);
        self.runs[0].metrics.clone()
    }
}

/// Rep-weeks of `replications` replications of every strategy of `s`.
pub fn experiment_rep_weeks(s: &Scenario, replications: u64) -> u64 {
    replications * s.strategies.len() as u64 * u64::from(s.meta.weeks) * u64::from(s.team.size)
}
