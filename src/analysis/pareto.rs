//! Trade-offs and constraints: the Pareto front of profit lift against
//! attrition (and of revenue lift against burnout), the best candidate that
//! meets `--max-attrition` / `--max-burnout`, and a plain-language
//! recommendation with the numbers and intervals behind it. Candidates are
//! strategies of a scenario or points of a sweep; judgements use means, and the
//! text says when an interval reaches past a limit.

use crate::sim::Metric;
use serde::{Deserialize, Serialize};

use crate::config::text::clip;
use crate::experiment::stats::Estimate;
use crate::experiment::summary::StrategySummary;

pub use crate::experiment::limits::Limits;

/// Something to choose among.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// How to name it in text: a strategy name or a point with its lever values.
    pub label: String,
    /// Its results.
    pub summary: StrategySummary,
}

/// The result of the trade-off analysis (indices into the candidates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeOffs {
    /// Non-dominated on (higher profit lift, lower attrition), by attrition.
    pub profit_attrition_front: Vec<usize>,
    /// Non-dominated on (higher revenue lift, lower burnout), by burnout.
    pub revenue_burnout_front: Vec<usize>,
    /// Whether each candidate meets the limits.
    pub feasible: Vec<bool>,
    /// The most profitable candidate within the limits.
    pub best: Option<usize>,
    /// The most profitable candidate ignoring the limits.
    pub best_unconstrained: Option<usize>,
    /// The limits applied.
    pub limits: Limits,
}

/// Indices of the points not dominated when `gain` is maximised and `cost`
/// minimised, sorted by cost. A point is dominated when another is at least as
/// good on both and strictly better on one; exact duplicates all stay.
pub fn front(gain: &[f64], cost: &[f64]) -> Vec<usize> {
    let n = gain.len();
    let mut out: Vec<usize> = (0..n)
        .filter(|&i| {
            !(0..n)
                .any(|j| j != i && gain[j] >= gain[i] && cost[j] <= cost[i] && (gain[j] > gain[i] || cost[j] < cost[i]))
        })
        .collect();
    out.sort_by(|&a, &b| cost[a].total_cmp(&cost[b]).then(a.cmp(&b)));
    out
}

/// Fronts, feasibility and the best feasible candidate by profit lift.
pub fn analyse(cands: &[Candidate], limits: Limits) -> TradeOffs {
    let get = |f: fn(&StrategySummary) -> f64| cands.iter().map(|c| f(&c.summary)).collect::<Vec<f64>>();
    let profit = get(|s| s.profit_lift_pct.mean);
    let feasible: Vec<bool> = cands.iter().map(|c| limits.meets(&c.summary)).collect();
    let argmax = |ok: &dyn Fn(usize) -> bool| {
        (0..cands.len()).filter(|&i| ok(i)).max_by(|&a, &b| profit[a].total_cmp(&profit[b]).then(b.cmp(&a)))
    };
    TradeOffs {
        profit_attrition_front: front(&profit, &get(|s| s[Metric::AttritionPct].mean)),
        revenue_burnout_front: front(&get(|s| s.lift_pct.mean), &get(|s| s[Metric::BurnoutPct].mean)),
        best: argmax(&|i| feasible[i]),
        best_unconstrained: argmax(&|_| true),
        feasible,
        limits,
    }
}

/// `+36.9 % (95 % CI +35.9 to +37.8)`.
pub fn signed(e: &Estimate) -> String {
    match e.ci95 {
        [Some(lo), Some(hi)] => format!("{:+.1} % (95 % CI {lo:+.1} to {hi:+.1})", e.mean),
        _ => format!("{:+.1} %", e.mean),
    }
}

/// `19.4 %/yr (95 % CI 18.4 to 20.3)`.
pub fn plain(e: &Estimate, unit: &str) -> String {
    match e.ci95 {
        [Some(lo), Some(hi)] => format!("{:.1} {unit} (95 % CI {lo:.1} to {hi:.1})", e.mean),
        _ => format!("{:.1} {unit}", e.mean),
    }
}

/// One line with a candidate's headline numbers.
pub fn headline(c: &Candidate, baseline: &str) -> String {
    let s = &c.summary;
    format!(
        "profit {} vs {baseline}, revenue {}, attrition {}, burnout {}",
        signed(&s.profit_lift_pct),
        signed(&s.lift_pct),
        plain(&s[Metric::AttritionPct], "%/yr"),
        plain(&s[Metric::BurnoutPct], "% of rep-weeks")
    )
}

