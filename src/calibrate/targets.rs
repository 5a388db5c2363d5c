//! The calibration target file (TOML): the base scenario and today's plan,
//! the targets (a moment, its value, standard error and source) and the free
//! parameters (a scenario key with bounds). Parsed with the scenario files'
//! error machinery: every message names the file, the key path, the line and
//! the column, and unknown keys and moments get a did-you-mean.
//!
//! ```toml
//! [base]
//! scenario = "mature_scaled_team"  # a path (relative to this file) or a bundled name
//! strategy = "status_quo"          # today's plan [default: the scenario's baseline]
//! weeks = 104                      # optional: the horizon simulated
//! replications = 40                # optional: replications per evaluation
//! seed = 2026                      # optional: the fixed common random numbers
//! [base.set]                       # optional: keys fixed for the calibration
//! "team.size" = 60
//!
//! [[target]]
//! moment = "voluntary_attrition_pct"
//! value = 27.0
//! se = 3.0
//! source = "Xactly via HubSpot; docs/evidence.md"
//!
//! [[parameter]]
//! key = "behavior.quit_rate"
//! lower = 0.05
//! upper = 0.5
//! start = 0.2                      # optional: the first start [default: the base value]
//!
//! [[target]]                       # an effect: one check of a validation-battery fact
//! fact = "crowding_out"            # (free parameters must then all be `behavior.` keys)
//! check = 0
//! value = -0.28
//! se = 0.07
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::moments::Moment;
use super::statistic::{Effect, Statistic};
use crate::analysis::levers::{Lever, apply};
use crate::config::error::closest;
use crate::config::load::{MAX_FILE_BYTES, line_column, parse_toml, read_capped};
use crate::config::{ConfigError, Scenario, ScenarioError, validate};

/// Replications per evaluation when the file and the command line say nothing.
pub const DEFAULT_REPLICATIONS: u64 = 40;

/// One target statistic.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What is measured: a moment of the records or a fact's check.
    pub statistic: Statistic,
    /// Its target value.
    pub value: f64,
    /// The target's standard error (> 0).
    pub se: f64,
    /// Where the figure comes from.
    pub source: String,
}

/// One free parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The scenario key.
    pub lever: Lever,
    /// Lowest value searched.
    pub lower: f64,
    /// Highest value searched.
    pub upper: f64,
    /// Where the search's first start puts it [default: its value in the
    /// base scenario]; a fixed start makes the fit independent of the
    /// shipped defaults it regenerates.
    pub start: Option<f64>,
}

impl Parameter {
    /// The scenario key as written.
    pub fn key(&self) -> &str {
        &self.lever.key
    }

    /// `upper - lower`.
    pub fn width(&self) -> f64 {
        self.upper - self.lower
    }
}

/// A validated target file with its base scenario.
#[derive(Debug, Clone)]
pub struct TargetFile {
    /// The base scenario with `[base]`'s horizon and fixed keys applied and
    /// today's plan as its baseline (the burn-in runs under it).
    pub scenario: Scenario,
    /// Index of today's plan among the scenario's strategies.
    pub strategy: usize,
    /// How the base scenario was named in the file.
    pub scenario_name: String,
    /// Replications per evaluation from the file, if given.
    pub replications: Option<u64>,
    /// Seed from the file, if given.
    pub seed: Option<u64>,
    /// The targets, in file order.
    pub targets: Vec<Target>,
    /// The free parameters, in file order.
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    base: RawBase,
    #[serde(default)]
    target: Vec<RawTarget>,
    #[serde(default)]
    parameter: Vec<RawParameter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBase {
    scenario: Spanned<String>,
    strategy: Option<Spanned<String>>,
    weeks: Option<u32>,
    replications: Option<u64>,
    seed: Option<u64>,
    #[serde(default)]
    set: BTreeMap<String, Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    moment: Option<Spanned<String>>,
    fact: Option<Spanned<String>>,
    check: Option<Spanned<u64>>,
    value: Spanned<f64>,
    se: Spanned<f64>,
    #[serde(default)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    key: Spanned<String>,
    lower: Spanned<f64>,
    upper: Spanned<f64>,
    start: Option<Spanned<f64>>,
}

/// A message about the value at `span` of key `key_path`.
fn at<T>(text: &str, key_path: String, value: &Spanned<T>, message: String) -> ConfigError {
    let (line, column) = line_column(text, value.span().start);
    ConfigError::WrongType { key_path, message, line: Some(line), column: Some(column) }
}

impl TargetFile {
    /// Reads a target file; the base scenario is a path relative to the
    /// file's folder or, when no such file exists, a bundled scenario.
    /// Errors name `file` (the path as the user gave it), or the base
    /// scenario's file for errors in it.
    pub fn from_file(path: &Path, file: &str) -> Result<TargetFile, ScenarioError> {
        let err = |error: ConfigError| ScenarioError { file: file.to_string(), error };
        let bytes = read_capped(path, MAX_FILE_BYTES).map_err(err)?;
        let text = String::from_utf8(bytes).map_err(|_| err(ConfigError::Io("the file is not UTF-8 text".into())))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Self::from_toml_str(&text, dir, file)
    }

