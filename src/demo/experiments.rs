//! The five demo experiments: built-in scenarios, what is measured, the chart
//! and the explanation.

use super::{DemoOptions, DemoOutput};
use crate::config::{ConfigError, Scenario};
use crate::experiment::executor::Executor;
use crate::experiment::moments::Moments;
use crate::experiment::stats::{Estimate, estimate};
use crate::experiment::summary::{summarize, weekly_series};
use crate::experiment::{RunOptions, run as run_experiment};
use crate::report::charts::bars::{BarChart, BarPanel};
use crate::report::charts::series::{SeriesChart, SeriesPanel};
use crate::report::charts::sweep::{SweepChart, SweepPanel};
use crate::report::charts::{AnyChart, OKABE_ITO, color_of};
use crate::report::figures::weekly_panel;
use crate::sim::{Metric, NoObserver, Series};
use crate::validate::ValidationOptions;
use crate::validate::arms::{Arm, all_strategies, paired};
use crate::validate::facts::ContestLog;

/// Positions of the weekly series the demos read (see `sim::catalogue::Series`).
const REVENUE: usize = Series::Revenue.index();
const EFFORT: usize = Series::Effort.index();
const EXTRINSIC: usize = Series::ExtrinsicDrive.index();
const HEADCOUNT: usize = Series::Headcount.index();

/// The demo laboratory: a flat market and a mid-size team (as in the
/// validation battery), shorter where a year tells the story.
/// The command line's settings (`--set`) fill every key the demo leaves
/// open, in each strategy for strategy levers: what the demo varies stays
/// the demo's, so its contrast survives.
fn lab(
    opts: &DemoOptions,
    weeks: u32,
    size: u32,
    team_size: u32,
    extra: &str,
    strategies: &str,
) -> Result<Scenario, ConfigError> {
    let text = format!(
        "[scenario]\nname = \"classroom_demo\"\nweeks = {weeks}\n[team]\nsize = {size}\nteam_size = {team_size}\n[market]\nseasonality = 0.0\nshock_sd = 0.0\n{extra}\n{strategies}"
    );
    if opts.settings.is_empty() {
        return Scenario::from_toml_str(&text);
    }
    let mut doc: toml::Table = toml::from_str(&text).map_err(|e| ConfigError::Io(e.to_string()))?;
    for (lever, value) in &opts.settings {
        let value = if lever.spec.integer { toml::Value::Integer(*value as i64) } else { toml::Value::Float(*value) };
        let mut path = vec![lever.spec.section.prefix()];
        path.extend(lever.spec.key.split('.'));
        let filled = if lever.is_strategy_lever() {
            let strategies = doc.get_mut("strategy").and_then(toml::Value::as_array_mut);
            let tables = strategies.into_iter().flatten().filter_map(toml::Value::as_table_mut);
            tables.map(|t| fill(t, &path, &value)).filter(|filled| *filled).count() > 0
        } else {
            fill(&mut doc, &path, &value)
        };
        if !filled {
            return Err(ConfigError::Inconsistent {
                key_path: lever.key.clone(),
                message: "is set by the demo itself in every arm (it is what the demo shows); \
                          --set changes the levers the demo leaves open"
                    .into(),
            });
        }
    }
    Scenario::from_toml_str(&toml::to_string(&doc).map_err(|e| ConfigError::Io(e.to_string()))?)
}

