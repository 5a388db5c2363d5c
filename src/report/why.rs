//! The report's "why": for each strategy, the levers it sets differently from
//! the baseline (read from the scenario's strategy tables) and the outcomes
//! that differ from the baseline beyond the noise (paired per replication, 95 %
//! interval clear of zero). A lever is credited with an outcome only when the
//! strategy changes it and it acts on that outcome directly in the model
//! ([`CHANNELS`]); everything else is a knock-on of those changes. Nothing here
//! is canned: a strategy that changes no lever, or whose outcomes all sit
//! inside their intervals, is described as such.

use std::fmt::Write;

use super::figures::RunData;
use crate::config::schema::{Section, spec};
use crate::config::{Scenario, Strategy};
use crate::experiment::stats::Estimate;
use crate::sim::{Metric, Unit};

/// One lever set differently from the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverChange {
    /// The lever's family, as used by [`CHANNELS`]: the key inside its table
    /// (`monitoring`, `commission_rate`), or `contest` / `recognition` for any
    /// key of those sub-tables.
    pub family: String,
    /// The change in words, e.g. `monitoring 0.4 → 0.8`.
    pub words: String,
    /// `1` for more of the lever (higher, on, added), `-1` for less, `0` when
    /// it has no order (a quota period, a changed sub-table).
    pub direction: i8,
}

/// The outcomes the "why" compares, in the order they are read: behaviour and
/// states, people outcomes, then money.
pub const OUTCOMES: [Metric; 15] = [
    Metric::Effort,
    Metric::Pressure,
    Metric::Fatigue,
    Metric::IntrinsicMotivation,
    Metric::ExtrinsicDrive,
    Metric::Satisfaction,
    Metric::AttritionPct,
    Metric::BurnoutPct,
    Metric::GamingPct,
    Metric::Comp,
    Metric::TurnoverCost,
    Metric::ProgrammeCost,
    Metric::ToolsCost,
    Metric::ManagerTimeCost,
    Metric::PeopleProgrammeCost,
];

/// Which outcomes each lever family acts on directly in the model
/// (docs/model.md), with the sign of the effect of more of the lever (a higher
/// value, switched on, or added): `1` raises the outcome, `-1` lowers it, `0`
/// either way. The report credits a changed lever with a clear change in one
/// of these, in a direction the lever can produce, and with nothing else.
pub const CHANNELS: [(&str, &[(Metric, i8)]); 25] = {
    use Metric::*;
    [
        ("quota_difficulty", &[(Pressure, 1), (Effort, 0), (GamingPct, 1), (Comp, -1), (Satisfaction, -1)]),
        ("quota_period", &[(Pressure, 0), (Effort, 0), (GamingPct, 0)]),
        ("ratchet", &[(Pressure, 1), (Effort, 0), (GamingPct, 1)]),
        (
            "monitoring",
            &[(Pressure, 1), (IntrinsicMotivation, -1), (GamingPct, -1), (ToolsCost, 1), (ProgrammeCost, 1)],
        ),
        ("review_cadence_weeks", &[(Pressure, -1), (Effort, 0), (ManagerTimeCost, -1), (ProgrammeCost, -1)]),
        ("miss_penalty", &[(Pressure, 1), (Comp, -1), (Satisfaction, -1)]),
        (
            "pip_after_misses",
            &[(Pressure, 0), (AttritionPct, 0), (ManagerTimeCost, 0), (ProgrammeCost, 0), (TurnoverCost, 0)],
        ),
        ("forced_ranking_pct", &[(AttritionPct, 1), (Pressure, 1), (Satisfaction, -1), (TurnoverCost, 1)]),
        ("leaderboard", &[(Pressure, 1), (ExtrinsicDrive, 0), (ToolsCost, 1), (ProgrammeCost, 1)]),
        ("base_salary_share", &[(ExtrinsicDrive, -1), (Effort, -1), (Comp, 0), (Satisfaction, 1)]),
        ("commission_rate", &[(ExtrinsicDrive, 1), (Effort, 1), (Comp, 1)]),
        ("quota_bonus", &[(ExtrinsicDrive, 1), (Effort, 1), (Comp, 1), (GamingPct, 1)]),
        ("accelerator", &[(ExtrinsicDrive, 1), (Effort, 1), (Comp, 1), (GamingPct, 1)]),
        ("cap", &[(ExtrinsicDrive, 0), (Effort, 0), (Comp, 0), (GamingPct, 0)]),
        ("payout_delay_weeks", &[(ExtrinsicDrive, -1)]),
        ("spot_award", &[(ExtrinsicDrive, 1), (Comp, 1)]),
        ("spot_award_multiple", &[(ExtrinsicDrive, -1), (Comp, -1)]),
        ("team_bonus_share", &[(ExtrinsicDrive, -1), (Satisfaction, 0), (Comp, 0)]),
        ("contest", &[(ExtrinsicDrive, 1), (Effort, 1), (Comp, 1), (PeopleProgrammeCost, 1), (ProgrammeCost, 1)]),
        ("recognition", &[(IntrinsicMotivation, 1), (Satisfaction, 1), (PeopleProgrammeCost, 1), (ProgrammeCost, 1)]),
        (
            "training_hours_per_month",
            &[(IntrinsicMotivation, 1), (Effort, 0), (PeopleProgrammeCost, 1), (ProgrammeCost, 1)],
        ),
        (
            "career_path",
            &[
                (IntrinsicMotivation, 1),
                (Satisfaction, 1),
                (AttritionPct, -1),
                (PeopleProgrammeCost, 1),
                (ProgrammeCost, 1),
            ],
        ),
        (
            "wellbeing",
            &[(Fatigue, -1), (BurnoutPct, -1), (Satisfaction, 1), (PeopleProgrammeCost, 1), (ProgrammeCost, 1)],
        ),
        ("rotate_every_weeks", &[(ExtrinsicDrive, 0), (PeopleProgrammeCost, 1), (ProgrammeCost, 1)]),
        ("transparency", &[(Satisfaction, 1), (ToolsCost, 1), (ProgrammeCost, 1)]),
    ]
};