    /// Parses target text whose base scenario path is relative to `dir`.
    pub fn from_toml_str(text: &str, dir: &Path, file: &str) -> Result<TargetFile, ScenarioError> {
        let err = |error: ConfigError| ScenarioError { file: file.to_string(), error };
        let raw: RawFile = parse_toml(text).map_err(err)?;
        let targets = targets(text, &raw.target).map_err(err)?;
        let parameters = parameters(text, &raw.parameter).map_err(err)?;
        let name = raw.base.scenario.get_ref().clone();
        let base = load_base(&name, dir).map_err(|e| match e {
            Base::Missing(message) => err(at(text, "base.scenario".into(), &raw.base.scenario, message)),
            Base::Invalid(e) => e,
        })?;
        let strategy = match &raw.base.strategy {
            None => base.baseline,
            Some(s) => base.strategies.iter().position(|x| &x.name == s.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = base.strategies.iter().map(|x| x.name.as_str()).collect();
                let hint = closest(s.get_ref(), names.iter().copied())
                    .map(|n| format!("did you mean \"{n}\"? "))
                    .unwrap_or_default();
                err(at(
                    text,
                    "base.strategy".into(),
                    s,
                    format!(
                        "\"{}\" names no strategy of {name}; {hint}(strategies: {})",
                        s.get_ref(),
                        names.join(", ")
                    ),
                ))
            })?,
        };
        let mut scenario = base;
        if let Some(weeks) = raw.base.weeks {
            let mut r = scenario.to_raw();
            r.scenario.weeks = weeks;
            scenario = validate::validate(r).map_err(err)?;
        }
        let mut fixed = Vec::new();
        for (key, value) in &raw.base.set {
            let lever = Lever::parse(key).map_err(|m| err(at(text, format!("base.set.{key}"), value, m)))?;
            fixed.push((lever, *value.get_ref()));
        }
        if !fixed.is_empty() {
            let settings: Vec<(&Lever, f64)> = fixed.iter().map(|(l, v)| (l, *v)).collect();
            scenario = apply(&scenario, strategy, &settings).map_err(err)?;
        }
        scenario.baseline = strategy;
        for p in &parameters {
            if let Some((key, _)) = raw.base.set.iter().find(|(k, _)| k.as_str() == p.key()) {
                return Err(err(ConfigError::Inconsistent {
                    key_path: format!("base.set.{key}"),
                    message: "is also a free [[parameter]]; fix it or fit it, not both".into(),
                }));
            }
        }
        check_effects(text, &raw.target, &targets, &parameters).map_err(err)?;
        if raw.base.replications == Some(0) || raw.base.replications == Some(1) {
            return Err(err(ConfigError::Inconsistent {
                key_path: "base.replications".into(),
                message: "needs at least 2 (the simulation noise of the moments is estimated across replications)"
                    .into(),
            }));
        }
        Ok(TargetFile {
            scenario,
            strategy,
            scenario_name: name,
            replications: raw.base.replications,
            seed: raw.base.seed,
            targets,
            parameters,
        })
    }
}

enum Base {
    Missing(String),
    Invalid(ScenarioError),
}

