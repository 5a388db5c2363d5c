//! The team figures file (TOML): the figures a sales leader knows about a
//! team, and today's plan. It becomes a base scenario (keys that ARE a
//! figure are set from it: headcount, span, deal size, OTE, the plan) and
//! targets (the figures that are outcomes: attrition, share at quota,
//! revenue per rep, ramp, end-of-quarter share, cost of sales, spread).
//! `docs/calibration.md` ("Your own team") documents every key.
//!
//! ```toml
//! name = "Acme inside sales"
//! [team]
//! headcount = 60                  # rep slots -> team.size
//! team_size = 8                   # reps per manager -> team.team_size
//! [figures]                       # a number, or { value, se } or { value, range = [lo, hi] }
//! voluntary_attrition_pct = { value = 28, se = 3 }
//! involuntary_attrition_pct = 5
//! pct_at_quota = { value = 55, range = [45, 65] }
//! revenue_per_rep = 480000        # bookings per rep-year, USD
//! deal_size = 20000               # -> market.deal_size
//! deals_per_rep_per_quarter = 6   # checked against revenue per rep
//! months_to_ramp = 5
//! last_two_weeks_share_pct = 24
//! [plan]                          # today's plan: the baseline strategy
//! ote = 100000                    # -> team.ote
//! quota_per_rep = 500000          # optional, USD a year -> performance.quota_difficulty
//! pay_mix = "60/40"               # base/variable -> incentives.base_salary_share
//! [plan.performance]              # any [strategy.performance] key
//! quota_period = "quarter"
//! [plan.incentives]               # any [strategy.incentives] key
//! commission_rate = 0.065
//! ```
//!
//! A figure without `se` or `range` gets [`DEFAULT_RELATIVE_SE`] of its value
//! (at least [`MIN_PCT_SE`] points for a percentage); a `range` is read as a
//! 95 % interval (se = width / 4).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::moments::Moment;
use super::statistic::Statistic;
use super::targets::Target;
use crate::config::load::{MAX_FILE_BYTES, line_column, parse_toml, read_capped};
use crate::config::{ConfigError, Incentives, Performance, RawScenario, Scenario, ScenarioError, Strategy, validate};
use crate::plausibility::{Finding, Severity, fmt_num};

/// Standard error of a figure given without one, as a share of its value.
pub const DEFAULT_RELATIVE_SE: f64 = 0.10;

/// Least default standard error of a percentage figure, in points.
pub const MIN_PCT_SE: f64 = 2.0;

/// Revenue per rep and deal size x deals per quarter x 4 further apart than
/// this factor contradict each other (an error); further than
/// [`REVENUE_WARN_FACTOR`] is a warning.
pub const REVENUE_ERROR_FACTOR: f64 = 1.5;

/// See [`REVENUE_ERROR_FACTOR`].
pub const REVENUE_WARN_FACTOR: f64 = 1.2;

/// Weeks of the ramp moment (months to 90 % of tenured sales, in weeks) per
/// week of `team.ramp_weeks`: the moment counts effort, skill and the
/// binning by month as well as the ramp itself (measured on the defaults).
pub const RAMP_MOMENT_PER_WEEK: f64 = 1.46;

/// Weeks of the simulated window when the file does not say.
pub const DEFAULT_WEEKS: u32 = 104;

/// The figures that are outcomes, with the moment each one targets.
pub const OUTCOME_FIGURES: [(&str, Moment); 8] = [
    ("voluntary_attrition_pct", Moment::VoluntaryAttritionPct),
    ("involuntary_attrition_pct", Moment::InvoluntaryAttritionPct),
    ("pct_at_quota", Moment::QuotaAttainmentPct),
    ("revenue_per_rep", Moment::RevenuePerRepYear),
    ("revenue_cv", Moment::RevenueCv),
    ("last_two_weeks_share_pct", Moment::LastTwoWeeksSharePct),
    ("months_to_ramp", Moment::RampMonths),
    ("cost_of_sales_pct", Moment::CostOfSalesPct),
];