/// Writes `value` at `path` in `table` unless a value is already there;
/// whether it wrote.
fn fill(table: &mut toml::Table, path: &[&str], value: &toml::Value) -> bool {
    let (last, tables) = path.split_last().expect("a key has a name");
    let mut cursor = table;
    for part in tables {
        let next = cursor.entry(part.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let Some(t) = next.as_table_mut() else { return false };
        cursor = t;
    }
    if cursor.contains_key(*last) {
        return false;
    }
    cursor.insert(last.to_string(), value.clone());
    true
}

/// The command line's settings as the subtitle names them.
fn settings_text(opts: &DemoOptions) -> String {
    opts.settings.iter().map(|(lever, value)| format!("{} = {value}", lever.key)).collect::<Vec<_>>().join(", ")
}

fn validation(opts: &DemoOptions) -> ValidationOptions {
    // On all cores (rayon's global pool), which needs no pool of its own.
    ValidationOptions { replications: opts.replications, executor: Executor::new(opts.seed), behavior: None }
}

fn run_options(opts: &DemoOptions) -> RunOptions {
    RunOptions::new(opts.seed, opts.replications)
}

fn estimates(m: &[Moments]) -> Vec<Estimate> {
    m.iter().map(estimate).collect()
}

fn mean_of(e: &[Estimate], from: usize, to: usize) -> f64 {
    let to = to.min(e.len());
    if from >= to { 0.0 } else { e[from..to].iter().map(|x| x.mean).sum::<f64>() / (to - from) as f64 }
}

fn subtitle(name: &str, opts: &DemoOptions, what: &str) -> Option<String> {
    let settings = if opts.settings.is_empty() { String::new() } else { format!("; with {}", settings_text(opts)) };
    Some(format!(
        "salesim demo {name}: {} replications, seed {}{settings}; {what}; bands and whiskers are 95 % intervals",
        opts.replications, opts.seed
    ))
}

/// Incentive fatigue: the effort a quota bonus adds, week by week, when it is the
/// same all year and when it is rotated every 8 weeks.
pub fn fatigue(opts: &DemoOptions) -> Result<DemoOutput, ConfigError> {
    let s = lab(opts, 52, 60, 6, crate::validate::facts::FATIGUE_BEHAVIOR, crate::validate::facts::FATIGUE_ARMS)?;
    let weeks = s.meta.weeks as usize;
    let m = paired::<NoObserver, _>(&all_strategies(&s), &validation(opts), 4 * weeks, |r, _| {
        let mut v = Vec::with_capacity(4 * weeks);
        for arm in [1, 2] {
            v.extend((0..weeks).map(|w| r[arm].weekly[w][EFFORT] - r[0].weekly[w][EFFORT]));
        }
        for arm in [1, 2] {
            v.extend((0..weeks).map(|w| r[arm].weekly[w][EXTRINSIC] - r[0].weekly[w][EXTRINSIC]));
        }
        v
    });
    let e = estimates(&m);
    let (effort_c, effort_r) = (e[..weeks].to_vec(), e[weeks..2 * weeks].to_vec());
    let (drive_c, drive_r) = (e[2 * weeks..3 * weeks].to_vec(), e[3 * weeks..].to_vec());
    let items = vec![
        ("same incentives all year".to_string(), OKABE_ITO[6]),
        ("incentives rotated every 8 weeks".to_string(), OKABE_ITO[5]),
    ];
    let series = SeriesChart {
        name: "demo-fatigue".into(),
        title: "Incentive fatigue: the same incentives lose their pull".into(),
        subtitle: subtitle("fatigue", opts, "each line is paired against a plan without the bonus"),
        items,
        panels: vec![
            SeriesPanel {
                caption: "Extra effort the bonus buys".into(),
                y_label: "effort, bonus minus no bonus".into(),
                lines: vec![effort_c.clone(), effort_r.clone()],
                zero_line: true,
            },
            SeriesPanel {
                caption: "Extra extrinsic drive".into(),
                y_label: "drive, bonus minus no bonus".into(),
                lines: vec![drive_c, drive_r],
                zero_line: true,
            },
        ],
        columns: 2,
        upto: None,
    };
    let (q1, q4) = (mean_of(&effort_c, 0, 13), mean_of(&effort_c, 39, 52));
    let r4 = mean_of(&effort_r, 39, 52);
    let kept = if q1.abs() > 1e-9 { 100.0 * q4 / q1 } else { 0.0 };
    // Read from the run: does rotation keep visibly more than the constant menu?
    let rotation = if r4 - q4 > 0.005 {
        "novelty renews the spot awards, so rotation keeps part of the lift"
    } else {
        "a rotation renews only what changes (the spot awards), not the bonus, so it keeps hardly more"
    };
    let explanation = format!(
        "What you see: a 30 % quota bonus, introduced in week 1, first lifts effort by {q1:.3} (mean over the first quarter, \
against the same reps without it). Paid the same way all year it fades: in the fourth quarter it adds only {q4:.3}, \
{kept:.0} % of its first-quarter effect, because reps get used to it and the reference level they judge rewards against \
rises. Rotated every 8 weeks, the same money keeps {r4:.3} of extra effort in the fourth quarter: {rotation}.\n\
Research: hedonic adaptation (Frederick & Loewenstein 1999) and the value of variety in keeping rewards salient \
(Lyubomirsky 2011). Question for the class: what slows the fade of a bonus that stays the same?"
    );
    Ok(DemoOutput { chart: AnyChart::Series(series.clone()), series, explanation })
}

/// The pressure levels of the pressure demo: label and performance table.
const PRESSURE_LEVELS: [(&str, &str); 6] = [
    ("very low", "quota_difficulty = 0.7\nmonitoring = 0.0\nreview_cadence_weeks = 13"),
    ("low", "quota_difficulty = 0.9\nmonitoring = 0.2\nreview_cadence_weeks = 8"),
    ("moderate", "quota_difficulty = 1.1\nmonitoring = 0.5\nreview_cadence_weeks = 4"),
    ("high", "quota_difficulty = 1.3\nmonitoring = 0.75\nreview_cadence_weeks = 2\nmiss_penalty = 0.25"),
    (
        "very high",
        "quota_difficulty = 1.5\nquota_period = \"month\"\nmonitoring = 1.0\nreview_cadence_weeks = 1\nmiss_penalty = 0.5\nleaderboard = true",
    ),
    (
        "extreme",
        "quota_difficulty = 1.8\nquota_period = \"month\"\nmonitoring = 1.0\nreview_cadence_weeks = 1\nmiss_penalty = 0.8\nleaderboard = true",
    ),
];

/// The inverted U: six pressure levels (quota difficulty, tracking, review
/// cadence and consequences together), each a strategy of one scenario.
pub fn pressure(opts: &DemoOptions) -> Result<DemoOutput, ConfigError> {
    let strategies: String = PRESSURE_LEVELS
        .iter()
        .enumerate()
        .map(|(i, (_, perf))| format!("[[strategy]]\nname = \"level_{}\"\n[strategy.performance]\n{perf}\n", i + 1))
        .collect();
    let s = lab(opts, 104, 60, 6, "", &strategies)?;
    let totals = run_experiment(&s, &run_options(opts)).map_err(|e| ConfigError::Io(e.to_string()))?;
    let summary = summarize(&s, &totals, opts.seed, true, false);
    let weekly = weekly_series(&totals, s.meta.weeks as usize);
    let thousand = |e: Estimate| Estimate {
        mean: e.mean / 1000.0,
        ci95: [e.ci95[0].map(|v| v / 1000.0), e.ci95[1].map(|v| v / 1000.0)],
    };
    let revenue: Vec<Estimate> = summary.strategies.iter().map(|x| thousand(x[Metric::Revenue])).collect();
    let burnout: Vec<Estimate> = summary.strategies.iter().map(|x| x[Metric::BurnoutPct]).collect();
    let quits: Vec<Estimate> = summary.strategies.iter().map(|x| x[Metric::VoluntaryAttritionPct]).collect();
    let levels: Vec<String> = PRESSURE_LEVELS
        .iter()
        .map(|(label, perf)| {
            let quota = perf.lines().next().and_then(|l| l.split('=').nth(1)).unwrap_or("").trim();
            format!("{label}\nquota x{quota}")
        })
        .collect();
    let chart = SweepChart {
        name: "demo-pressure".into(),
        title: "Pressure: revenue rises, then falls; burnout and quits climb".into(),
        subtitle: subtitle("pressure", opts, "each level is a strategy on the same simulated futures"),
        levels: levels.clone(),
        x_label: "pressure: quota difficulty, CRM tracking, review cadence and penalties stepped up together".into(),
        panels: vec![
            SweepPanel {
                caption: "Revenue per rep slot".into(),
                y_label: "thousand USD / yr".into(),
                values: revenue.clone(),
                color: OKABE_ITO[5],
            },
            SweepPanel {
                caption: "Burnout".into(),
                y_label: "% of rep-weeks".into(),
                values: burnout.clone(),
                color: OKABE_ITO[6],
            },
            SweepPanel {
                caption: "Voluntary quits".into(),
                y_label: "% per year".into(),
                values: quits.clone(),
                color: OKABE_ITO[7],
            },
        ],
    };
    let items: Vec<(String, plotters::style::RGBColor)> =
        PRESSURE_LEVELS.iter().enumerate().map(|(i, (label, _))| (label.to_string(), color_of(i, None))).collect();
    let series = SeriesChart {
        name: "demo-pressure".into(),
        title: "Pressure levels week by week".into(),
        subtitle: subtitle("pressure", opts, "six pressure levels on the same simulated futures"),
        items,
        panels: vec![
            weekly_panel(&weekly, Series::Revenue, "thousand USD per week", 0.001),
            weekly_panel(&weekly, Series::Fatigue, "mean, 0-1 scale", 1.0),
        ],
        columns: 2,
        upto: None,
    };
    let peak = revenue.iter().enumerate().max_by(|a, b| a.1.mean.total_cmp(&b.1.mean)).map_or(0, |p| p.0);
    let n = revenue.len() - 1;
    let explanation = format!(
        "What you see: pressure (quota difficulty, CRM tracking, review cadence and penalties together) stepped from \
\"{}\" to \"{}\". Revenue per rep slot rises from {:.0}k to a peak of {:.0}k USD a year at \"{}\", then falls to \
{:.0}k at \"{}\". Meanwhile burnout climbs from {:.1} % to {:.1} % of rep-weeks and voluntary quits from {:.1} % to \
{:.1} % a year: beyond each rep's tolerance, pressure stops challenging and starts hindering, tired reps sell less and \
leave.\n\
Research: the inverted U (Yerkes & Dodson 1908) and challenge versus hindrance stressors (LePine, Podsakoff & LePine \
2005); goal difficulty (Locke & Latham 2002). Question for the class: where is your team on this curve, and how \
would you know?",
        PRESSURE_LEVELS[0].0,
        PRESSURE_LEVELS[n].0,
        revenue[0].mean,
        revenue[peak].mean,
        PRESSURE_LEVELS[peak].0,
        revenue[n].mean,
        PRESSURE_LEVELS[n].0,
        burnout[0].mean,
        burnout[n].mean,
        quits[0].mean,
        quits[n].mean,
    );
    Ok(DemoOutput { chart: AnyChart::Sweep(chart), series, explanation })
}

/// Crowding-out: intrinsic motivation under heavy contingent pay and monitoring
/// versus a recognition- and growth-led plan.
pub fn crowding(opts: &DemoOptions) -> Result<DemoOutput, ConfigError> {
    let s = lab(opts, 104, 60, 6, "", crate::validate::facts::CROWDING_ARMS)?;
    let totals = run_experiment(&s, &run_options(opts)).map_err(|e| ConfigError::Io(e.to_string()))?;
    let summary = summarize(&s, &totals, opts.seed, true, false);
    let weekly = weekly_series(&totals, s.meta.weeks as usize);
    let items: Vec<_> = s.strategies.iter().enumerate().map(|(i, x)| (x.name.clone(), color_of(i, Some(0)))).collect();
    let series = SeriesChart {
        name: "demo-crowding".into(),
        title: "Crowding-out: controlling pay versus recognition and growth".into(),
        subtitle: subtitle("crowding", opts, "three plans on the same simulated futures"),
        items,
        panels: vec![
            weekly_panel(&weekly, Series::IntrinsicMotivation, "mean, 0-1 scale", 1.0),
            weekly_panel(&weekly, Series::ExtrinsicDrive, "mean, index", 1.0),
        ],
        columns: 2,
        upto: None,
    };
    let im = |i: usize| summary.strategies[i][Metric::IntrinsicMotivation].mean;
    let sd = s.behavior.intrinsic_sd.max(1e-6);
    let explanation = format!(
        "What you see: intrinsic motivation (enjoyment of the work) over two years. Under heavy contingent pay (30 % base, \
high commission) with tight tracking, weekly reviews and a leaderboard it drifts down to {:.3}; under recognition for \
everyone above the bar, training and a career path it climbs to {:.3}; today's plan ends at {:.3}. In standard \
deviations of the trait: {:+.2} and {:+.2}. Extrinsic drive tells the other half: controlling pay buys drive while \
it erodes enjoyment.\n\
Research: Deci, Koestner & Ryan (1999), meta-analysis of 128 experiments: performance-contingent tangible rewards \
lower intrinsic motivation (d = -0.28), positive feedback raises it (d = +0.33). Question for the class: when does \
a commission feel like information, and when like control?",
        im(1),
        im(2),
        im(0),
        (im(1) - im(0)) / sd,
        (im(2) - im(0)) / sd,
    );
    Ok(DemoOutput { chart: AnyChart::Series(series.clone()), series, explanation })
}

/// Standing groups of the contest demo.
const GROUPS: [&str; 4] =
    ["leader (rank 1)", "contenders (ranks 2-4)", "middle of the pack", "far behind (bottom half)"];

/// Mean effort change (contest minus no contest, same rep and week) per
/// standing group, two weeks before each round ends, standings as of the week
/// before.
fn group_effects(with: &ContestLog, without: &ContestLog, round: u32) -> Vec<f64> {
    use std::collections::HashMap;
    let base: HashMap<(u32, usize), f64> = without.rows.iter().map(|&(w, i, e, _)| ((w, i), e)).collect();
    let now: HashMap<(u32, usize), f64> = with.rows.iter().map(|&(w, i, e, _)| ((w, i), e)).collect();
    let mut groups: [Vec<f64>; 4] = Default::default();
    let weeks = with.rows.iter().map(|r| r.0).max().unwrap_or(0);
    for t in (0..=weeks).filter(|t| t % round == round - 2) {
        let mut standing: Vec<(f64, usize)> =
            with.rows.iter().filter(|r| r.0 + 1 == t).map(|&(_, i, _, score)| (score, i)).collect();
        standing.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let n = standing.len();
        for (rank, &(_, i)) in standing.iter().enumerate() {
            let (Some(e), Some(b)) = (now.get(&(t, i)), base.get(&(t, i))) else { continue };
            let g = if rank == 0 {
                0
            } else if rank <= 3 {
                1
            } else if rank < n / 2 {
                2
            } else {
                3
            };
            groups[g].push(e - b);
        }
    }
    groups.iter().map(|v| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 }).collect()
}