/// Whether a lever change of direction `dir` (`1` more, `-1` less, `0`
/// unknown) can produce a change of sign `moved` in outcome `m`.
pub fn credits(family: &str, dir: i8, m: Metric, moved: f64) -> bool {
    let Some((_, chans)) = CHANNELS.iter().find(|(f, _)| *f == family) else { return false };
    chans.iter().any(|&(c, sign)| c == m && (sign == 0 || dir == 0 || f64::from(sign * dir) * moved > 0.0))
}

/// A TOML value in words: `true` as "on", strings without quotes, numbers as written.
fn value_words(v: &toml::Value) -> String {
    match v {
        toml::Value::Boolean(true) => "on".into(),
        toml::Value::Boolean(false) => "off".into(),
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => format!("{f}"),
        other => other.to_string(),
    }
}

/// A lever's key as words: `review_cadence_weeks` reads "review cadence".
fn lever_name(key: &str) -> String {
    let name = key.replace(['.', '_'], " ");
    for suffix in [" weeks", " pct", " per month"] {
        if let Some(s) = name.strip_suffix(suffix) {
            return s.to_string();
        }
    }
    name
}

/// `key` as words, with its unit from the key catalogue where one helps.
fn key_words(section: Section, key: &str, value: &str) -> String {
    let unit = spec(section, key).map(|s| s.unit).filter(|u| matches!(*u, "weeks" | "USD" | "hours" | "%" | "periods"));
    let name = lever_name(key);
    match unit {
        Some("USD") => format!("{name} ${value}"),
        Some(u) => format!("{name} {value} {u}"),
        None => format!("{name} {value}"),
    }
}

/// Money in words: `$1.23M`, `$61.6k`, `$650`.
pub fn usd(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a >= 1e6 {
        format!("{sign}${:.2}M", a / 1e6)
    } else if a >= 1e3 {
        format!("{sign}${:.1}k", a / 1e3)
    } else {
        format!("{sign}${a:.0}")
    }
}

