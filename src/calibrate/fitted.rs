//! The fitted team as a scenario file that `salesim run` accepts: the base
//! scenario with the fitted values, today's plan as the baseline (and only)
//! strategy, and each fitted parameter with a standard error (`[team]`,
//! `[market]` and `[behavior]` keys alike) written as an uncertain
//! assumption, `key = { normal = [value, se] }`, so that a run draws one
//! plausible version of the team per replication and says in what share of
//! them each strategy is best (`docs/analysis.md`, "Robustness"). A fitted
//! parameter without a standard error (an interrupted fit, a flat direction)
//! is written at its fitted value, and the header names it.

use std::fmt::Write;

use super::export::round_significant;
use super::fit::Fit;
use crate::config::Scenario;
use crate::config::lever::Lever;

/// The scenario file text: `header` (comment lines, without `#`) first, then
/// the tables, then a commented template for the user's own strategies.
pub fn scenario_toml(fitted: &Scenario, fit: &Fit, header: &[String]) -> Result<String, String> {
    let mut raw = fitted.to_raw();
    raw.sweep.clear();
    raw.strategy.truncate(1);
    raw.scenario.baseline = None;
    let doc = toml::Table::try_from(&raw).map_err(|e| e.to_string())?;
    let mut fixed = Vec::new();
    let mut body = String::new();
    for section in ["scenario", "experiment", "team", "market", "behavior", "costs"] {
        let Some(toml::Value::Table(t)) = doc.get(section) else { continue };
        let _ = writeln!(body, "[{section}]");
        for (key, value) in t {
            let path = format!("{section}.{key}");
            match fit.parameters.iter().find(|p| p.key == path) {
                Some(p) => {
                    let v = round_significant(p.value);
                    // Whole-number keys cannot be distributions (`config::uncertain`).
                    let integer = Lever::parse(&path).is_ok_and(|l| l.spec.integer);
                    match p.se {
                        Some(se) if se > 0.0 && se.is_finite() && !integer => {
                            let _ =
                                writeln!(body, "{key} = {{ normal = [{v:?}, {:?}] }}  # fitted", round_significant(se));
                        }
                        _ => {
                            let _ = writeln!(body, "{key} = {v:?}  # fitted");
                            fixed.push(path);
                        }
                    }
                }
                None => {
                    let _ = writeln!(body, "{key} = {value}");
                }
            }
        }
        body.push('\n');
    }
    #[derive(serde::Serialize)]
    struct Strategies<'a> {
        strategy: &'a [crate::config::Strategy],
    }
    body.push_str("# Today's plan (the baseline).\n");
    body.push_str(&toml::to_string(&Strategies { strategy: &raw.strategy }).map_err(|e| e.to_string())?);
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    if !fixed.is_empty() {
        let _ =
            writeln!(out, "# Fitted at one value (no standard error, or a whole-number key): {}.", fixed.join(", "));
    }
    let _ = writeln!(out);
    out.push_str(&body);
    out.push_str(
        "\n# Your own strategies: copy the [[strategy]] above, rename it and change its levers\n\
         # (docs/scenarios.md lists them), e.g.\n\
         #\n\
         # [[strategy]]\n\
         # name = \"more_variable\"\n\
         # description = \"today's plan with a 50/50 pay mix\"\n\
         # [strategy.incentives]\n\
         # base_salary_share = 0.5\n\
         # commission_rate = 0.08\n",
    );
    Ok(out)
}
