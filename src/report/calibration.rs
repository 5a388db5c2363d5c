//! The fit of a calibrated scenario. `salesim calibrate TEAMFILE --out DIR`
//! writes `DIR/scenario.toml` and, beside it, `DIR/calibration.json`, which
//! records the scenario file's hash ([`scenario_hash`]) and the fingerprint
//! of the team it fitted ([`team_fingerprint`]: `[team]`, `[market]`,
//! `[behavior]`, `[costs]`, the weeks, the uncertain parameters and today's
//! plan). A report or run of a scenario finds that file ([`beside`]) and
//! reads the fit from it as a small record ([`CalibrationRecord`], a subset
//! of the JSON): the report opens with the fit table, `run` prints a short
//! header. The fit applies while the team is the calibrated one, strategies
//! added or not ([`Standing`]); once the team, market, behaviour or today's
//! plan is edited it no longer describes the file, and the report says so
//! instead of showing it (`docs/report.md`, "A calibrated team").

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::charts::escape;
use crate::config::{Scenario, fnv1a, scenario_hash};

/// The calibration file's name beside the scenario.
pub const CALIBRATION_FILE: &str = "calibration.json";

/// `kind` of a team calibration's JSON.
pub const KIND: &str = "team_calibration";

/// Largest |z| that counts as within the data's uncertainty: the verdict's
/// (`calibrate::verdict::Z_WITHIN`; the report layer does not import
/// `calibrate`, a test keeps the two equal).
pub const Z_WITHIN: f64 = 1.96;

/// The normal quantile of a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// What a report needs of `calibration.json` (unknown keys are ignored).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CalibrationRecord {
    /// `team_calibration`.
    pub kind: String,
    /// The team's name.
    #[serde(default)]
    pub team: String,
    /// The team file, as named on the command line.
    #[serde(default)]
    pub team_file: String,
    /// The CRM export, when one was given.
    #[serde(default)]
    pub crm: Option<String>,
    /// Today's plan: the calibrated baseline strategy's name.
    #[serde(default)]
    pub strategy: String,
    /// The plain verdict.
    #[serde(default)]
    pub verdict: String,
    /// The name of the scenario file written beside it.
    #[serde(default)]
    pub scenario_file: Option<String>,
    /// [`scenario_hash`] of the scenario file as written.
    #[serde(default)]
    pub scenario_hash: Option<String>,
    /// [`team_fingerprint`] of the scenario as written.
    #[serde(default)]
    pub team_fingerprint: Option<String>,
    /// Parameters left at their defaults, with the reason.
    #[serde(default)]
    pub not_fitted: Vec<NotFitted>,
    /// Each figure's name as a sales leader says it, by moment id.
    #[serde(default)]
    pub figure_names: BTreeMap<String, String>,
    /// The fit.
    pub fit: FitRecord,
}

/// A parameter left at its default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NotFitted {
    /// The scenario key.
    pub key: String,
    /// The value it keeps.
    pub value: f64,
    /// Why.
    pub reason: String,
}

/// The fit's parameters and table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FitRecord {
    /// Fitted parameters.
    pub parameters: Vec<ParameterRecord>,
    /// Observed against simulated, one row per figure.
    pub table: Vec<RowRecord>,
    /// Replications per evaluation.
    #[serde(default)]
    pub replications: u64,
    /// Evaluations run.
    #[serde(default)]
    pub evaluations: usize,
    /// Whether the search was stopped early.
    #[serde(default)]
    pub interrupted: bool,
}

/// A fitted parameter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ParameterRecord {
    /// The scenario key.
    pub key: String,
    /// The fitted value.
    pub value: f64,
    /// Its standard error.
    pub se: Option<f64>,
    /// Its 95 % interval.
    pub ci95: Option<[f64; 2]>,
}

/// One figure of the fit table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RowRecord {
    /// The moment's id.
    pub moment: String,
    /// Its unit.
    #[serde(default)]
    pub unit: String,
    /// The observed figure.
    pub target: f64,
    /// Its standard error.
    pub se: f64,
    /// Where it comes from.
    #[serde(default)]
    pub source: String,
    /// Simulated at the fit.
    pub simulated: f64,
    /// 95 % interval of the simulated mean.
    pub simulated_ci95: [f64; 2],
    /// Standardised gap.
    pub z: f64,
}

