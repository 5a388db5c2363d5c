//! Facts on pressure, goals, rewards and contests: the inverted U, goal
//! difficulty, incentive fatigue, crowding-out, deadline bunching and
//! contests, and the two model properties split off them (burnout under
//! pressure, contest discouragement).

use super::{EFFORT, REVENUE, band_around, first_week_share, lab, lift};
use crate::config::ConfigError;
use crate::experiment::moments::Moments;
use crate::model::rep::Rep;
use crate::sim::{NoObserver, Observer};
use crate::validate::arms::{all_strategies, paired, window_mean};
use crate::validate::{Check, Expect, FactResult, Group, ValidationOptions};

const PRESSURE_ARMS: &str = r#"
[[strategy]]
name = "low"
[strategy.performance]
quota_difficulty = 0.8
monitoring = 0.05
review_cadence_weeks = 13
[[strategy]]
name = "moderate"
[strategy.performance]
quota_difficulty = 1.1
monitoring = 0.5
[[strategy]]
name = "high"
[strategy.performance]
quota_difficulty = 1.5
quota_period = "month"
monitoring = 1.0
review_cadence_weeks = 1
miss_penalty = 0.5
leaderboard = true
"#;

/// Low, moderate and high pressure: revenue lifts moderate vs low and high vs
/// moderate, burnout and voluntary attrition high minus moderate.
fn pressure_levels(opts: &ValidationOptions) -> Result<Vec<Moments>, ConfigError> {
    let s = lab(PRESSURE_ARMS, "", opts)?;
    Ok(paired::<NoObserver, _>(&all_strategies(&s), opts, 4, |r, _| {
        vec![
            lift(&r[1], &r[0]),
            lift(&r[2], &r[1]),
            r[2].metrics.burnout_pct - r[1].metrics.burnout_pct,
            r[2].metrics.voluntary_attrition_pct - r[1].metrics.voluntary_attrition_pct,
        ]
    }))
}

/// Inverted U: revenue rises from low to moderate pressure and falls beyond;
/// voluntary quits rise at high pressure.
pub fn inverted_u(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let m = pressure_levels(opts)?;
    Ok(FactResult {
        id: "inverted_u",
        group: Group::ValidationFact,
        fact: "Pressure lifts revenue from low to moderate and lowers it beyond; voluntary quits rise at high pressure",
        source: "Yerkes & Dodson 1908; LePine, Podsakoff & LePine 2005 (challenge vs hindrance stressors); Podsakoff, LePine & LePine 2007 (hindrance -> turnover)",
        figure: "direction only: Yerkes & Dodson is qualitative; the meta-analytic correlations of LePine et al. 2005 and Podsakoff et al. 2007 are not verified and are not in revenue or quit units",
        checks: vec![
            Check::new("revenue lift, moderate vs low pressure (%)", &m[0], Expect::Positive),
            Check::new("revenue lift, high vs moderate pressure (%)", &m[1], Expect::Negative),
            Check::new("voluntary attrition, high minus moderate (pp/yr)", &m[3], Expect::Positive),
        ],
        perturbed: None,
    })
}

/// Burnout rises at high pressure: a model property, since burnout is coded
/// on fatigue that pressure above tolerance feeds (`fatigue_pressure_rate`).
pub fn burnout_under_pressure(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let m = pressure_levels(opts)?;
    Ok(FactResult {
        id: "burnout_under_pressure",
        group: Group::ModelProperty,
        fact: "Burnout rises at high pressure (inverted-U experiment)",
        source: "Maslach, Schaufeli & Leiter 2001 (qualitative)",
        figure: "model property: burnout is coded on fatigue, which pressure above tolerance feeds (fatigue_pressure_rate, docs/model.md 3.14)",
        checks: vec![Check::new("burnout, high minus moderate (pp of rep-weeks)", &m[2], Expect::Positive)],
        perturbed: None,
    })
}

/// Sales of the year of every rep in post all of the first year, read in its
/// last week (week 51, before the year's end resets them).
#[derive(Debug, Default)]
pub struct YearSales {
    /// Year-one sales of each rep in post all year (USD).
    pub sales: Vec<f64>,
}