/// Figures that set the scenario, not targets.
pub const INPUT_FIGURES: [&str; 2] = ["deal_size", "deals_per_rep_per_quarter"];

/// One figure with its uncertainty and where it stands in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The figure's name.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// Its standard error (> 0).
    pub se: f64,
    /// 1-based line in the file.
    pub line: usize,
}

/// A read team file.
#[derive(Debug, Clone)]
pub struct TeamFile {
    /// The team's name.
    pub name: String,
    /// The base scenario: the team, the market and today's plan (its only
    /// strategy, the baseline), with the horizon and replications of
    /// `[simulation]`.
    pub scenario: Scenario,
    /// The headcount, when the file gives it.
    pub headcount: Option<u32>,
    /// Every figure, by name.
    pub figures: BTreeMap<String, Figure>,
    /// Replications per evaluation, if given.
    pub replications: Option<u64>,
    /// Seed, if given.
    pub seed: Option<u64>,
    /// Warnings about the figures and the plan (errors are refused).
    pub warnings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    team: RawTeamTable,
    #[serde(default)]
    figures: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    plan: RawPlan,
    #[serde(default)]
    simulation: RawSimulation,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeamTable {
    headcount: Option<Spanned<u32>>,
    team_size: Option<Spanned<u32>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: Option<String>,
    ote: Option<Spanned<f64>>,
    quota_per_rep: Option<Spanned<f64>>,
    pay_mix: Option<Spanned<toml::Value>>,
    #[serde(default)]
    performance: Performance,
    incentives: Option<Incentives>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSimulation {
    weeks: Option<u32>,
    replications: Option<u64>,
    seed: Option<u64>,
}

fn located(text: &str, key_path: String, offset: usize, message: String) -> ConfigError {
    let (line, column) = line_column(text, offset);
    ConfigError::WrongType { key_path, message, line: Some(line), column: Some(column) }
}

/// A figure from its TOML value: a number, `{ value, se }` or `{ value, range }`.
fn figure(text: &str, name: &str, v: &Spanned<toml::Value>) -> Result<Figure, ConfigError> {
    let at = |m: String| located(text, format!("figures.{name}"), v.span().start, m);
    let num = |x: &toml::Value| x.as_float().or_else(|| x.as_integer().map(|i| i as f64));
    let (value, se) = match v.get_ref() {
        toml::Value::Table(t) => {
            for k in t.keys() {
                if !["value", "se", "range"].contains(&k.as_str()) {
                    return Err(at(format!(
                        "unknown key `{k}`: a figure is a number or {{ value, se }} or {{ value, range = [lo, hi] }}"
                    )));
                }
            }
            let value = t.get("value").and_then(num).ok_or_else(|| at("needs `value = NUMBER`".into()))?;
            let se = match (t.get("se"), t.get("range")) {
                (Some(_), Some(_)) => return Err(at("give `se` or `range`, not both".into())),
                (Some(s), None) => Some(num(s).ok_or_else(|| at("`se` must be a number".into()))?),
                (None, Some(toml::Value::Array(r))) if r.len() == 2 => {
                    let (lo, hi) = (num(&r[0]), num(&r[1]));
                    let (Some(lo), Some(hi)) = (lo, hi) else {
                        return Err(at("`range` must be two numbers [lo, hi]".into()));
                    };
                    if !(lo <= value && value <= hi && lo < hi) {
                        return Err(at(format!(
                            "value {} lies outside its range [{}, {}]; give lo < value < hi",
                            fmt_num(value),
                            fmt_num(lo),
                            fmt_num(hi)
                        )));
                    }
                    Some((hi - lo) / 4.0)
                }
                (None, Some(_)) => return Err(at("`range` must be two numbers [lo, hi]".into())),
                (None, None) => None,
            };
            (value, se)
        }
        other => {
            (num(other).ok_or_else(|| at("must be a number, or { value, se }, or { value, range }".into()))?, None)
        }
    };
    if !value.is_finite() || value < 0.0 {
        return Err(at(format!("= {value}: figures are numbers at or above 0")));
    }
    let se = match se {
        Some(s) if s.is_finite() && s > 0.0 => s,
        Some(s) => return Err(at(format!("se = {s}: a standard error must be above 0"))),
        None => {
            let base = DEFAULT_RELATIVE_SE * value;
            if name.ends_with("_pct") || name == "pct_at_quota" { base.max(MIN_PCT_SE) } else { base.max(1e-9) }
        }
    };
    let (line, _) = line_column(text, v.span().start);
    Ok(Figure { name: name.to_string(), value, se, line })
}

impl TeamFile {
    /// Reads a team file; errors name `file`.
    pub fn from_file(path: &Path, file: &str) -> Result<TeamFile, ScenarioError> {
        let err = |error: ConfigError| ScenarioError { file: file.to_string(), error };
        let bytes = read_capped(path, MAX_FILE_BYTES).map_err(err)?;
        let text = String::from_utf8(bytes).map_err(|_| err(ConfigError::Io("the file is not UTF-8 text".into())))?;
        Self::from_toml_str(&text, file)
    }

    /// Parses team-file text; errors name `file`.
    pub fn from_toml_str(text: &str, file: &str) -> Result<TeamFile, ScenarioError> {
        let err = |error: ConfigError| ScenarioError { file: file.to_string(), error };
        let raw: RawTeam = parse_toml(text).map_err(err)?;
        let known: Vec<&str> = OUTCOME_FIGURES.iter().map(|f| f.0).chain(INPUT_FIGURES).collect();
        let mut figures = BTreeMap::new();
        for (name, v) in &raw.figures {
            if !known.contains(&name.as_str()) {
                let hint = crate::config::error::closest(name, known.iter().copied())
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                return Err(err(located(
                    text,
                    format!("figures.{name}"),
                    v.span().start,
                    format!("unknown figure; {hint}(figures: {})", known.join(", ")),
                )));
            }
            figures.insert(name.clone(), figure(text, name, v).map_err(err)?);
        }
        let quota = raw.plan.quota_per_rep.as_ref().map(|q| *q.get_ref());
        let mut warnings = figure_checks(&figures, quota).map_err(err)?;
        let scenario = base_scenario(text, &raw, &figures).map_err(err)?;
        for f in crate::plausibility::check(&scenario) {
            let key_path = f.key_path.replace("strategy[0].", "plan.").replace("team.ote", "plan.ote");
            let f = Finding { key_path, ..f };
            if f.severity == Severity::Error {
                return Err(err(ConfigError::Inconsistent { key_path: f.key_path, message: f.message }));
            }
            warnings.push(f);
        }
        Ok(TeamFile {
            name: raw.name.clone().unwrap_or_else(|| "my_team".into()),
            scenario,
            headcount: raw.team.headcount.as_ref().map(|h| *h.get_ref()),
            figures,
            replications: raw.simulation.replications,
            seed: raw.simulation.seed,
            warnings,
        })
    }

    /// The targets: each outcome figure as a target of its moment, in
    /// catalogue order; the source names the file's line.
    pub fn targets(&self, file: &str) -> Vec<Target> {
        OUTCOME_FIGURES
            .iter()
            .filter_map(|(name, moment)| {
                let f = self.figures.get(*name)?;
                Some(Target {
                    statistic: Statistic::Moment(*moment),
                    value: f.value,
                    se: f.se,
                    source: format!("{file}, figures.{name} (line {})", f.line),
                })
            })
            .collect()
    }
}

/// Figures contradicting each other (errors) or looking like a unit slip
/// (warnings).
fn figure_checks(figures: &BTreeMap<String, Figure>, quota: Option<f64>) -> Result<Vec<Finding>, ConfigError> {
    let mut warnings = Vec::new();
    let get = |n: &str| figures.get(n).map(|f| f.value);
    let refuse = |key: &str, message: String| ConfigError::Inconsistent { key_path: format!("figures.{key}"), message };
    for (name, f) in figures {
        let pct = name.ends_with("_pct") || name == "pct_at_quota";
        if pct && f.value > 100.0 && name != "voluntary_attrition_pct" && name != "involuntary_attrition_pct" {
            return Err(refuse(
                name,
                format!("= {} % is more than 100 %: a share cannot exceed the whole", fmt_num(f.value)),
            ));
        }
        if pct && f.value > 0.0 && f.value < 1.0 {
            warnings.push(Finding {
                severity: Severity::Warning,
                key_path: format!("figures.{name}"),
                message: format!(
                    "= {} is a percentage, so this is {} %; it looks like a share: did you mean {}?",
                    fmt_num(f.value),
                    fmt_num(f.value),
                    fmt_num(f.value * 100.0)
                ),
            });
        }
    }
    if let (Some(rev), Some(size), Some(deals)) =
        (get("revenue_per_rep"), get("deal_size"), get("deals_per_rep_per_quarter"))
    {
        let implied = size * deals * 4.0;
        let ratio = if implied > 0.0 { rev / implied } else { f64::INFINITY };
        let text = format!(
            "revenue_per_rep = {} but deal_size x deals_per_rep_per_quarter x 4 = {} x {} x 4 = {}",
            fmt_num(rev),
            fmt_num(size),
            fmt_num(deals),
            fmt_num(implied)
        );
        if !(1.0 / REVENUE_ERROR_FACTOR..=REVENUE_ERROR_FACTOR).contains(&ratio) {
            return Err(refuse(
                "revenue_per_rep",
                format!(
                    "{text}: the figures contradict each other (more than {REVENUE_ERROR_FACTOR} x apart); \
                     check the units (per year? per quarter? thousands?)"
                ),
            ));
        }
        if !(1.0 / REVENUE_WARN_FACTOR..=REVENUE_WARN_FACTOR).contains(&ratio) {
            warnings.push(Finding {
                severity: Severity::Warning,
                key_path: "figures.revenue_per_rep".into(),
                message: format!("{text}: {:.0} % apart", 100.0 * (ratio - 1.0).abs()),
            });
        }
    }
    if let (Some(q), Some(rev), Some(at)) = (quota, figures.get("revenue_per_rep"), figures.get("pct_at_quota")) {
        // Reps at quota book at least the quota each, so the mean is at
        // least (share at quota) x quota; beyond both figures' 95 % ranges
        // this cannot be true.
        let most = (rev.value + 2.0 * rev.se) / q;
        let least = (at.value - 2.0 * at.se) / 100.0;
        if q > 0.0 && least > most {
            return Err(refuse(
                "pct_at_quota",
                format!(
                    "= {} % cannot be true with plan.quota_per_rep = {} and revenue_per_rep = {}: reps at quota \
                     book at least their quota, so the average would be at least {} % of quota, yet it is {} %",
                    fmt_num(at.value),
                    fmt_num(q),
                    fmt_num(rev.value),
                    fmt_num((at.value).round()),
                    fmt_num((100.0 * rev.value / q).round())
                ),
            ));
        }
    }
    Ok(warnings)
}

/// The base scenario: defaults, the team and market keys the figures set,
/// today's plan as the only strategy.
fn base_scenario(text: &str, raw: &RawTeam, figures: &BTreeMap<String, Figure>) -> Result<Scenario, ConfigError> {
    let mut s = RawScenario {
        scenario: Default::default(),
        experiment: Default::default(),
        team: Default::default(),
        market: Default::default(),
        behavior: Default::default(),
        costs: Default::default(),
        strategy: Vec::new(),
        sweep: Vec::new(),
        uncertain: Vec::new(),
    };
    s.scenario.name = raw.name.clone().unwrap_or_else(|| "my_team".into());
    s.scenario.weeks = raw.simulation.weeks.unwrap_or(DEFAULT_WEEKS);
    if let Some(h) = &raw.team.headcount {
        s.team.size = *h.get_ref();
    }
    if let Some(t) = &raw.team.team_size {
        s.team.team_size = *t.get_ref();
    }
    if s.team.team_size > s.team.size {
        let span = raw.team.team_size.as_ref().map_or(0, |t| t.span().start);
        return Err(located(
            text,
            "team.team_size".into(),
            span,
            format!(
                "= {} reps per manager is more than the headcount ({}); the span cannot exceed the team",
                s.team.team_size, s.team.size
            ),
        ));
    }
    if let Some(f) = figures.get("deal_size") {
        s.market.deal_size = f.value;
    }
    // Normal output: from revenue per rep where given, else from deals won.
    let per_week = match (figures.get("revenue_per_rep"), figures.get("deals_per_rep_per_quarter")) {
        (Some(r), _) if s.market.deal_size > 0.0 => Some(r.value / 52.0 / s.market.deal_size),
        (None, Some(d)) => Some(d.value / 13.0),
        _ => None,
    };
    if let Some(p) = per_week {
        s.market.deals_per_week = p;
    }
    if let Some(m) = figures.get("months_to_ramp") {
        // New hires' sales reach 90 % of tenured reps' (the ramp moment)
        // at about RAMP_MOMENT_PER_WEEK x ramp_weeks (measured on the
        // defaults: 16 ramp weeks read as 5.4 months).
        s.team.ramp_weeks = (m.value * 52.0 / 12.0 / RAMP_MOMENT_PER_WEEK).round().clamp(0.0, 104.0) as u32;
    }
    if let Some(ote) = &raw.plan.ote {
        s.team.ote = *ote.get_ref();
    }
    let mut incentives = raw.plan.incentives.clone().unwrap_or_default();
    if let Some(mix) = &raw.plan.pay_mix {
        incentives.base_salary_share = pay_mix(mix.get_ref()).ok_or_else(|| {
            located(
                text,
                "plan.pay_mix".into(),
                mix.span().start,
                "write the base/variable split as \"60/40\", or the base share as a number (60 or 0.6)".into(),
            )
        })?;
    }
    let mut performance = raw.plan.performance.clone();
    if let Some(q) = &raw.plan.quota_per_rep {
        // The quota in dollars as a multiple of the normal output the
        // figures imply (deals per week x deal size x 52).
        let normal = s.market.deals_per_week * s.market.deal_size * 52.0;
        if normal > 0.0 {
            performance.quota_difficulty = q.get_ref() / normal;
        }
    }
    s.strategy.push(Strategy {
        name: raw.plan.name.clone().unwrap_or_else(|| "today".into()),
        description: "today's plan, from the team file".into(),
        performance,
        incentives,
    });
    validate::validate(s).map_err(|e| match e {
        ConfigError::OutOfRange { key_path, value, min, max, unit, integer } => ConfigError::OutOfRange {
            key_path: key_path.replace("strategy[0].", "plan.").replace("team.size", "team.headcount"),
            value,
            min,
            max,
            unit,
            integer,
        },
        other => other,
    })
}

/// A pay mix: `"60/40"`, `60` or `0.6` as the base share.
fn pay_mix(v: &toml::Value) -> Option<f64> {
    let share = match v {
        toml::Value::String(s) => {
            let (a, b) = s.split_once('/')?;
            let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a + b > 0.0).then(|| a / (a + b))?
        }
        toml::Value::Integer(i) => *i as f64 / 100.0,
        toml::Value::Float(x) if *x > 1.0 => x / 100.0,
        toml::Value::Float(x) => *x,
        _ => return None,
    };
    (0.0..=1.0).contains(&share).then_some(share)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "name = \"t\"\n[team]\nheadcount = 40\nteam_size = 8\n[figures]\n\
        voluntary_attrition_pct = { value = 28, se = 3 }\npct_at_quota = { value = 55, range = [45, 65] }\n\
        revenue_per_rep = 480000\ndeal_size = 20000\ndeals_per_rep_per_quarter = 6\nmonths_to_ramp = 5\n\
        [plan]\note = 100000\npay_mix = \"60/40\"\n[plan.incentives]\ncommission_rate = 0.065\n";

    #[test]
    fn a_team_file_sets_the_team_and_market_and_targets_the_outcomes() {
        let t = TeamFile::from_toml_str(GOOD, "team.toml").unwrap();
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!((t.scenario.team.size, t.scenario.team.team_size), (40, 8));
        assert_eq!(t.scenario.market.deal_size, 20000.0);
        assert!((t.scenario.market.deals_per_week - 480000.0 / 52.0 / 20000.0).abs() < 1e-12);
        assert_eq!(t.scenario.strategies[0].incentives.base_salary_share, 0.6);
        let targets = t.targets("team.toml");
        let ids: Vec<String> = targets.iter().map(|x| x.statistic.id()).collect();
        assert_eq!(ids, ["voluntary_attrition_pct", "quota_attainment_pct", "revenue_per_rep_year", "ramp_months"]);
        assert_eq!(targets[1].se, 5.0);
        assert_eq!(targets[2].se, 48000.0);
        assert!(targets[0].source.contains("line 6"));
    }

    #[test]
    fn contradicting_figures_are_refused_naming_both() {
        let e = TeamFile::from_toml_str(&GOOD.replace("480000", "48000"), "team.toml").unwrap_err().to_string();
        assert!(e.contains("revenue_per_rep = 48000") && e.contains("20000 x 6 x 4 = 480000"), "{e}");
        let e = TeamFile::from_toml_str(&GOOD.replace("value = 55, range", "value = 155, range"), "t").unwrap_err();
        assert!(e.to_string().contains("pct_at_quota"), "{e}");
    }

    #[test]
    fn a_share_for_a_percentage_and_an_ote_in_thousands_are_warned() {
        let t = TeamFile::from_toml_str(
            &GOOD.replace("{ value = 28, se = 3 }", "0.28").replace("ote = 100000", "ote = 100"),
            "t",
        )
        .unwrap();
        let w: Vec<String> = t.warnings.iter().map(|w| w.to_string()).collect();
        assert!(w.iter().any(|w| w.contains("voluntary_attrition_pct") && w.contains("did you mean 28?")), "{w:?}");
        assert!(w.iter().any(|w| w.contains("plan.ote") && w.contains("did you mean 100000?")), "{w:?}");
    }

    #[test]
    fn a_share_at_quota_the_revenue_cannot_support_is_refused() {
        let e = TeamFile::from_toml_str(&GOOD.replace("ote = 100000", "ote = 100000\nquota_per_rep = 1500000"), "t")
            .unwrap_err()
            .to_string();
        assert!(e.contains("pct_at_quota") && e.contains("cannot be true") && e.contains("32 %"), "{e}");
        let t = TeamFile::from_toml_str(&GOOD.replace("ote = 100000", "ote = 100000\nquota_per_rep = 500000"), "t")
            .unwrap();
        assert!((t.scenario.strategies[0].performance.quota_difficulty - 500.0 / 480.0).abs() < 1e-9);
    }

    #[test]
    fn unknown_figures_get_a_did_you_mean() {
        let e = TeamFile::from_toml_str(&GOOD.replace("months_to_ramp", "months_to_rampp"), "t").unwrap_err();
        assert!(e.to_string().contains("did you mean `months_to_ramp`"), "{e}");
    }
}