/// A winner-take-all contest: how the leader, contenders and those far behind
/// change their effort.
pub fn contest(opts: &DemoOptions) -> Result<DemoOutput, ConfigError> {
    let s = lab(opts, 52, 40, 40, "", crate::validate::facts::CONTEST_ARMS)?;
    let weeks = s.meta.weeks as usize;
    let m = paired::<ContestLog, _>(&all_strategies(&s), &validation(opts), 4 + weeks, |r, logs| {
        let mut v = group_effects(&logs[1], &logs[0], 4);
        v.extend((0..weeks).map(|w| r[1].weekly[w][EFFORT] - r[0].weekly[w][EFFORT]));
        v
    });
    let e = estimates(&m);
    let groups = e[..4].to_vec();
    let colors = vec![OKABE_ITO[1], OKABE_ITO[3], OKABE_ITO[2], OKABE_ITO[6]];
    let chart = BarChart {
        name: "demo-contest".into(),
        title: "A winner-take-all contest: who tries harder?".into(),
        subtitle: subtitle("contest", opts, "4-week rounds, one USD 15,000 prize, 40 reps ranked together"),
        rows: GROUPS.iter().map(|g| g.to_string()).collect(),
        colors,
        panels: vec![BarPanel {
            caption: "Effort change two weeks before the round ends".into(),
            axis: "effort with the contest minus without (same rep, same week)".into(),
            values: groups.clone(),
            reference: None,
            decimals: None,
            signed: true,
        }],
    };
    let series = SeriesChart {
        name: "demo-contest".into(),
        title: "A winner-take-all contest week by week".into(),
        subtitle: subtitle("contest", opts, "team mean, paired against no contest"),
        items: vec![("winner-take-all contest minus no contest".into(), OKABE_ITO[1])],
        panels: vec![SeriesPanel {
            caption: "Team effort change".into(),
            y_label: "effort, contest minus none".into(),
            lines: vec![e[4..].to_vec()],
            zero_line: true,
        }],
        columns: 1,
        upto: None,
    };
    let explanation = format!(
        "What you see: each 4-week round pays USD 15,000 to the single best seller of 40. Two weeks before a round \
ends, the contenders ranked 2 to 4 change their effort by {:+.3} against the same reps without a contest and the \
leader by {:+.3}: both are in the race (a leader with a large lead eases off, one with a narrow lead defends it). The \
middle of the pack changes by {:+.3}, and those in the bottom half, with no realistic chance, by {:+.3}: the prize \
gives them nothing to play for.\n\
Research: Casas-Arce & Martinez-Jerez (2009, Management Science): contests raise average effort, leaders ease off \
as their lead grows, and those far behind give up. Question for the class: how would you design a contest that \
keeps the bottom half in the game?",
        groups[1].mean, groups[0].mean, groups[2].mean, groups[3].mean
    );
    Ok(DemoOutput { chart: AnyChart::Bars(chart), series, explanation })
}

