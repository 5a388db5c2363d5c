//! The facts of the battery. Each builds a small scenario, runs its arms on common
//! random numbers and judges per-replication statistics. Sources are summarised
//! in `docs/evidence.md` and `docs/validation.md`.

use super::arms::{Arm, ArmRun, all_strategies, paired, scenario, window_mean};
use super::{Check, Expect, FactResult, ValidationOptions};
use crate::config::ConfigError;
use crate::experiment::accumulator::percent_change;
use crate::experiment::moments::Moments;
use crate::experiment::summary::ramp_months;
use crate::model::rep::Rep;
use crate::sim::metrics::TENURE_BUCKETS;
use crate::sim::{NoObserver, Observer, Series};

/// A fact of the battery.
pub type FactFn = fn(&ValidationOptions) -> Result<FactResult, ConfigError>;

/// Every fact, in the order of the table.
pub const ALL: &[FactFn] = &[
    inverted_u,
    goal_difficulty,
    incentive_fatigue,
    crowding_out,
    deadline_bunching,
    contests,
    pressure_versus_balanced,
    turnover_cost,
    base_rates,
];

/// Positions of the weekly series the facts read (see `sim::catalogue::Series`).
const REVENUE: usize = Series::Revenue.index();
const EFFORT: usize = Series::Effort.index();

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

fn index(s: &crate::config::Scenario, name: &str) -> usize {
    s.strategies.iter().position(|x| x.name == name).expect("built-in strategy exists")
}

fn lift(a: &ArmRun, b: &ArmRun) -> f64 {
    percent_change(a.metrics.revenue, b.metrics.revenue)
}

/// Inverted U: revenue rises from low to moderate pressure and falls beyond;
/// burnout and quits rise at high pressure.
pub fn inverted_u(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(
        r#"
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
"#,
        "",
        opts,
    )?;
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 4, |r, _| {
        vec![
            lift(&r[1], &r[0]),
            lift(&r[2], &r[1]),
            r[2].metrics.burnout_pct - r[1].metrics.burnout_pct,
            r[2].metrics.voluntary_attrition_pct - r[1].metrics.voluntary_attrition_pct,
        ]
    });
    Ok(FactResult {
        id: "inverted_u",
        fact: "Pressure lifts revenue from low to moderate and lowers it beyond; burnout and quits rise at high pressure",
        source: "Yerkes & Dodson 1908; LePine, Podsakoff & LePine 2005 (challenge vs hindrance stressors)",
        checks: vec![
            Check::new("revenue lift, moderate vs low pressure (%)", &m[0], Expect::Positive),
            Check::new("revenue lift, high vs moderate pressure (%)", &m[1], Expect::Negative),
            Check::new("burnout, high minus moderate (pp of rep-weeks)", &m[2], Expect::Positive),
            Check::new("voluntary attrition, high minus moderate (pp/yr)", &m[3], Expect::Positive),
        ],
    })
}

