//! Model v2, items 4 and 6 of the model issue: periods measured in weeks,
//! and gaming that follows the contract (`docs/model.md`, "What changed from
//! v1 and why"). Each test runs a small laboratory (a flat market, so that
//! what moves is the plan) on common random numbers and judges
//! per-replication statistics by their 95 % interval. Every test here fails
//! on the v1 model.
//!
//! - Item 4: gaming windows and improvement plans are in weeks: a weekly
//!   quota can be gamed, and plans judge a quarter of results whatever the
//!   quota period, so weekly quotas with plans after two misses no longer
//!   dismiss twice the team a year; quota periods much shorter or longer
//!   than the sales cycle lose to one near it.
//! - Item 6: timing games follow the convexity of pay at the rep's
//!   position: a 3x accelerator above quota games far more than a linear
//!   plan, and the price concessions on the deals moved cost revenue.

use salesim::config::{ConfigError, Scenario};
use salesim::experiment::executor::{ArmRun, Executor};
use salesim::experiment::moments::Moments;
use salesim::sim::NoObserver;
use salesim::validate::arms::{Arm, all_strategies, paired};
use salesim::validate::{Check, Expect, ValidationOptions};

/// The laboratory: 60 reps in teams of 6, a flat market.
const LAB: &str = r#"
[scenario]
name = "model_v2_gaming_lab"
weeks = 104
[team]
size = 60
team_size = 6
[market]
seasonality = 0.0
shock_sd = 0.0
"#;

fn options(replications: u64) -> ValidationOptions {
    ValidationOptions { replications, executor: Executor::new(20_261_204), behavior: None }
}

fn lab(extra: &str) -> Result<Scenario, ConfigError> {
    Scenario::from_toml_str(&format!("{LAB}\n{extra}"))
}

/// Asserts that the whole 95 % interval of the values behind `m` lies above
/// `lo` and below `hi`.
fn assert_between(claim: &str, m: &Moments, lo: f64, hi: f64) {
    let c = Check::new(claim, m, Expect::Positive);
    eprintln!("{claim}: {:.4} {:?}", c.measured.mean, c.measured.ci95);
    let [low, high] = c.measured.ci95;
    let (low, high) = (low.unwrap_or(f64::NAN), high.unwrap_or(f64::NAN));
    assert!(
        low > lo && high < hi,
        "{claim}: expected {lo} to {hi} but measured {:.4} {:?}",
        c.measured.mean,
        c.measured.ci95
    );
}