/// The base scenario: a file relative to `dir`, else a bundled scenario.
fn load_base(name: &str, dir: &Path) -> Result<Scenario, Base> {
    let path = dir.join(name);
    if path.exists() {
        let file = crate::config::text::escape(&path.display().to_string()).into_owned();
        return Scenario::from_file_named(&path, file).map(|(s, _)| s).map_err(Base::Invalid);
    }
    if let Some(b) = crate::bundled::find(name) {
        return Scenario::from_toml_str(b.text)
            .map_err(|error| Base::Invalid(ScenarioError { file: format!("<bundled {}>", b.name), error }));
    }
    let names: Vec<&str> = crate::bundled::BUNDLED.iter().map(|b| b.name).collect();
    let hint = closest(name, names.iter().copied())
        .map(|n| format!("did you mean the bundled scenario `{n}`?"))
        .unwrap_or_else(|| format!("bundled scenarios: {}", names.join(", ")));
    Err(Base::Missing(format!("no file {} and no bundled scenario of that name; {hint}", path.display())))
}

fn targets(text: &str, raw: &[RawTarget]) -> Result<Vec<Target>, ConfigError> {
    if raw.is_empty() {
        return Err(ConfigError::Inconsistent {
            key_path: "target".into(),
            message: "no targets: add at least one [[target]] table with `moment`, `value` and `se`".into(),
        });
    }
    let mut out: Vec<Target> = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let (statistic, span) = statistic(text, i, t)?;
        if out.iter().any(|o| o.statistic == statistic) {
            return Err(at(text, format!("target[{i}]"), span, format!("`{}` is targeted twice", statistic.id())));
        }
        if !t.value.get_ref().is_finite() {
            return Err(at(text, format!("target[{i}].value"), &t.value, "must be a finite number".into()));
        }
        let se = *t.se.get_ref();
        if !(se.is_finite() && se > 0.0) {
            return Err(at(
                text,
                format!("target[{i}].se"),
                &t.se,
                format!("= {se}: the standard error must be a number above 0 (it weighs the target)"),
            ));
        }
        out.push(Target { statistic, value: *t.value.get_ref(), se, source: t.source.clone() });
    }
    Ok(out)
}

/// Effect targets run in the validation lab, which takes only `[behavior]`
/// keys from the calibration: every free parameter must be one, and every
/// check must exist (found by running the fact once at 2 replications).
fn check_effects(
    text: &str,
    raw: &[RawTarget],
    targets: &[Target],
    parameters: &[Parameter],
) -> Result<(), ConfigError> {
    let effects: Vec<(usize, Effect)> =
        targets.iter().enumerate().filter_map(|(i, t)| t.statistic.effect().map(|e| (i, e))).collect();
    let Some((first, _)) = effects.first() else { return Ok(()) };
    if let Some(p) = parameters.iter().find(|p| !p.key().starts_with("behavior.")) {
        return Err(ConfigError::Inconsistent {
            key_path: format!("target[{first}].fact"),
            message: format!(
                "fact targets are measured in the validation lab, which the free parameter `{}` does not reach; \
                 with fact targets every [[parameter]] must be a `behavior.` key",
                p.key()
            ),
        });
    }
    let opts = crate::validate::ValidationOptions { replications: 2, ..Default::default() };
    for (i, e) in effects {
        let result = (e.run)(&opts)?;
        if e.check >= result.checks.len() {
            let claims: Vec<String> =
                result.checks.iter().enumerate().map(|(k, c)| format!("{k}: {}", c.claim)).collect();
            let message = format!("fact `{}` has no check {}; its checks are {}", e.fact, e.check, claims.join("; "));
            return Err(match (&raw[i].check, &raw[i].fact) {
                (Some(c), _) => at(text, format!("target[{i}].check"), c, message),
                (None, Some(f)) => at(text, format!("target[{i}].fact"), f, message),
                (None, None) => ConfigError::Inconsistent { key_path: format!("target[{i}]"), message },
            });
        }
    }
    Ok(())
}

