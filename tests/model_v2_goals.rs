//! Model v2, items 1 and 7 of the model issue: the end of a quota period and
//! the difficulty of the goal (`docs/model.md`, "What changed from v1 and
//! why"). Each test runs a small laboratory (a flat market, so that what
//! moves is the plan) on common random numbers and judges per-replication
//! statistics by their 95 % interval. Every test here fails on the v1 model.
//!
//! - Item 1: the end-of-period slump. With deals no longer pulled in
//!   (`pull_forward = 0`), a step bonus lifts the last two weeks of a quarter
//!   above the quarter's mean, and a yearly quota with a bonus sells more in
//!   its last month than in mid-year; reps past quota keep their effort when
//!   selling still pays (an accelerator), and ease off and hold deals back
//!   past a cap.
//! - Item 7: goal difficulty has a gain: a stretching quota sells more than
//!   an easy one, and a much harder one loses it again.

use salesim::config::{ConfigError, Scenario};
use salesim::experiment::executor::{ArmRun, Executor};
use salesim::experiment::moments::Moments;
use salesim::model::rep::Rep;
use salesim::sim::{NoObserver, Observer, Series};
use salesim::validate::arms::{Arm, all_strategies, paired, window_mean};
use salesim::validate::{Check, Expect, ValidationOptions};

/// Replications per experiment: the intervals below stay clear of their
/// thresholds (the v1 and v2 values measured when the tests were written,
/// with the 95 % interval of v2, are in each test's comment).
const REPLICATIONS: u64 = 100;

/// Weeks in a quarter.
const QUARTER: usize = 13;

/// The laboratory: 60 reps in teams of 6, a flat market, and no deals pulled
/// in for a step bonus, so that only effort and the timing of closings move
/// sales within a period.
const LAB: &str = r#"
[scenario]
name = "model_v2_lab"
weeks = 104
[team]
size = 60
team_size = 6
[market]
seasonality = 0.0
shock_sd = 0.0
[behavior]
pull_forward = 0.0
"#;

fn options() -> ValidationOptions {
    ValidationOptions { replications: REPLICATIONS, executor: Executor::new(20_261_201), behavior: None }
}

/// The end-of-quarter index moves little and varies much from one
/// replication to the next: twice the replications.
fn more() -> ValidationOptions {
    ValidationOptions { replications: 2 * REPLICATIONS, executor: Executor::new(20_261_201), behavior: None }
}

fn lab(strategies: &str) -> Result<Scenario, ConfigError> {
    Scenario::from_toml_str(&format!("{LAB}\n{strategies}"))
}

/// The laboratory without timing games of either kind: no deals pulled in
/// and none held back for the next period (`holdback = 0`; since model v2's
/// item 6 a rep holds deals back whenever the next period pays more for them,
/// which under a step bonus moves sales into the next quarter's first weeks),
/// so that only effort moves sales within a period.
fn lab_without_timing_games(strategies: &str) -> Result<Scenario, ConfigError> {
    let lab = LAB.replace("pull_forward = 0.0\n", "pull_forward = 0.0\nholdback = 0.0\n");
    Scenario::from_toml_str(&format!("{lab}\n{strategies}"))
}

fn assert_check(claim: &str, m: &Moments, expect: Expect) {
    let c = Check::new(claim, m, expect);
    eprintln!("{claim}: {:.4} {:?}", c.measured.mean, c.measured.ci95);
    assert!(c.pass, "{claim}: expected {} but measured {:.4} {:?}", c.expected, c.measured.mean, c.measured.ci95);
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

const REVENUE: usize = Series::Revenue.index();

/// Mean over the complete quota periods of length `period` from week `from`
/// on of (mean sales in weeks `late` of the period) / (the period's mean
/// weekly sales) - 1.
fn late_index(
    run: &ArmRun,
    from: usize,
    period: usize,
    late: std::ops::Range<usize>,
    early: Option<std::ops::Range<usize>>,
) -> f64 {
    let weekly = &run.weekly;
    let periods: Vec<usize> = (from / period..weekly.len() / period).collect();
    let ratios: Vec<f64> = periods
        .iter()
        .filter_map(|&p| {
            let start = p * period;
            let base = match &early {
                Some(e) => window_mean(weekly, REVENUE, start + e.start, start + e.end),
                None => window_mean(weekly, REVENUE, start, start + period),
            };
            let tail = window_mean(weekly, REVENUE, start + late.start, start + late.end);
            (base > 0.0).then(|| tail / base - 1.0)
        })
        .collect();
    ratios.iter().sum::<f64>() / ratios.len().max(1) as f64
}

/// Item 1. Last two weeks of a quarter / the quarter's mean - 1 under a step
/// bonus of 30 % of on-target earnings a year, years 2 to 4: v1 -0.085; v2
/// +0.0125 [+0.0075, +0.0176].
#[test]
fn a_step_bonus_lifts_the_last_two_weeks_of_a_quarter_above_its_mean_without_timing_games() {
    let mut s = lab_without_timing_games(
        r#"
[[strategy]]
name = "step_bonus"
[strategy.incentives]
quota_bonus = 0.3
"#,
    )
    .unwrap();
    s.meta.weeks = 208;
    let m = paired::<NoObserver, _>(&all_strategies(&s), &more(), 1, |r, _| {
        vec![late_index(&r[0], 52, QUARTER, QUARTER - 2..QUARTER, None)]
    });
    assert_check("last two weeks of a quarter / quarter mean - 1", &m[0], Expect::Positive);
}

/// Item 1. Last four weeks of a yearly quota (default bonus, 10 % of
/// on-target earnings) / weeks 21-32 - 1, years 2 and 3: v1 -0.169; v2
/// +0.060 [+0.041, +0.080].
#[test]
fn a_yearly_quota_with_a_bonus_sells_more_in_its_last_month_than_in_mid_year() {
    let mut s = lab_without_timing_games(
        r#"
[[strategy]]
name = "yearly_bonus"
[strategy.performance]
quota_period = "year"
"#,
    )
    .unwrap();
    s.meta.weeks = 156;
    let m = paired::<NoObserver, _>(&all_strategies(&s), &options(), 1, |r, _| {
        vec![late_index(&r[0], 52, 52, 48..52, Some(20..32))]
    });
    assert_check("last month of the year / mid-year - 1", &m[0], Expect::Positive);
}

/// Mean effort of reps in post, by week of the quarter, split by attainment
/// at the start of the week: sums and counts.
#[derive(Debug, Default)]
struct EffortByAttainment {
    /// Attainment of each slot at the end of last week (0 at a period start).
    last: Vec<f64>,
    /// Effort and count of all reps in the first four weeks of a quarter.
    early: (f64, f64),
    /// Effort and count of reps at or past quota in the last four weeks.
    past_quota: (f64, f64),
    /// Effort and count of reps at or past 1.2 x quota in the last four weeks.
    past_cap: (f64, f64),
}

impl Observer for EffortByAttainment {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        let k = week as usize % QUARTER;
        for (slot, r) in reps {
            if self.last.len() <= slot {
                self.last.resize(slot + 1, 0.0);
            }
            let before = if k == 0 { 0.0 } else { self.last[slot] };
            self.last[slot] = Rep::attainment_of(r.period_sales, r.quota);
            if week < 52 || r.tenure < 26 {
                continue;
            }
            let add = |acc: &mut (f64, f64)| {
                acc.0 += r.effort;
                acc.1 += 1.0;
            };
            if k < 4 {
                add(&mut self.early);
            } else if k >= QUARTER - 4 {
                if before >= 1.0 {
                    add(&mut self.past_quota);
                }
                if before >= 1.2 {
                    add(&mut self.past_cap);
                }
            }
        }
    }
}