impl Observer for YearSales {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        if week == 51 {
            self.sales.extend(reps.filter(|(_, r)| r.tenure >= 52).map(|(_, r)| r.year_sales));
        }
    }
}

/// Standardised mean difference (Cohen's d, pooled sd) of `a` over `b`.
fn cohens_d(a: &[f64], b: &[f64]) -> f64 {
    let stats = |x: &[f64]| {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n.max(1.0);
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        (n, mean, var)
    };
    let ((na, ma, va), (nb, mb, vb)) = (stats(a), stats(b));
    let pooled = (((na - 1.0) * va + (nb - 1.0) * vb) / (na + nb - 2.0).max(1.0)).sqrt();
    if pooled > 0.0 { (ma - mb) / pooled } else { 0.0 }
}

/// Goal difficulty: a hard but attainable quota beats an easy one (in d
/// against Wood, Mento & Locke's complex-task figure); an unattainable one
/// loses effort and pushes deals into the next period.
pub fn goal_difficulty(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(
        r#"
[[strategy]]
name = "easy"
[strategy.performance]
quota_difficulty = 0.7
[[strategy]]
name = "hard"
[strategy.performance]
quota_difficulty = 1.15
[[strategy]]
name = "unattainable"
[strategy.performance]
quota_difficulty = 2.2
"#,
        "",
        opts,
    )?;
    let m = paired::<YearSales, _>(&all_strategies(&s), opts, 5, |r, logs| {
        vec![
            lift(&r[1], &r[0]),
            lift(&r[2], &r[1]),
            r[2].metrics.effort - r[1].metrics.effort,
            first_week_share(&r[2].weekly, 13) - first_week_share(&r[1].weekly, 13),
            cohens_d(&logs[1].sales, &logs[0].sales),
        ]
    });
    let (lo, hi) = band_around(WOOD_COMPLEX_D);
    Ok(FactResult {
        id: "goal_difficulty",
        group: Group::ValidationFact,
        fact: "A hard but attainable quota beats an easy one; an unattainable one loses effort and pushes deals into the next period",
        source: "Wood, Mento & Locke 1987 (d = 0.42 on complex tasks, 0.76 on simple ones; verified); Mento, Steel & Karren 1987 (hard vs easy goals); Chung, Steenburgh & Sudhir 2014 (give-up far from quota); Oyer 1998",
        figure: "d = 0.42 (Wood, Mento & Locke 1987, goal effects on complex tasks); band 0.21 to 0.84 (half to twice); the rest direction only",
        checks: vec![
            Check::new("revenue lift, hard (1.15) vs easy (0.7) quota (%)", &m[0], Expect::Positive),
            Check::new("year-1 sales per rep, hard vs easy quota (Cohen's d)", &m[4], Expect::Band(lo, hi)),
            Check::new("revenue lift, unattainable (2.2) vs hard quota (%)", &m[1], Expect::Negative),
            Check::new("mean effort, unattainable minus hard", &m[2], Expect::Negative),
            Check::new("first-week sales / period mean, unattainable minus hard", &m[3], Expect::Positive),
        ],
        perturbed: None,
    })
}

/// Wood, Mento & Locke (1987): goal effect on complex tasks, d.
const WOOD_COMPLEX_D: f64 = 0.42;

/// The arms of the incentive-fatigue experiment (also the classroom demo's): no
/// incentives beyond commission; a quota bonus with spot awards, the same all
/// year; the same menu rotated every 8 weeks. A rotation
/// renews only what changes with the menu (prizes, spot awards, recognition;
/// `docs/model.md` 3.5), so the menu has spot awards.
pub const FATIGUE_ARMS: &str = r#"
[[strategy]]
name = "no_incentives"
[strategy.incentives]
quota_bonus = 0.0
[[strategy]]
name = "constant_incentives"
[strategy.incentives]
quota_bonus = 0.3
spot_award = 2000
[[strategy]]
name = "rotating_incentives"
[strategy.incentives]
quota_bonus = 0.3
spot_award = 2000
rotate_every_weeks = 8
"#;