/// The statistic of target `i`: `moment = ID`, or `fact = ID` with
/// `check = N` (default 0), with the span to point errors at.
fn statistic<'a>(text: &str, i: usize, t: &'a RawTarget) -> Result<(Statistic, &'a Spanned<String>), ConfigError> {
    match (&t.moment, &t.fact) {
        (Some(m), None) => {
            if let Some(c) = &t.check {
                return Err(at(
                    text,
                    format!("target[{i}].check"),
                    c,
                    "belongs to a `fact` target, not a `moment`".into(),
                ));
            }
            let id = m.get_ref();
            let moment = Moment::from_id(id).ok_or_else(|| {
                let ids = Moment::ids();
                let hint =
                    closest(id, ids.iter().copied()).map(|m| format!("did you mean `{m}`? ")).unwrap_or_default();
                at(
                    text,
                    format!("target[{i}].moment"),
                    m,
                    format!("unknown moment `{id}`; {hint}(moments: {})", ids.join(", ")),
                )
            })?;
            Ok((Statistic::Moment(moment), m))
        }
        (None, Some(f)) => {
            let id = f.get_ref();
            let check = t.check.as_ref().map_or(0, |c| *c.get_ref()) as usize;
            let effect = Effect::new(id, check).ok_or_else(|| {
                let ids: Vec<&str> = crate::validate::facts::ids().collect();
                let hint =
                    closest(id, ids.iter().copied()).map(|m| format!("did you mean `{m}`? ")).unwrap_or_default();
                at(
                    text,
                    format!("target[{i}].fact"),
                    f,
                    format!("unknown fact `{id}`; {hint}(facts: {})", ids.join(", ")),
                )
            })?;
            Ok((Statistic::Effect(effect), f))
        }
        (Some(_), Some(f)) => {
            Err(at(text, format!("target[{i}].fact"), f, "a target has either `moment` or `fact`, not both".into()))
        }
        (None, None) => Err(ConfigError::Inconsistent {
            key_path: format!("target[{i}]"),
            message: "names no statistic: give `moment = ID` (a moment of the records) or `fact = ID` with \
                      `check = N` (a check of the validation battery; `salesim validate` lists the facts)"
                .into(),
        }),
    }
}

fn parameters(text: &str, raw: &[RawParameter]) -> Result<Vec<Parameter>, ConfigError> {
    if raw.is_empty() {
        return Err(ConfigError::Inconsistent {
            key_path: "parameter".into(),
            message: "no free parameters: add at least one [[parameter]] table with `key`, `lower` and `upper`".into(),
        });
    }
    let mut out: Vec<Parameter> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let path = |k: &str| format!("parameter[{i}].{k}");
        let lever = Lever::parse(p.key.get_ref()).map_err(|m| at(text, path("key"), &p.key, m))?;
        if lever.spec.integer {
            return Err(at(
                text,
                path("key"),
                &p.key,
                format!("`{}` takes whole numbers, which cannot be fitted smoothly; fix it in [base.set]", lever.key),
            ));
        }
        if out.iter().any(|o| o.lever == lever) {
            return Err(at(text, path("key"), &p.key, format!("`{}` is a free parameter twice", lever.key)));
        }
        let (lower, upper) = (*p.lower.get_ref(), *p.upper.get_ref());
        let (min, max, unit) = (lever.spec.min, lever.spec.max, lever.spec.unit);
        for (name, v, span) in [("lower", lower, &p.lower), ("upper", upper, &p.upper)] {
            if !(v.is_finite() && v >= min && v <= max) {
                return Err(at(
                    text,
                    path(name),
                    span,
                    format!("= {v} is outside the range of `{}`: allowed {min} to {max} ({unit})", lever.key),
                ));
            }
        }
        if lower >= upper {
            return Err(at(
                text,
                path("upper"),
                &p.upper,
                format!("= {upper} is not above lower = {lower}; give bounds with lower < upper"),
            ));
        }
        if let Some(x) = &p.start {
            let v = *x.get_ref();
            if !(v.is_finite() && (lower..=upper).contains(&v)) {
                return Err(at(
                    text,
                    path("start"),
                    x,
                    format!("= {v} is outside the bounds: give a start from {lower} to {upper}"),
                ));
            }
        }
        out.push(Parameter { lever, lower, upper, start: p.start.as_ref().map(|x| *x.get_ref()) });
    }
    Ok(out)
}