fn mean(acc: (f64, f64)) -> f64 {
    if acc.1 > 0.0 { acc.0 / acc.1 } else { f64::NAN }
}

const PAY_PAST_QUOTA: &str = r#"
[[strategy]]
name = "accelerator"
[strategy.incentives]
accelerator = 2.0
[[strategy]]
name = "cap"
[strategy.incentives]
cap = 1.2
"#;

/// Item 1. Effort of reps past quota in the last four weeks of a quarter
/// minus the team's effort in its first four weeks, under an accelerator of
/// 2: v1 -0.059 (they ease off although every further deal pays double);
/// v2 +0.082 [+0.080, +0.084].
#[test]
fn reps_past_quota_keep_their_effort_when_an_accelerator_pays_for_more() {
    let s = lab(PAY_PAST_QUOTA).unwrap();
    let arms = vec![Arm { scenario: s, strategy: 0 }];
    let m =
        paired::<EffortByAttainment, _>(&arms, &options(), 1, |_, o| vec![mean(o[0].past_quota) - mean(o[0].early)]);
    assert_check("effort past quota, late in the quarter, minus the team's early effort", &m[0], Expect::Positive);
}

/// Item 1. Past a cap of 1.2 x quota a deal closed now pays nothing: reps
/// there ease off (effort against reps at the same attainment under an
/// accelerator of 2: v1 -0.170, v2 -0.296 [-0.300, -0.292]) and hold deals
/// back, so the first two weeks of the next quarter sell more, relative to
/// the quarter's mean, than under the accelerator (v1 -0.010: no deferral
/// past a cap; v2 +0.143 [+0.138, +0.149]).
#[test]
fn past_a_cap_reps_ease_off_and_push_deals_into_the_next_quarter() {
    let s = lab(PAY_PAST_QUOTA).unwrap();
    let m = paired::<EffortByAttainment, _>(&all_strategies(&s), &options(), 2, |r, o| {
        let first_weeks = |run: &ArmRun| late_index(run, 52, QUARTER, 0..2, None);
        vec![mean(o[1].past_cap) - mean(o[0].past_cap), first_weeks(&r[1]) - first_weeks(&r[0])]
    });
    assert_between("effort past 1.2 x quota, cap minus accelerator", &m[0], f64::NEG_INFINITY, -0.1);
    assert_between("first two weeks of a quarter / quarter mean, cap minus accelerator", &m[1], 0.03, f64::INFINITY);
}

/// Item 7. Revenue of a quota of 1.2 x normal output against one of 0.8:
/// v1 -0.49 %; v2 +3.82 % [+3.57, +4.06]. A quota of 1.8 against 1.2: v2
/// -2.95 % [-3.24, -2.66].
#[test]
fn a_stretching_quota_sells_more_than_an_easy_one_and_a_much_harder_one_less() {
    let s = lab(r#"
[[strategy]]
name = "easy"
[strategy.performance]
quota_difficulty = 0.8
[[strategy]]
name = "stretching"
[strategy.performance]
quota_difficulty = 1.2
[[strategy]]
name = "much_harder"
[strategy.performance]
quota_difficulty = 1.8
"#)
    .unwrap();
    let lift = |a: &ArmRun, b: &ArmRun| 100.0 * (a.metrics.revenue / b.metrics.revenue - 1.0);
    let m = paired::<NoObserver, _>(&all_strategies(&s), &options(), 2, |r, _| {
        vec![lift(&r[1], &r[0]), lift(&r[2], &r[1])]
    });
    assert_between("revenue lift, quota 1.2 vs 0.8 (%)", &m[0], 1.0, f64::INFINITY);
    assert_check("revenue lift, quota 1.8 vs 1.2 (%)", &m[1], Expect::Negative);
}
