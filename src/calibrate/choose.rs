//! Which parameters a team's data can identify. Start from the documented
//! default list ([`DEFAULT_FREE`]: each parameter with its bounds and the
//! moments that move it), keep those whose moments are targeted, then
//! check identifiability at the start values (a finite-difference Jacobian
//! of the targeted moments, [`super::inference::infer`]) and drop the
//! parameters it flags, one at a time, the least identified first. Every
//! dropped parameter stays at its calibrated default, with the reason.

use serde::Serialize;

use super::inference::infer;
use super::moments::Moment;
use super::objective::Problem;
use super::targets::Parameter;
use crate::config::Scenario;
use crate::config::lever::Lever;
use crate::experiment::executor::Executor;

/// How a default free parameter's bounds are set.
#[derive(Debug, Clone, Copy)]
pub enum Bounds {
    /// Fixed bounds.
    Fixed(f64, f64),
    /// Between the start value divided and multiplied by this factor.
    AroundStart(f64),
}

/// One parameter of the default list.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// The scenario key.
    pub key: &'static str,
    /// Its bounds.
    pub bounds: Bounds,
    /// The moments that identify it (it is kept only if one is targeted).
    pub moments: &'static [Moment],
}

/// The default free parameters of a team calibration:
///
/// | key | bounds | identified by |
/// |---|---|---|
/// | `behavior.quit_rate` | 0.02 to 0.8 | voluntary attrition |
/// | `market.deals_per_week` | start / 3 to start x 3 | revenue per rep |
/// | `team.skill_sd` | 0.05 to 1.2 | share at quota, spread of revenue |
/// | `behavior.pull_forward` | 0 to 5 | last-two-weeks share |
pub const DEFAULT_FREE: [Candidate; 4] = [
    Candidate {
        key: "behavior.quit_rate",
        bounds: Bounds::Fixed(0.02, 0.8),
        moments: &[Moment::VoluntaryAttritionPct],
    },
    Candidate { key: "market.deals_per_week", bounds: Bounds::AroundStart(3.0), moments: &[Moment::RevenuePerRepYear] },
    Candidate {
        key: "team.skill_sd",
        bounds: Bounds::Fixed(0.05, 1.2),
        moments: &[Moment::QuotaAttainmentPct, Moment::RevenueCv],
    },
    Candidate {
        key: "behavior.pull_forward",
        bounds: Bounds::Fixed(0.0, 5.0),
        moments: &[Moment::LastTwoWeeksSharePct],
    },
];

/// Finite-difference step of the pre-check, as a share of each bound width.
pub const STEP: f64 = 0.1;

/// A parameter left at its default, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    /// The scenario key.
    pub key: String,
    /// The value it keeps.
    pub value: f64,
    /// Why it is not fitted.
    pub reason: String,
}

/// The default parameters whose moments are among `moments`, with bounds
/// around the base scenario's values; the others dropped with the reason.
pub fn candidates(scenario: &Scenario, strategy: usize, moments: &[Moment]) -> (Vec<Parameter>, Vec<Dropped>) {
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for c in DEFAULT_FREE {
        let Ok(lever) = Lever::parse(c.key) else { continue };
        let value = lever.get(scenario, strategy).unwrap_or(0.0);
        if !c.moments.iter().any(|m| moments.contains(m)) {
            let ids: Vec<&str> = c.moments.iter().map(|m| m.info().id).collect();
            dropped.push(Dropped {
                key: c.key.into(),
                value,
                reason: format!("no figure measures it (it needs {})", ids.join(" or ")),
            });
            continue;
        }
        let (lower, upper) = match c.bounds {
            Bounds::Fixed(lo, hi) => (lo, hi),
            Bounds::AroundStart(f) => (value / f, value * f),
        };
        let (lower, upper) = (lower.max(lever.spec.min), upper.min(lever.spec.max));
        kept.push(Parameter { lever, lower, upper, start: None });
    }
    (kept, dropped)
}

/// Standard errors of targets measured on ONE team history (a CRM export):
/// at least the spread of each moment across simulated histories at the
/// start values. The bootstrap over reps ([`super::bootstrap`]) treats reps
/// as independent, but reps of one history share the market's shocks, their
/// managers, quit contagion and the plan's ratchet, so a team-level moment
/// varies more from history to history than the resampling of reps shows;
/// the model's own spread across histories measures that. Targets marked
/// `from_history` take `max(bootstrap se, simulated sd)`; `None` when
/// cancelled.
pub fn single_history_se(problem: &mut Problem, from_history: &[bool], executor: &Executor) -> Option<()> {
    let start = problem.base_values();
    let sim = problem.simulate(&start, executor).ok()??;
    for (i, t) in problem.targets.iter_mut().enumerate() {
        let sd = sim.variance[i].sqrt();
        if from_history.get(i).copied().unwrap_or(false) && sd.is_finite() && sd > t.se {
            t.se = sd;
        }
    }
    Some(())
}

/// Drops the parameters that the targets cannot identify at the start
/// values (see the module documentation); `None` when cancelled. Costs
/// `2p` evaluations per round.
pub fn identifiable(problem: &mut Problem, executor: &Executor) -> Option<Vec<Dropped>> {
    let mut dropped = Vec::new();
    while !problem.parameters.is_empty() {
        let start = problem.base_values();
        let base = problem.simulate(&start, executor).ok()??;
        let gap: Vec<f64> = (0..problem.targets.len()).map(|i| problem.gap_variance(&base, i)).collect();
        let p = problem.parameters.len();
        let mut g = vec![vec![0.0; p]; problem.targets.len()];
        for j in 0..p {
            let w = problem.parameters[j].width();
            let (mut up, mut down) = (start.clone(), start.clone());
            up[j] = (start[j] + STEP * w).min(problem.parameters[j].upper);
            down[j] = (start[j] - STEP * w).max(problem.parameters[j].lower);
            let hi = problem.simulate(&up, executor).ok()??;
            let lo = problem.simulate(&down, executor).ok()??;
            for (i, row) in g.iter_mut().enumerate() {
                let d = (hi.mean[i] - lo.mean[i]) / (up[j] - down[j]);
                row[j] = if d.is_finite() { d } else { 0.0 };
            }
        }
        let names: Vec<String> = problem.parameters.iter().map(|p| p.key().to_string()).collect();
        let widths: Vec<f64> = problem.parameters.iter().map(|p| p.width()).collect();
        let inf = infer(&g, &gap, &names, &widths);
        let Some(worst) =
            (0..p).filter(|&j| inf.identifiability.not_identified.contains(&names[j])).max_by(|&a, &b| {
                let s = |j: usize| inf.se[j].map_or(f64::INFINITY, |s| s / widths[j]);
                s(a).total_cmp(&s(b))
            })
        else {
            break;
        };
        let why = match inf.se[worst] {
            Some(se) => format!(
                "not identified by these figures: its standard error at the start ({se:.3}) is more than half \
                 its bound width ({:.3})",
                widths[worst]
            ),
            None => {
                "not identified by these figures: the targeted moments do not move with it (a flat direction)".into()
            }
        };
        let removed = problem.parameters.remove(worst);
        dropped.push(Dropped { key: removed.key().to_string(), value: start[worst], reason: why });
    }
    Some(dropped)
}