/// Most characters of a candidate's label in the listed fronts.
const FRONT_LABEL_CHARS: usize = 100;

/// Most characters of a candidate's label in the recommendation's sentences.
const LABEL_CHARS: usize = 400;

/// The recommendation in plain language, with the fronts listed underneath.
pub fn recommendation(cands: &[Candidate], t: &TradeOffs, baseline: &str) -> String {
    let mut out = String::new();
    let n_ok = t.feasible.iter().filter(|&&f| f).count();
    match (t.best, t.limits.any()) {
        (Some(b), true) => {
            let c = &cands[b];
            out.push_str(&format!(
                "Recommendation ({}): {}\n  {}.\n  {n_ok} of {} candidates meet the limits.",
                t.limits.describe(),
                clip(&c.label, LABEL_CHARS),
                headline(c, baseline),
                cands.len()
            ));
            if !t.limits.surely_meets(&c.summary) {
                out.push_str(" Caution: its 95 % interval reaches past a limit, so it may not meet it in practice.");
            }
            if let Some(u) = t.best_unconstrained.filter(|&u| u != b) {
                let s = &cands[u].summary;
                out.push_str(&format!(
                    "\n  Without the limits the most profitable is {} (profit {}, attrition {:.1} %/yr, burnout {:.1} %): \
                     the limits cost {:.1} points of profit lift.",
                    clip(&cands[u].label, LABEL_CHARS),
                    signed(&s.profit_lift_pct),
                    s[Metric::AttritionPct].mean,
                    s[Metric::BurnoutPct].mean,
                    s.profit_lift_pct.mean - c.summary.profit_lift_pct.mean
                ));
            } else {
                out.push_str(" It is also the most profitable candidate overall.");
            }
        }
        (None, true) => {
            let lowest = (0..cands.len()).min_by(|&a, &b| {
                cands[a].summary[Metric::AttritionPct].mean.total_cmp(&cands[b].summary[Metric::AttritionPct].mean)
            });
            out.push_str(&format!("No candidate meets the limits ({}).", t.limits.describe()));
            if let Some(l) = lowest {
                out.push_str(&format!(
                    " The lowest attrition is {}: {:.1} %/yr with burnout {:.1} %. Relax the limits or widen the search.",
                    clip(&cands[l].label, LABEL_CHARS), cands[l].summary[Metric::AttritionPct].mean, cands[l].summary[Metric::BurnoutPct].mean
                ));
            }
        }
        (best, false) => {
            if let Some(b) = best {
                out.push_str(&format!(
                    "Most profitable: {}\n  {}.\n  Give --max-attrition PCT or --max-burnout PCT to choose under limits.",
                    clip(&cands[b].label, LABEL_CHARS),
                    headline(&cands[b], baseline)
                ));
            }
        }
    }
    // Labels of a sweep.json may come from anywhere: cut them for the table.
    let short = |i: usize| clip(&cands[i].label, FRONT_LABEL_CHARS);
    let width = (0..cands.len()).map(|i| short(i).chars().count()).max().unwrap_or(0);
    out.push_str(
        "\n\nPareto front, profit lift against attrition (no other candidate has more profit and less attrition):\n",
    );
    for &i in &t.profit_attrition_front {
        let s = &cands[i].summary;
        out.push_str(&format!(
            "  {:<width$}  profit {:+6.1} %  attrition {:5.1} %/yr{}\n",
            short(i),
            s.profit_lift_pct.mean,
            s[Metric::AttritionPct].mean,
            if t.feasible[i] { "" } else { "  (over the limits)" }
        ));
    }
    out.push_str("Pareto front, revenue lift against burnout:\n");
    for &i in &t.revenue_burnout_front {
        let s = &cands[i].summary;
        out.push_str(&format!(
            "  {:<width$}  revenue {:+6.1} %  burnout {:5.2} % of rep-weeks\n",
            short(i),
            s.lift_pct.mean,
            s[Metric::BurnoutPct].mean
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominated_points_leave_the_front() {
        // (gain, cost): b dominates c; a and b trade off; d ties a exactly.
        let gain = [1.0, 3.0, 2.0, 1.0];
        let cost = [1.0, 2.0, 3.0, 1.0];
        assert_eq!(front(&gain, &cost), vec![0, 3, 1]);
    }
}