/// How a scenario stands to the calibration beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The file exactly as calibrate wrote it.
    AsWritten,
    /// Edited, but the team, market, behaviour and today's plan are the
    /// calibrated ones (strategies added, replications changed, comments).
    TeamUnchanged,
    /// The team, market, behaviour or today's plan changed: the fit does not
    /// describe this file.
    Edited,
}

/// A scenario's calibration: the record, how the scenario stands to it and
/// where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibrated {
    /// The record read from `calibration.json`.
    pub record: CalibrationRecord,
    /// How the scenario stands to it.
    pub standing: Standing,
    /// The calibration file's path.
    pub file: PathBuf,
}

/// The fingerprint of what a calibration fitted: `[team]`, `[market]`,
/// `[behavior]`, `[costs]`, the weeks, the uncertain parameters and the
/// levers of today's plan (`plan`, by name), as 16 hex digits. Adding
/// strategies, renaming the scenario or changing `[experiment]` keeps it;
/// `None` when the scenario has no strategy named `plan`.
pub fn team_fingerprint(scenario: &Scenario, plan: &str) -> Option<String> {
    let strategy = scenario.strategies.iter().find(|s| s.name == plan)?;
    let uncertain: BTreeMap<String, _> =
        scenario.uncertain.iter().map(|u| (format!("{}.{}", u.section.prefix(), u.key), u.distribution)).collect();
    let value = serde_json::json!({
        "weeks": scenario.meta.weeks,
        "team": scenario.team,
        "market": scenario.market,
        "behavior": scenario.behavior,
        "costs": scenario.costs,
        "uncertain": uncertain,
        "performance": strategy.performance,
        "incentives": strategy.incentives,
    });
    Some(format!("{:016x}", fnv1a(value.to_string().as_bytes())))
}

/// The calibration of the scenario file `spec` (as named on the command
/// line), read from `calibration.json` in its folder: `None` when `spec` is
/// not a file, there is no such file, it is not a team calibration, or it is
/// the calibration of another scenario (neither the hash nor the team
/// matches, and it names another file). `text` is the scenario's text as
/// read and `scenario` its parsed form.
pub fn beside(spec: &str, text: &str, scenario: &Scenario) -> Option<Calibrated> {
    let path = Path::new(spec);
    if !path.is_file() {
        return None;
    }
    let file = path.parent().unwrap_or(Path::new("")).join(CALIBRATION_FILE);
    let bytes = std::fs::read(&file).ok()?;
    let record: CalibrationRecord = serde_json::from_slice(&bytes).ok()?;
    if record.kind != KIND {
        return None;
    }
    let standing = if record.scenario_hash.as_deref() == Some(&scenario_hash(text.as_bytes())) {
        Standing::AsWritten
    } else if record.team_fingerprint.is_some()
        && record.team_fingerprint == team_fingerprint(scenario, &record.strategy)
    {
        Standing::TeamUnchanged
    } else if record.scenario_file.as_deref() == path.file_name().and_then(|n| n.to_str()) {
        Standing::Edited
    } else {
        return None;
    };
    Some(Calibrated { record, standing, file })
}

/// A number at a precision that suits its size.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    match v.abs() {
        a if a >= 1000.0 => format!("{v:.0}"),
        a if a >= 10.0 => format!("{v:.1}"),
        _ => format!("{v:.3}"),
    }
}

/// The part of a reason before its explanation: "not identified by these figures".
fn short_reason(reason: &str) -> &str {
    reason.split(':').next().unwrap_or(reason).trim()
}

impl Calibrated {
    /// Whether the fit describes the scenario.
    pub fn applies(&self) -> bool {
        self.standing != Standing::Edited
    }

    /// A figure as a sales leader names it ("voluntary attrition"); its
    /// moment id when the record has no name for it.
    fn figure_name<'b>(&'b self, id: &'b str) -> &'b str {
        self.record.figure_names.get(id).map_or(id, String::as_str)
    }

    /// A figure's table cell: its name with the moment id below, or the id
    /// alone when the record has no name for it.
    fn figure_cell(&self, id: &str) -> String {
        match self.record.figure_names.get(id) {
            Some(name) => format!("{}<br/><span class=\"ci\"><code>{}</code></span>", escape(name), escape(id)),
            None => format!("<code>{}</code>", escape(id)),
        }
    }