/// Item 4. Involuntary attrition (% a year) with plans after two misses,
/// weekly quota minus quarterly quota: v1 +205 (216.6 % against 11.1 % on
/// the mature team, `docs/diagnostics/gaming_quota_periods.toml`); v2 a
/// plan judges 13 weeks of results whatever the quota period, and the
/// difference is +0.8 [0.4, 1.2].
#[test]
fn plans_judge_weeks_of_results_not_a_count_of_periods() {
    let s = lab(r#"
[[strategy]]
name = "quarter_pip2"
[strategy.performance]
pip_after_misses = 2
[[strategy]]
name = "week_pip2"
[strategy.performance]
quota_period = "week"
pip_after_misses = 2
"#)
    .unwrap();
    let m = paired::<NoObserver, _>(&all_strategies(&s), &options(40), 1, |r, _| {
        vec![r[1].metrics.involuntary_attrition_pct - r[0].metrics.involuntary_attrition_pct]
    });
    assert_between("involuntary attrition, weekly minus quarterly quota (points)", &m[0], -5.0, 5.0);
}

/// Item 4. Gaming share (% of bookings) under a weekly quota with a step
/// bonus: v1 0.00 (the window was 30 % of the period, less than one week);
/// v2 the windows are in weeks, and every week of a weekly quota is its
/// last: 1.75 [1.62, 1.87].
#[test]
fn a_weekly_quota_can_be_gamed() {
    let s = lab(r#"
[[strategy]]
name = "week"
[strategy.performance]
quota_period = "week"
"#)
    .unwrap();
    let m = paired::<NoObserver, _>(&all_strategies(&s), &options(20), 1, |r, _| vec![r[0].metrics.gaming_pct]);
    assert_between("gaming share under a weekly quota (%)", &m[0], 0.2, 100.0);
}

/// The linear plan and the 3x accelerator, both without a step bonus.
const PLANS: &str = r#"
[[strategy]]
name = "linear"
[strategy.incentives]
quota_bonus = 0.0
[[strategy]]
name = "accelerator_3x"
[strategy.incentives]
quota_bonus = 0.0
accelerator = 3.0
"#;

/// Item 6. Gaming share under a 3x accelerator minus 1.5 times the linear
/// plan's (points of bookings): v1 0.54 - 1.5 x 0.58 = -0.33 (the
/// accelerator left gaming unchanged); v2 +8.8 [8.6, 9.1].
#[test]
fn a_steep_accelerator_games_at_least_half_again_as_much_as_a_linear_plan() {
    let s = lab(PLANS).unwrap();
    let m = paired::<NoObserver, _>(&all_strategies(&s), &options(20), 1, |r, _| {
        vec![r[1].metrics.gaming_pct - 1.5 * r[0].metrics.gaming_pct]
    });
    assert_between("gaming share, 3x accelerator - 1.5 x linear (points)", &m[0], 0.0, 100.0);
}

/// Item 6. Revenue lost to timing games under a 3x accelerator: revenue
/// with timing games off (`gaming_propensity`, `pull_forward` and
/// `holdback` 0) over revenue with them, minus 1, in %: v1 0.3; v2 2.1
/// [1.5, 2.6] on 20 replications (price concessions on the deals pulled in
/// and secured; Larkin 2014 reports 6-8 % for his vendor's plan).
#[test]
fn timing_games_under_an_accelerator_cost_revenue() {
    let on = lab(PLANS).unwrap();
    let off =
        lab(&format!("[behavior]\ngaming_propensity = 0.0\npull_forward = 0.0\nholdback = 0.0\n{PLANS}")).unwrap();
    let arms = [Arm { scenario: on, strategy: 1 }, Arm { scenario: off, strategy: 1 }];
    let m = paired::<NoObserver, _>(&arms, &options(40), 1, |r, _| {
        vec![100.0 * (r[1].metrics.revenue / r[0].metrics.revenue - 1.0)]
    });
    assert_between("revenue lost to timing games under a 3x accelerator (%)", &m[0], 1.0, 100.0);
}

/// Item 4. Quota periods rank by mechanism, not by window arithmetic: in a
/// business with a 4-week sales cycle, a weekly quota makes every week a
/// last week, so reps keep trading prospecting for closing
/// (`goal::closing_focus`) and starve their pipeline, while a yearly quota
/// leaves the goal's end far off for most of the year (present bias,
/// `goal::urgency`). Profit, monthly minus weekly quota and quarterly minus
/// yearly (% of the weekly's and the yearly's), this lab with 40
/// replications: v1 -8.2 % and -0.3 % (the weekly quota was the best plan;
/// +10.0 % over quarterly on the mature team); v2 +0.54 [0.32, 0.77] and
/// +6.4 [6.1, 6.8].
#[test]
fn quota_periods_much_shorter_or_longer_than_the_sales_cycle_lose() {
    // The default market's sales cycle is 4 weeks.
    let s = lab(r#"
[[strategy]]
name = "week"
[strategy.performance]
quota_period = "week"
[[strategy]]
name = "month"
[strategy.performance]
quota_period = "month"
[[strategy]]
name = "quarter"
[[strategy]]
name = "year"
[strategy.performance]
quota_period = "year"
"#)
    .unwrap();
    let m = paired::<NoObserver, _>(&all_strategies(&s), &options(40), 2, |r, _| {
        let lift = |a: &ArmRun, b: &ArmRun| 100.0 * (a.metrics.profit - b.metrics.profit) / b.metrics.profit.abs();
        vec![lift(&r[1], &r[0]), lift(&r[2], &r[3])]
    });
    assert_between("profit, monthly vs weekly quota (%)", &m[0], 0.0, 100.0);
    assert_between("profit, quarterly vs yearly quota (%)", &m[1], 0.0, 100.0);
}