/// Goal difficulty: a hard but attainable quota beats an easy one; an
/// unattainable one loses effort and pushes deals into the next period.
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
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 4, |r, _| {
        vec![
            lift(&r[1], &r[0]),
            lift(&r[2], &r[1]),
            r[2].metrics.effort - r[1].metrics.effort,
            first_week_share(&r[2].weekly, 13) - first_week_share(&r[1].weekly, 13),
        ]
    });
    Ok(FactResult {
        id: "goal_difficulty",
        fact: "A hard but attainable quota beats an easy one; an unattainable one loses effort and pushes deals into the next period",
        source: "Locke & Latham 2002; Wood, Mento & Locke 1987 (d about 0.5-0.6); Chung, Steenburgh & Sudhir 2014; Oyer 1998",
        checks: vec![
            Check::new("revenue lift, hard (1.15) vs easy (0.7) quota (%)", &m[0], Expect::Positive),
            Check::new("revenue lift, unattainable (2.2) vs hard quota (%)", &m[1], Expect::Negative),
            Check::new("mean effort, unattainable minus hard", &m[2], Expect::Negative),
            Check::new("first-week sales / period mean, unattainable minus hard", &m[3], Expect::Positive),
        ],
    })
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
    let s = lab(FATIGUE_ARMS, FATIGUE_BEHAVIOR, opts)?;
    let mut s = s;
    s.meta.weeks = 52;
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 3, |r, _| {
        let effect = |arm: usize, from: usize, to: usize| {
            window_mean(&r[arm].weekly, EFFORT, from, to) - window_mean(&r[0].weekly, EFFORT, from, to)
        };
        vec![effect(1, 0, 13) - effect(1, 39, 52), effect(2, 39, 52) - effect(1, 39, 52), effect(1, 39, 52)]
    });
    Ok(FactResult {
        id: "incentive_fatigue",
        fact: "Constant incentives move effort less by the end of the first year; rotating prizes and awards keeps more of their effect",
        source: "Frederick & Loewenstein 1999 (hedonic adaptation); Lyubomirsky 2011",
        checks: vec![
            Check::new("incentives' effect on effort, first quarter minus fourth quarter", &m[0], Expect::Positive),
            Check::new("fourth-quarter effect, rotating minus constant incentives", &m[1], Expect::Positive),
            Check::new("fourth-quarter effect of the constant incentives (effort)", &m[2], Expect::Positive),
        ],
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

/// Crowding-out: contingent pay under heavy monitoring lowers intrinsic
/// motivation; recognition and growth raise it (in standardised units).
pub fn crowding_out(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(CROWDING_ARMS, "", opts)?;
    let sd = s.behavior.intrinsic_sd.max(1e-6);
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 2, |r, _| {
        let base = r[0].metrics.intrinsic_motivation;
        vec![(r[1].metrics.intrinsic_motivation - base) / sd, (r[2].metrics.intrinsic_motivation - base) / sd]
    });
    Ok(FactResult {
        id: "crowding_out",
        fact: "Contingent pay under heavy monitoring lowers intrinsic motivation; recognition and growth raise it",
        source: "Deci, Koestner & Ryan 1999: performance-contingent rewards d = -0.28, positive feedback d = +0.33",
        checks: vec![
            Check::new(
                "intrinsic motivation after 2 years, contingent+monitored vs baseline (d)",
                &m[0],
                Expect::Negative,
            ),
            Check::new("  ... magnitude band around d = -0.28", &m[0], Expect::Within(-0.8, -0.1)),
            Check::new(
                "intrinsic motivation after 2 years, recognition+growth vs baseline (d)",
                &m[1],
                Expect::Positive,
            ),
            Check::new("  ... magnitude band around d = +0.33", &m[1], Expect::Within(0.1, 0.8)),
        ],
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
        fact: "With a step bonus, sales bunch in the last weeks of the quota period; shorter periods flatten the bunching",
        source: "Oyer 1998; Larkin 2014; Chung, Steenburgh & Sudhir 2014",
        checks: vec![
            Check::new("end-of-quarter bunching, step bonus minus commission only", &m[0], Expect::Positive),
            Check::new("end-of-quarter bunching index of the step bonus minus 1", &m[1], Expect::Positive),
            Check::new("week-to-week unevenness of sales (CV), quarterly minus monthly", &m[2], Expect::Positive),
        ],
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

/// Contests: contenders near the top push harder, those far behind ease off.
pub fn contests(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let mut s = lab(CONTEST_ARMS, "", opts)?;
    s.meta.weeks = 52;
    s.team.size = 40;
    s.team.team_size = 40;
    let m = paired::<ContestLog, _>(&all_strategies(&s), opts, 3, |_, logs| contest_effects(&logs[1], &logs[0], 4))
        .into_iter()
        .collect::<Vec<Moments>>();
    Ok(FactResult {
        id: "contests",
        fact: "A winner-take-all contest raises the effort of contenders near the top, less so for leaders far ahead, and lowers it for those far behind",
        source: "Casas-Arce & Martinez-Jerez 2009",
        checks: vec![
            Check::new("effort change, contenders ranked 2-4 (two weeks left)", &m[0], Expect::Positive),
            Check::new("effort change, bottom half of the ranking", &m[1], Expect::Negative),
            Check::new("effort change of leaders, large lead minus small lead", &m[2], Expect::Negative),
        ],
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

const MATURE: &str = include_str!("../../scenarios/mature_scaled_team.toml");

/// Pressure-only versus balanced in the mature-team preset.
pub fn pressure_versus_balanced(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = scenario(MATURE, opts)?;
    let (p, i, b) = (index(&s, "pressure_led"), index(&s, "incentive_led"), index(&s, "balanced"));
    let arms: Vec<Arm> = [p, i, b].iter().map(|&strategy| Arm { scenario: s.clone(), strategy }).collect();
    let m = paired::<NoObserver, _>(&arms, opts, 3, |r, _| {
        vec![
            r[0].metrics.attrition_pct - r[2].metrics.attrition_pct,
            percent_change(r[2].metrics.profit, r[0].metrics.profit),
            percent_change(r[2].metrics.profit, r[1].metrics.profit),
        ]
    });
    Ok(FactResult {
        id: "pressure_vs_balanced",
        fact: "Pressure-only has higher attrition than a balanced mix; the balanced mix beats both pure strategies on profit (mature team)",
        source: "MODEL.md section 6; Felps et al. 2009; Misra & Nair 2011",
        checks: vec![
            Check::new("attrition, pressure-led minus balanced (pp/yr)", &m[0], Expect::Positive),
            Check::new("profit, balanced vs pressure-led (%)", &m[1], Expect::Positive),
            Check::new("profit, balanced vs incentive-led (%)", &m[2], Expect::Positive),
        ],
    })
}

/// Turnover cost: each departure costs its all-in price, measured by a
/// controlled experiment (`validate::departure`): the lab team's status quo
/// run twice on the same replications, once as it is and once with the reps
/// of every fourth slot made to quit in week 13 (a quarter in, leaving 91
/// weeks for the vacancy, the ramp-up and what the quits set off to play
/// out); profit lost per extra exit.
pub fn turnover_cost(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let base = lab("[[strategy]]\nname = \"status_quo\"\n", "", opts)?;
    let cost = super::departure::departure_cost(&base, 0, DEPARTURE_WEEK, DEPARTURE_EVERY, opts);
    Ok(FactResult {
        id: "turnover_cost",
        fact: "Each departure costs, all in, what account executives' departures are reported to cost (calibration target)",
        source: "MODEL.md base rate: all-in cost of losing an account executive about $75k-$150k; DePaul University Sales Leadership Center: about $115k incl. lost sales",
        checks: vec![Check::new(
            "profit lost per extra departure: hire, vacancy, ramp-up, net of pay saved (thousand USD)",
            &cost.profit,
            Expect::Within(75.0, 150.0),
        )],
    })
}

/// Week of the extra quits of the turnover-cost experiment (0-based).
const DEPARTURE_WEEK: u32 = 13;

/// The turnover-cost experiment makes the rep of every this many slots quit.
const DEPARTURE_EVERY: usize = 4;

/// Base rates of the mature-team status quo.
pub fn base_rates(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = scenario(MATURE, opts)?;
    let arms = [Arm { scenario: s.clone(), strategy: s.baseline }];
    let n = 3 + 2 * TENURE_BUCKETS;
    let m = paired::<NoObserver, _>(&arms, opts, n, |r, _| {
        let x = &r[0].metrics;
        let mut v = vec![x.voluntary_attrition_pct, x.quota_attainment_pct, 0.0];
        v.extend_from_slice(&x.sales_by_tenure);
        v.extend_from_slice(&x.weeks_by_tenure);
        v
    });
    let mut ramp = Moments::default();
    if let Some(months) = ramp_months(&m[3..3 + TENURE_BUCKETS], &m[3 + TENURE_BUCKETS..]) {
        ramp.push(months);
    }
    Ok(FactResult {
        id: "base_rates",
        fact: "Status quo: voluntary attrition 20-35 %/yr, about half of rep-quarters at quota, ramp-up of 3-6 months",
        source: "Industry surveys (Bridge Group, Xactly, HubSpot): attrition about 25-35 %, roughly 40-60 % of reps at quota, AE ramp about 5 months; bands from MODEL.md",
        checks: vec![
            Check::new("voluntary attrition, status quo (%/yr)", &m[0], Expect::Within(20.0, 35.0)),
            Check::new("rep-quarters at or above quota (%)", &m[1], Expect::Within(45.0, 65.0)),
            Check::new("months until new hires sell 90 % of tenured reps", &ramp, Expect::Within(3.0, 6.0)),
        ],
    })
}