/// The cost of turnover: the same team and plan with low and with high quit
/// rates; headcount, revenue and the revenue lost, week by week.
pub fn turnover(opts: &DemoOptions) -> Result<DemoOutput, ConfigError> {
    if let Some((lever, _)) = opts.settings.iter().find(|(l, _)| l.key == "behavior.quit_rate") {
        return Err(ConfigError::Inconsistent {
            key_path: lever.key.clone(),
            message: "is set by the demo itself (5 % against 35 % a year, what the demo shows); \
                      --set changes the levers the demo leaves open"
                .into(),
        });
    }
    let base = lab(opts, 104, 60, 6, "", "[[strategy]]\nname = \"status_quo\"\n")?;
    let mut low = base.clone();
    low.behavior.quit_rate = 0.05;
    let mut high = base.clone();
    high.behavior.quit_rate = 0.35;
    let weeks = base.meta.weeks as usize;
    let arms = [Arm { scenario: low, strategy: 0 }, Arm { scenario: high, strategy: 0 }];
    let m = paired::<NoObserver, _>(&arms, &validation(opts), 5 * weeks + 2, |r, _| {
        let mut v = Vec::with_capacity(5 * weeks + 2);
        for arm in r {
            v.extend((0..weeks).map(|w| 100.0 * arm.weekly[w][HEADCOUNT]));
        }
        for arm in r {
            v.extend((0..weeks).map(|w| arm.weekly[w][REVENUE] / 1000.0));
        }
        let mut lost = 0.0;
        for w in 0..weeks {
            lost += (r[0].weekly[w][REVENUE] - r[1].weekly[w][REVENUE]) / 1000.0;
            v.push(lost);
        }
        v.push(r[0].metrics.attrition_pct);
        v.push(r[1].metrics.attrition_pct);
        v
    });
    let e = estimates(&m);
    let slice = |k: usize| e[k * weeks..(k + 1) * weeks].to_vec();
    let items = vec![("low quit rate".to_string(), OKABE_ITO[5]), ("high quit rate".to_string(), OKABE_ITO[6])];
    let lost = slice(4);
    let series = SeriesChart {
        name: "demo-turnover".into(),
        title: "Turnover: quits, vacancies and ramp-up eat revenue".into(),
        subtitle: subtitle("turnover", opts, "same team and plan, base quit hazard 5 % vs 35 % a year"),
        items: items.clone(),
        panels: vec![
            SeriesPanel {
                caption: "Headcount".into(),
                y_label: "% of slots filled".into(),
                lines: vec![slice(0), slice(1)],
                zero_line: false,
            },
            SeriesPanel {
                caption: "Revenue per rep slot".into(),
                y_label: "thousand USD per week".into(),
                lines: vec![slice(2), slice(3)],
                zero_line: false,
            },
            SeriesPanel {
                caption: "Revenue lost to turnover, cumulative".into(),
                y_label: "thousand USD per slot".into(),
                lines: vec![lost.clone()],
                zero_line: true,
            },
        ],
        columns: 3,
        upto: None,
    };
    let mut chart = series.clone();
    chart.panels[2].lines = vec![Vec::new(), lost.clone()];
    let series = chart.clone();
    let (a_low, a_high) = (e[5 * weeks].mean, e[5 * weeks + 1].mean);
    let total = lost.last().map_or(0.0, |x| x.mean);
    let explanation = format!(
        "What you see: the same 60-rep team and pay plan, once with few quits ({a_low:.0} % a year) and once with many \
({a_high:.0} % a year). Every leaver leaves a vacancy for the hiring lag, and the new hire then needs months to \
ramp up to full productivity, so headcount sags and revenue per slot follows. Over two years the high-turnover team \
loses {total:.0} thousand USD of revenue per slot, before counting hiring costs.\n\
Research: replacement cost of 0.5-3x annual pay and about USD 115k per departed rep including lost sales (DePaul \
University Sales Leadership Center); account-executive ramp of about 5 months (industry surveys); turnover is \
contagious (Felps et al. 2009). Question for the class: what is one avoidable quit worth to this team?"
    );
    Ok(DemoOutput { chart: AnyChart::Series(chart), series, explanation })
}