/// A contest in words with its prizes per year for the whole team and per slot.
fn contest_words(c: &crate::config::Contest, slots: f64) -> String {
    let per_year = c.prize * 52.0 / f64::from(c.period_weeks.max(1));
    format!(
        "{} sales contest ({} per {}-week round to {} {}{}: {} a year in prizes for the {slots:.0}-slot team, {} per slot)",
        if c.scope == crate::config::ContestScope::Team { "a team" } else { "an individual" },
        usd(c.prize),
        c.period_weeks,
        c.winners,
        if c.scope == crate::config::ContestScope::Team { "team" } else { "winner" },
        if c.winners == 1 { "" } else { "s" },
        usd(per_year),
        usd(per_year / slots.max(1.0))
    )
}

/// The levers of strategy `st` that differ from the baseline `base`, in the
/// order of the scenario format (performance, then incentives).
pub fn lever_changes(scenario: &Scenario, base: &Strategy, st: &Strategy) -> Vec<LeverChange> {
    let slots = f64::from(scenario.team.size);
    let mut out = Vec::new();
    for (section, b, s) in [
        (Section::Performance, to_table(&base.performance), to_table(&st.performance)),
        (Section::Incentives, to_table(&base.incentives), to_table(&st.incentives)),
    ] {
        let mut ordered: Vec<&String> = s.keys().collect();
        ordered.extend(b.keys().filter(|k| !s.contains_key(k.as_str())));
        for key in ordered {
            let (bv, sv) = (b.get(key.as_str()), s.get(key.as_str()));
            if bv == sv {
                continue;
            }
            let words = match key.as_str() {
                "contest" => match (&base.incentives.contest, &st.incentives.contest) {
                    (None, Some(c)) => format!("adds {}", contest_words(c, slots)),
                    (Some(_), None) => "drops the baseline's sales contest".into(),
                    (Some(_), Some(c)) => format!("runs a different contest: {}", contest_words(c, slots)),
                    (None, None) => continue,
                },
                "recognition" => match (&base.incentives.recognition, &st.incentives.recognition) {
                    (None, Some(r)) => format!(
                        "adds recognition awards every {} weeks ({}, {} per award)",
                        r.cadence_weeks,
                        match r.breadth {
                            crate::config::RecognitionBreadth::Top => "the top rep of each team".to_string(),
                            crate::config::RecognitionBreadth::Bar => format!("everyone at {}x quota or more", r.bar),
                        },
                        usd(r.cost)
                    ),
                    (Some(_), None) => "drops the baseline's recognition awards".into(),
                    _ => {
                        let (bt, st) = (bv.and_then(|v| v.as_table()), sv.and_then(|v| v.as_table()));
                        let parts: Vec<String> = st
                            .map(|t| {
                                t.iter()
                                    .filter(|(k, v)| bt.and_then(|b| b.get(k.as_str())) != Some(v))
                                    .map(|(k, v)| {
                                        let from =
                                            bt.and_then(|b| b.get(k.as_str())).map(value_words).unwrap_or_default();
                                        format!("recognition {} {from} → {}", k.replace('_', " "), value_words(v))
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        parts.join(", ")
                    }
                },
                _ => {
                    let from = bv.map(value_words);
                    let to = sv.map(value_words);
                    match (from, to) {
                        (Some(f), Some(t)) => {
                            let (tw, name) = (key_words(section, key, &t), lever_name(key));
                            let tail = tw.strip_prefix(&name).unwrap_or(&tw).trim_start().to_string();
                            let head = key_words(section, key, &f);
                            let fromv = head.strip_prefix(&name).unwrap_or(&head).trim_start().to_string();
                            format!("{name} {fromv} → {tail}")
                        }
                        (None, Some(t)) => format!("sets {}", key_words(section, key, &t)),
                        (Some(_), None) => format!("drops {}", lever_name(key)),
                        (None, None) => continue,
                    }
                }
            };
            let direction = match (bv, sv) {
                (None, Some(_)) => 1,
                (Some(_), None) => -1,
                (Some(x), Some(y)) => match (as_number(x), as_number(y)) {
                    (Some(x), Some(y)) if y > x => 1,
                    (Some(x), Some(y)) if y < x => -1,
                    _ => 0,
                },
                (None, None) => 0,
            };
            if !words.is_empty() {
                out.push(LeverChange { family: key.clone(), words, direction });
            }
        }
    }
    out
}

/// A number, or a switch as 0 / 1, for ordering lever values.
fn as_number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        toml::Value::Boolean(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// A lever table as a TOML table (absent options are left out).
fn to_table<T: serde::Serialize>(v: &T) -> toml::Table {
    match toml::Value::try_from(v) {
        Ok(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    }
}

/// An outcome's name in a sentence: its catalogue label without the unit
/// suffix (`attrition %/yr` reads "attrition").
pub fn outcome_name(m: Metric) -> String {
    let label = m.info().label;
    let mut name = label.to_string();
    for suffix in ["/slot/yr", "/rep/yr", " %/yr", " %"] {
        if let Some(s) = name.strip_suffix(suffix) {
            name = s.to_string();
        }
    }
    if name == "comp" { "compensation".into() } else { name }
}

/// A value of `m` in its unit, at the catalogue's precision (money in dollars).
pub fn value_text(m: Metric, v: f64) -> String {
    let info = m.info();
    match info.unit {
        Unit::UsdPerSlotYear | Unit::UsdPerRepYear | Unit::UsdPerSlotWeek => usd(v),
        _ => format!("{v:.d$}", d = info.decimals),
    }
}

/// The size of a difference of `m` in words: "0.052", "3.1 percentage points", "$712".
fn diff_text(m: Metric, d: f64) -> String {
    let info = m.info();
    match info.unit {
        Unit::UsdPerSlotYear | Unit::UsdPerRepYear | Unit::UsdPerSlotWeek => usd(d.abs()),
        Unit::PctPerYear
        | Unit::PctOfRepWeeks
        | Unit::PctOfRepQuarters
        | Unit::PctOfRevenue
        | Unit::PctOfBookings
        | Unit::PctOfSlots => {
            format!("{:.d$} percentage points", d.abs(), d = info.decimals.max(1))
        }
        _ => format!("{:.d$}", d.abs(), d = info.decimals),
    }
}

/// Whether `m` is money (per slot or per rep, a year).
fn is_money(m: Metric) -> bool {
    matches!(m.info().unit, Unit::UsdPerSlotYear | Unit::UsdPerRepYear | Unit::UsdPerSlotWeek)
}

/// Whether a paired difference is clear of zero at 95 %.
fn clear(e: &Estimate) -> bool {
    e.clearly_positive() || e.clearly_negative()
}

/// The lead sentence and one paragraph per non-baseline strategy.
pub fn why(d: &RunData) -> Vec<String> {
    let s = d.summary;
    let Some(bi) = d.baseline() else { return Vec::new() };
    let base = &s.strategies[bi];
    let mut out = vec![format!(
        "Each strategy against the baseline \"{}\": the levers it sets differently, then the outcomes whose paired difference is clear of zero at 95 % (largest first, with the changed levers that act on each directly), then those with no clear difference.",
        s.baseline
    )];
    for (i, st) in s.strategies.iter().enumerate().filter(|(i, _)| *i != bi) {
        let mut p = format!("\"{}\": ", st.name);
        let changes = match d.scenario {
            Some(sc) => match (
                sc.strategies.iter().find(|x| x.name == base.name),
                sc.strategies.iter().find(|x| x.name == st.name),
            ) {
                (Some(b), Some(x)) => Some(lever_changes(sc, b, x)),
                _ => None,
            },
            None => None,
        };
        match &changes {
            Some(c) if c.is_empty() => p.push_str("every lever as in the baseline."),
            Some(c) => {
                let n = c.len();
                let _ = write!(
                    p,
                    "{} lever{} differ{}: {}.",
                    n,
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    c.iter().map(|x| x.words.as_str()).collect::<Vec<_>>().join("; ")
                );
            }
            None => {}
        }
        // Clear differences: behaviour, states and people ranked by their size
        // relative to the baseline's level; money ranked in dollars.
        let mut people: Vec<(f64, Metric, Estimate)> = Vec::new();
        let mut money: Vec<(f64, Metric, Estimate)> = Vec::new();
        let mut still: Vec<Metric> = Vec::new();
        for m in OUTCOMES {
            let Some(e) = d.diff(i, m) else { continue };
            if !e.mean.is_finite() {
                continue;
            }
            if !clear(e) {
                still.push(m);
            } else if is_money(m) {
                money.push((e.mean.abs(), m, *e));
            } else {
                let floor = match m.info().unit {
                    Unit::Index | Unit::Scale01 | Unit::Share => 0.05,
                    _ => 2.0,
                };
                people.push((e.mean.abs() / base[m].mean.abs().max(floor), m, *e));
            }
        }
        people.sort_by(|a, b| b.0.total_cmp(&a.0));
        money.sort_by(|a, b| b.0.total_cmp(&a.0));
        let describe = |(_, m, e): &(f64, Metric, Estimate)| {
            let dir = if e.mean > 0.0 { "higher" } else { "lower" };
            let mut t = format!(
                "{} {dir} by {} ({} vs {}",
                outcome_name(*m),
                diff_text(*m, e.mean),
                value_text(*m, st[*m].mean),
                value_text(*m, base[*m].mean)
            );
            if let Some(c) = &changes {
                let credited: Vec<String> = c
                    .iter()
                    .filter(|x| credits(&x.family, x.direction, *m, e.mean))
                    .map(|x| lever_name(&x.family))
                    .collect();
                if credited.is_empty() {
                    t.push_str(", a knock-on of the other changes");
                } else {
                    let _ = write!(t, ", from {}", credited.join(", "));
                }
            }
            t.push(')');
            t
        };
        const SHOWN: usize = 4;
        let mut rest: Vec<Metric> = Vec::new();
        if people.is_empty() && money.is_empty() {
            p.push_str("No outcome differs clearly from the baseline.");
        }
        for (title, list) in [("People and behaviour", &people), ("Money per rep slot a year", &money)] {
            if list.is_empty() {
                continue;
            }
            let _ = write!(p, " {title}: {}.", list.iter().take(SHOWN).map(describe).collect::<Vec<_>>().join("; "));
            rest.extend(list.iter().skip(SHOWN).map(|x| x.1));
        }
        if !rest.is_empty() {
            let _ = write!(
                p,
                " Also clearly different: {}.",
                rest.iter().map(|m| outcome_name(*m)).collect::<Vec<_>>().join(", ")
            );
        }
        if !still.is_empty() {
            let _ = write!(
                p,
                " No clear difference in {}",
                still.iter().map(|m| outcome_name(*m)).collect::<Vec<_>>().join(", ")
            );
        }
        let p = p.trim_end_matches('.').replace(".  ", ". ").replace(":  ", ": ");
        let mut p = p.trim().to_string();
        p.push('.');
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_in_dollars_thousands_and_millions() {
        assert_eq!(usd(650.0), "$650");
        assert_eq!(usd(61_600.0), "$61.6k");
        assert_eq!(usd(7_571.0), "$7.6k");
        assert_eq!(usd(-1_234_000.0), "-$1.23M");
    }

    #[test]
    fn outcome_names_drop_the_unit_suffix() {
        assert_eq!(outcome_name(Metric::AttritionPct), "attrition");
        assert_eq!(outcome_name(Metric::Comp), "compensation");
        assert_eq!(outcome_name(Metric::ProgrammeCost), "programme cost");
    }

    #[test]
    fn a_contest_only_strategy_changes_one_lever_with_its_prizes_per_year() {
        let text = "[scenario]\nname = \"t\"\nbaseline = \"a\"\n[team]\nsize = 120\n[[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"b\"\n[strategy.incentives]\ncontest = { period_weeks = 4, prize = 6000, winners = 3 }\n";
        let sc = Scenario::from_toml_str(text).unwrap();
        let c = lever_changes(&sc, &sc.strategies[0], &sc.strategies[1]);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].family, "contest");
        assert!(
            c[0].words.contains("$78.0k a year in prizes") && c[0].words.contains("$650 per slot"),
            "{}",
            c[0].words
        );
        assert!(lever_changes(&sc, &sc.strategies[0], &sc.strategies[0]).is_empty());
    }
}