    /// Where the fit comes from, in words: "the team file team.toml and the
    /// CRM export crm.csv".
    fn inputs(&self) -> String {
        let r = &self.record;
        match &r.crm {
            Some(crm) => format!("the team file {} and the CRM export {crm}", r.team_file),
            None => format!("the team file {}", r.team_file),
        }
    }

    /// The note on a scenario edited since its calibration.
    pub fn edited_note(&self) -> String {
        format!(
            "{} is the calibration of an earlier version of this scenario: its team, market, behaviour or today's \
             plan (\"{}\") has been edited since, so the fit does not describe it. Run salesim calibrate again \
             to fit the edited team.",
            self.file.display(),
            self.record.strategy
        )
    }

    /// The short header `salesim run` prints above its table: the verdict,
    /// the fitted parameters with their standard errors and those left at
    /// their defaults (or the edited note).
    pub fn header_lines(&self) -> Vec<String> {
        if !self.applies() {
            return vec![format!("Note: {}", self.edited_note())];
        }
        let r = &self.record;
        let mut lines = vec![format!(
            "Your team as calibrated ({}): {}{}.",
            self.file.display(),
            r.verdict,
            if r.fit.interrupted { " (the fit was INTERRUPTED)" } else { "" }
        )];
        let fitted: Vec<String> = r
            .fit
            .parameters
            .iter()
            .map(|p| match p.se {
                Some(se) => format!("{} {} (se {})", p.key, num(p.value), num(se)),
                None => format!("{} {}", p.key, num(p.value)),
            })
            .collect();
        let mut line = format!("Fitted: {}", fitted.join(", "));
        if !r.not_fitted.is_empty() {
            let left: Vec<String> =
                r.not_fitted.iter().map(|d| format!("{} = {} ({})", d.key, d.value, short_reason(&d.reason))).collect();
            let _ = write!(line, "; left at defaults: {}", left.join(", "));
        }
        line.push('.');
        lines.push(line);
        lines
    }