/// Behaviour of the incentive-fatigue experiment: the plan is new in week 1.
pub const FATIGUE_BEHAVIOR: &str = "[behavior]\ninitial_adaptation = 0.0\n";

/// Incentive fatigue: a constant incentive menu's effect on effort decays over
/// the first year; rotating its prizes and awards keeps more of it.
pub fn incentive_fatigue(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let mut s = lab(FATIGUE_ARMS, FATIGUE_BEHAVIOR, opts)?;
    s.meta.weeks = 52;
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 3, |r, _| {
        let effect = |arm: usize, from: usize, to: usize| {
            window_mean(&r[arm].weekly, EFFORT, from, to) - window_mean(&r[0].weekly, EFFORT, from, to)
        };
        vec![effect(1, 0, 13) - effect(1, 39, 52), effect(2, 39, 52) - effect(1, 39, 52), effect(1, 39, 52)]
    });
    Ok(FactResult {
        id: "incentive_fatigue",
        group: Group::ValidationFact,
        fact: "Constant incentives move effort less by the end of the first year; rotating prizes and awards keeps more of their effect",
        source: "Frederick & Loewenstein 1999 (hedonic adaptation); Lyubomirsky 2011 (variety slows adaptation)",
        figure: "direction only: neither source gives a rate of adaptation to pay",
        checks: vec![
            Check::new("incentives' effect on effort, first quarter minus fourth quarter", &m[0], Expect::Positive),
            Check::new("fourth-quarter effect, rotating minus constant incentives", &m[1], Expect::Positive),
            Check::new("fourth-quarter effect of the constant incentives (effort)", &m[2], Expect::Positive),
        ],
        perturbed: None,
    })
}

/// The three arms of the crowding experiment (also the classroom demo's):
/// today's plan, contingent pay under heavy monitoring, recognition and growth.
pub const CROWDING_ARMS: &str = r#"
[[strategy]]
name = "today's plan"
[[strategy]]
name = "contingent pay + monitoring"
[strategy.performance]
monitoring = 0.9
review_cadence_weeks = 1
leaderboard = true
[strategy.incentives]
base_salary_share = 0.3
commission_rate = 0.13
[[strategy]]
name = "recognition + growth"
[strategy.incentives]
recognition = { cadence_weeks = 4, breadth = "bar", bar = 1.0 }
training_hours_per_month = 6
career_path = true
transparency = 0.8
"#;

/// Deci, Koestner & Ryan (1999): performance-contingent rewards, d.
const DECI_CONTINGENT_D: f64 = -0.28;
/// Deci, Koestner & Ryan (1999): positive feedback, d.
const DECI_FEEDBACK_D: f64 = 0.33;

/// Crowding-out: contingent pay under heavy monitoring lowers intrinsic
/// motivation; recognition and growth raise it (in standardised units).
pub fn crowding_out(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(CROWDING_ARMS, "", opts)?;
    let sd = s.behavior.intrinsic_sd.max(1e-6);
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 2, |r, _| {
        let base = r[0].metrics.intrinsic_motivation;
        vec![(r[1].metrics.intrinsic_motivation - base) / sd, (r[2].metrics.intrinsic_motivation - base) / sd]
    });
    let (out_lo, out_hi) = band_around(DECI_CONTINGENT_D);
    let (in_lo, in_hi) = band_around(DECI_FEEDBACK_D);
    Ok(FactResult {
        id: "crowding_out",
        group: Group::CalibrationTarget,
        fact: "Contingent pay under heavy monitoring lowers intrinsic motivation; recognition and growth raise it",
        source: "Deci, Koestner & Ryan 1999 (meta-analysis; free-choice intrinsic motivation): performance-contingent rewards d = -0.28, positive feedback d = +0.33 (verified)",
        figure: "in sample: d = -0.28 and d = +0.33 are the calibration targets of crowding_out and crowding_in (docs/calibration/defaults.toml); bands half to twice each figure",
        checks: vec![
            Check::new(
                "intrinsic motivation after 2 years, contingent+monitored vs baseline (d)",
                &m[0],
                Expect::Band(out_lo, out_hi),
            ),
            Check::new(
                "intrinsic motivation after 2 years, recognition+growth vs baseline (d)",
                &m[1],
                Expect::Band(in_lo, in_hi),
            ),
        ],
        perturbed: None,
    })
}

/// Deadline bunching: with a step bonus, sales bunch at the end of the period;
/// shorter periods flatten the bunching.
pub fn deadline_bunching(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(
        r#"
[[strategy]]
name = "commission_only"
[strategy.incentives]
quota_bonus = 0.0
[[strategy]]
name = "quarterly_step_bonus"
[strategy.incentives]
quota_bonus = 0.3
commission_rate = 0.04
[[strategy]]
name = "monthly_step_bonus"
[strategy.performance]
quota_period = "month"
[strategy.incentives]
quota_bonus = 0.3
commission_rate = 0.04
"#,
        "",
        opts,
    )?;
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 3, |r, _| {
        let q0 = bunching(&r[0].weekly, 13);
        let q1 = bunching(&r[1].weekly, 13);
        vec![q1 - q0, q1 - 1.0, unevenness(&r[1].weekly, 13) - unevenness(&r[2].weekly, 13)]
    });
    Ok(FactResult {
        id: "deadline_bunching",
        group: Group::ValidationFact,
        fact: "With a step bonus, sales bunch in the last weeks of the quota period; shorter periods flatten the bunching",
        source: "Oyer 1998 (fiscal-year-end sales above mid-year levels); Larkin 2014; Chung, Steenburgh & Sudhir 2014",
        figure: "direction only: Oyer 1998 and Larkin 2014 report the pattern; the size of end-of-quarter bunching under a quarterly step bonus is not verified",
        checks: vec![
            Check::new("end-of-quarter bunching, step bonus minus commission only", &m[0], Expect::Positive),
            Check::new("end-of-quarter bunching index of the step bonus minus 1", &m[1], Expect::Positive),
            Check::new("week-to-week unevenness of sales (CV), quarterly minus monthly", &m[2], Expect::Positive),
        ],
        perturbed: None,
    })
}

/// Coefficient of variation of weekly sales from week `from` on: how unevenly
/// sales flow over time.
fn unevenness(weekly: &[crate::sim::WeekRow], from: usize) -> f64 {
    let xs: Vec<f64> = weekly.iter().skip(from).map(|r| r[REVENUE]).collect();
    if xs.len() < 2 {
        return 0.0;
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
    if mean > 0.0 { var.sqrt() / mean } else { 0.0 }
}

/// Share of sales in the last ~23 % of each complete period, relative to that
/// share of time (1 = no bunching).
fn bunching(weekly: &[crate::sim::WeekRow], period: usize) -> f64 {
    let tail = ((period as f64 * 3.0 / 13.0).round() as usize).max(1);
    let periods = weekly.len() / period;
    let (mut late, mut all) = (0.0, 0.0);
    for p in 0..periods {
        for w in 0..period {
            let v = weekly[p * period + w][REVENUE];
            all += v;
            if w >= period - tail {
                late += v;
            }
        }
    }
    if all > 0.0 { (late / all) / (tail as f64 / period as f64) } else { 1.0 }
}

/// Effort and contest score of every rep, every week (also used by the
/// classroom contest demo).
#[derive(Debug, Default)]
pub struct ContestLog {
    /// (week, slot, effort, contest score) rows.
    pub rows: Vec<(u32, usize, f64, f64)>,
}

impl Observer for ContestLog {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        self.rows.extend(reps.map(|(i, r)| (week, i, r.effort, r.contest_sales)));
    }
}

/// The two arms of the contest experiment (shared with the contest demo): no
/// contest, and a monthly winner-take-all contest.
pub const CONTEST_ARMS: &str = r#"
[[strategy]]
name = "no_contest"
[[strategy]]
name = "winner_take_all"
[strategy.incentives]
contest = { period_weeks = 4, prize = 15000, winners = 1 }
"#;