    /// The report's first section: the verdict, the fit table (observed
    /// against simulated, with intervals), the fitted parameters and those
    /// left at their defaults with the reason; or, for an edited scenario,
    /// the note instead.
    pub fn html(&self) -> String {
        let r = &self.record;
        let mut h = String::from("<section id=\"calibration\">\n<h2>Is this your team? The calibration</h2>\n");
        if !self.applies() {
            let _ = write!(
                h,
                "<p class=\"warn\">Edited since calibration: {}</p>\n</section>\n",
                escape(&self.edited_note())
            );
            return h;
        }
        let _ = writeln!(
            h,
            "<p class=\"answer\">Verdict: {}.{}</p>",
            escape(&r.verdict),
            if r.fit.interrupted { " The fit was INTERRUPTED: this is the best point before the stop." } else { "" }
        );
        let since = match self.standing {
            Standing::TeamUnchanged => {
                " The file was edited since (strategies, experiment or comments); the team, market, behaviour and today's plan are as calibrated."
            }
            _ => "",
        };
        let _ = writeln!(
            h,
            "<p>salesim fitted the model of team <strong>{}</strong> to {} with today's plan <code>{}</code> as the baseline ({} evaluations x {} replications; details in <code>{}</code>).{since}</p>",
            escape(&r.team),
            escape(&self.inputs()),
            escape(&r.strategy),
            r.fit.evaluations,
            r.fit.replications,
            escape(&self.file.display().to_string())
        );
        h.push_str(
            "<div class=\"table-wrap\">\n<table>\n<thead><tr><th>figure</th><th>observed<br/><span class=\"ci\">95 % interval</span></th><th>simulated<br/><span class=\"ci\">95 % interval</span></th><th>z</th><th>within the data's uncertainty</th><th>unit</th></tr></thead>\n<tbody>\n",
        );
        for row in &r.fit.table {
            let half = Z95 * row.se;
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}<br/><span class=\"ci\">{} to {}</span></td><td>{}<br/><span class=\"ci\">{} to {}</span></td><td>{:.2}</td><td>{}</td><td>{}</td></tr>",
                self.figure_cell(&row.moment),
                num(row.target),
                num(row.target - half),
                num(row.target + half),
                num(row.simulated),
                num(row.simulated_ci95[0]),
                num(row.simulated_ci95[1]),
                row.z,
                if row.z.abs() <= Z_WITHIN { "yes" } else { "no" },
                escape(&row.unit)
            );
        }
        h.push_str("</tbody>\n</table>\n</div>\n<p class=\"meta\">Observed: the team's figure with its 95 % interval (± 1.96 standard errors). Simulated: the fitted model's mean with the 95 % interval of the simulation's noise. z = (simulated − observed) / √(se² + simulation variance); within the data's uncertainty means |z| ≤ 1.96.</p>\n");
        h.push_str(
            "<p>Fitted parameters (each carried into this scenario as an uncertain assumption, normal with the fitted value and its standard error, where it has one):</p>\n<div class=\"table-wrap\">\n<table>\n<thead><tr><th>parameter</th><th>fitted</th><th>standard error</th><th>95 % interval</th></tr></thead>\n<tbody>\n",
        );
        for p in &r.fit.parameters {
            let (se, ci) = match (p.se, p.ci95) {
                (Some(se), Some([lo, hi])) => (num(se), format!("{} to {}", num(lo), num(hi))),
                _ => ("n/a".into(), "n/a".into()),
            };
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td>{se}</td><td>{ci}</td></tr>",
                escape(&p.key),
                num(p.value)
            );
        }
        h.push_str("</tbody>\n</table>\n</div>\n");
        if r.not_fitted.is_empty() {
            h.push_str("<p>Every default free parameter was fitted.</p>\n");
        } else {
            h.push_str("<p>Left at the calibrated defaults (not fitted):</p>\n<ul>\n");
            for d in &r.not_fitted {
                let _ = writeln!(h, "<li><code>{} = {}</code>: {}</li>", escape(&d.key), d.value, escape(&d.reason));
            }
            h.push_str("</ul>\n");
        }
        h.push_str("<p class=\"meta\">Every replication below draws one plausible version of your team from the fitted parameters' uncertainty, so \"most profitable in X % of runs\" counts over plausible versions of your team as well as over luck.</p>\n</section>\n");
        h
    }

    /// The same section in Markdown, for `report.md`.
    pub fn markdown(&self) -> String {
        let r = &self.record;
        let mut md = String::from("## Is this your team? The calibration\n\n");
        if !self.applies() {
            let _ = writeln!(md, "**Edited since calibration:** {}\n", self.edited_note());
            return md;
        }
        let _ = writeln!(md, "Verdict: {}.\n", r.verdict);
        md.push_str("| figure | observed [95 %] | simulated [95 %] | z | unit |\n|---|---|---|---|---|\n");
        for row in &r.fit.table {
            let half = Z95 * row.se;
            let _ = writeln!(
                md,
                "| {} | {} [{}, {}] | {} [{}, {}] | {:.2} | {} |",
                self.figure_name(&row.moment),
                num(row.target),
                num(row.target - half),
                num(row.target + half),
                num(row.simulated),
                num(row.simulated_ci95[0]),
                num(row.simulated_ci95[1]),
                row.z,
                row.unit.replace('|', "\\|")
            );
        }
        md.push('\n');
        for line in self.header_lines().iter().skip(1) {
            let _ = writeln!(md, "{}\n", line.replace('_', "\\_"));
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_strategy_keeps_the_team_fingerprint_and_editing_the_team_changes_it() {
        let base = "[team]\nsize = 20\n[[strategy]]\nname = \"today\"\n";
        let a = Scenario::from_toml_str(base).unwrap();
        let more = Scenario::from_toml_str(&format!("{base}[[strategy]]\nname = \"other\"\n")).unwrap();
        let edited = Scenario::from_toml_str(&base.replace("size = 20", "size = 21")).unwrap();
        let f = team_fingerprint(&a, "today").unwrap();
        assert_eq!(team_fingerprint(&more, "today").unwrap(), f);
        assert_ne!(team_fingerprint(&edited, "today").unwrap(), f);
        assert_eq!(team_fingerprint(&a, "missing"), None);
    }

    #[test]
    fn a_reason_is_shortened_to_its_lead() {
        assert_eq!(
            short_reason("not identified by these figures: its standard error"),
            "not identified by these figures"
        );
    }
}