/// Effort changes of contenders, the bottom half and leaders (large minus
/// small lead) in the contest experiment.
fn contest_moments(opts: &ValidationOptions) -> Result<Vec<Moments>, ConfigError> {
    let mut s = lab(CONTEST_ARMS, "", opts)?;
    s.meta.weeks = 52;
    s.team.size = 40;
    s.team.team_size = 40;
    Ok(paired::<ContestLog, _>(&all_strategies(&s), opts, 3, |_, logs| contest_effects(&logs[1], &logs[0], 4)))
}

/// Contests: contenders near the top push harder, leaders far ahead less so.
pub fn contests(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let m = contest_moments(opts)?;
    Ok(FactResult {
        id: "contests",
        group: Group::ValidationFact,
        fact: "A winner-take-all contest raises the effort of contenders near the top, less so for leaders far ahead",
        source: "Casas-Arce & Martinez-Jerez 2009 (field contests: effort up on average; leaders ease off as their lead widens; verified)",
        figure: "direction only: the verified abstract gives signs, not effect sizes",
        checks: vec![
            Check::new("effort change, contenders ranked 2-4 (two weeks left)", &m[0], Expect::Positive),
            Check::new("effort change of leaders, large lead minus small lead", &m[2], Expect::Negative),
        ],
        perturbed: None,
    })
}

/// Those far behind in a contest ease off: a model property, since the loss
/// is a coded share (`model::contest::DISCOURAGEMENT_EFFECT`, 12 %).
pub fn contest_discouragement(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let m = contest_moments(opts)?;
    Ok(FactResult {
        id: "contest_discouragement",
        group: Group::ModelProperty,
        fact: "In a winner-take-all contest the bottom half of the ranking eases off",
        source: "Casas-Arce & Martinez-Jerez 2009 report that trailers fade only when very far behind",
        figure: "model property: the loss is a coded share of effort (DISCOURAGEMENT_EFFECT = 0.12, docs/model.md 3.7)",
        checks: vec![Check::new("effort change, bottom half of the ranking", &m[1], Expect::Negative)],
        perturbed: None,
    })
}

/// Mean effort change (contest minus no contest, same rep and week) for
/// contenders, the bottom half, and leaders with a large lead minus leaders with
/// a small one, measured with two weeks of each round left and standings as of
/// the week before.
fn contest_effects(with: &ContestLog, without: &ContestLog, round: u32) -> Vec<f64> {
    use std::collections::HashMap;
    let base: HashMap<(u32, usize), f64> = without.rows.iter().map(|&(w, i, e, _)| ((w, i), e)).collect();
    let (mut contenders, mut behind, mut leaders) = (Vec::new(), Vec::new(), Vec::new());
    let weeks = with.rows.iter().map(|r| r.0).max().unwrap_or(0);
    for t in (0..=weeks).filter(|t| t % round == round - 2) {
        let mut standing: Vec<(f64, usize)> =
            with.rows.iter().filter(|r| r.0 + 1 == t).map(|&(_, i, _, score)| (score, i)).collect();
        standing.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let n = standing.len();
        for (rank, &(score, i)) in standing.iter().enumerate() {
            let now = with.rows.iter().find(|r| r.0 == t && r.1 == i).map(|r| r.2);
            let (Some(e), Some(b)) = (now, base.get(&(t, i))) else { continue };
            let d = e - b;
            if rank == 0 {
                let lead = score - standing.get(1).map_or(0.0, |s| s.0);
                leaders.push((lead, d));
            } else if rank <= 3 {
                contenders.push(d);
            } else if rank >= n / 2 {
                behind.push(d);
            }
        }
    }
    let mean = |v: &[f64]| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    // Leaders with a lead above the median lead versus below it.
    leaders.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = leaders.len() / 2;
    let small: Vec<f64> = leaders[..half].iter().map(|l| l.1).collect();
    let large: Vec<f64> = leaders[half..].iter().map(|l| l.1).collect();
    vec![mean(&contenders), mean(&behind), mean(&large) - mean(&small)]
}
