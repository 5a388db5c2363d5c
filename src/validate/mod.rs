//! The validation battery: small built-in experiments, each comparing two or more
//! policies on common random numbers, that check the model against published
//! research. Every fact carries a [`Group`]: a calibration target (in sample:
//! its value was used to set the defaults), a validation fact (out of sample,
//! judged against a published figure and band, or in direction only where the
//! literature gives only a sign), or a model property (it restates a coded
//! assumption or the project's own thesis, so it is not evidence). Each fact
//! can also report the share of perturbed worlds in which it holds
//! ([`perturb`]). `salesim validate` prints the table; the tests in
//! `tests/stylized_facts.rs` assert the same facts. See `docs/validation.md`.

pub mod arms;
pub mod departure;
pub mod facts;
pub mod perturb;

use serde::Serialize;

use crate::experiment::executor::Executor;
use crate::experiment::moments::Moments;
use crate::experiment::stats::{Estimate, estimate};

/// Where a fact stands as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// In sample: the figure was used to set defaults, so matching it is fit,
    /// not validation.
    CalibrationTarget,
    /// Out of sample: never used to set a default.
    ValidationFact,
    /// Restates a coded assumption or the project's own thesis: a check that
    /// the code does what it says, not evidence about people.
    ModelProperty,
}

impl Group {
    /// Every group, in the order of the table.
    pub const ALL: [Group; 3] = [Group::CalibrationTarget, Group::ValidationFact, Group::ModelProperty];

    /// Heading of the group in the table.
    pub fn heading(self) -> &'static str {
        match self {
            Group::CalibrationTarget => "Calibration targets (in sample: their values were used to set the defaults)",
            Group::ValidationFact => "Validation facts (out of sample: never used to set a default)",
            Group::ModelProperty => {
                "Model properties (not evidence: they restate a coded assumption or our own thesis)"
            }
        }
    }

    /// Short label (`calibration target`, `validation fact`, `model property`).
    pub fn label(self) -> &'static str {
        match self {
            Group::CalibrationTarget => "calibration target",
            Group::ValidationFact => "validation fact",
            Group::ModelProperty => "model property",
        }
    }
}

/// What a check (or a fact) achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The sign holds and the mean lies in the published band (or, for a
    /// calibration target, in its target band).
    Magnitude,
    /// The sign holds on the 95 % interval; there is no band, or the mean
    /// misses it.
    Direction,
    /// The sign does not hold (or a target band is missed).
    Fails,
}

impl Verdict {
    /// The verdict in words.
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Magnitude => "holds in magnitude",
            Verdict::Direction => "holds in direction only",
            Verdict::Fails => "fails",
        }
    }
}

/// How a check judges its estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Direction only: the whole 95 % interval lies above zero.
    Positive,
    /// Direction only: the whole 95 % interval lies below zero.
    Negative,
    /// A level: the mean lies within the band (calibration targets).
    Within(f64, f64),
    /// A signed effect with a published magnitude: the 95 % interval lies on
    /// the band's side of zero (direction) and the mean within the band
    /// (magnitude). `lo` and `hi` must share a sign.
    Band(f64, f64),
}

impl Expect {
    fn describe(&self) -> String {
        match self {
            Expect::Positive => "> 0 (95% CI)".into(),
            Expect::Negative => "< 0 (95% CI)".into(),
            Expect::Within(lo, hi) => format!("{lo} to {hi}"),
            Expect::Band(lo, hi) => format!("{lo} to {hi}, sign on 95% CI"),
        }
    }

    fn verdict(&self, e: &Estimate) -> Verdict {
        let within = |lo: f64, hi: f64| e.mean >= lo && e.mean <= hi;
        let sign = |positive: bool| if positive { e.clearly_positive() } else { e.clearly_negative() };
        match *self {
            Expect::Positive => [Verdict::Fails, Verdict::Direction][usize::from(sign(true))],
            Expect::Negative => [Verdict::Fails, Verdict::Direction][usize::from(sign(false))],
            Expect::Within(lo, hi) => [Verdict::Fails, Verdict::Magnitude][usize::from(within(lo, hi))],
            Expect::Band(lo, hi) => match (sign(hi > 0.0), within(lo, hi)) {
                (false, _) => Verdict::Fails,
                (true, false) => Verdict::Direction,
                (true, true) => Verdict::Magnitude,
            },
        }
    }

    /// Whether a published magnitude stands behind the check.
    fn has_magnitude(&self) -> bool {
        matches!(self, Expect::Within(..) | Expect::Band(..))
    }
}

/// One measured claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What is measured, in words with its unit.
    pub claim: String,
    /// What the literature leads us to expect.
    pub expected: String,
    /// `magnitude` when a published band stands behind the check,
    /// `direction only` when the literature gives only a sign.
    pub basis: &'static str,
    /// The measured value with its interval.
    pub measured: Estimate,
    /// What the check achieved.
    pub verdict: Verdict,
    /// Whether the expectation holds at least in direction (a target band:
    /// within it).
    pub pass: bool,
}

impl Check {
    /// Judges the values behind `m` against `expect`.
    pub fn new(claim: impl Into<String>, m: &Moments, expect: Expect) -> Self {
        let measured = estimate(m);
        let verdict = expect.verdict(&measured);
        Check {
            claim: claim.into(),
            expected: expect.describe(),
            basis: if expect.has_magnitude() { "magnitude" } else { "direction only" },
            pass: verdict != Verdict::Fails,
            verdict,
            measured,
        }
    }
}

/// In how many perturbed worlds a fact held ([`perturb`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Share {
    /// Worlds run.
    pub worlds: usize,
    /// Worlds in which the fact held at least in direction (a calibration
    /// target: within its band).
    pub holds: usize,
    /// Worlds in which it held in magnitude.
    pub in_magnitude: usize,
}

/// One fact: a group of checks and the research behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactResult {
    /// Short identifier (`inverted_u`, `incentive_fatigue`, ...).
    pub id: &'static str,
    /// Calibration target, validation fact or model property.
    pub group: Group,
    /// The fact in one sentence.
    pub fact: &'static str,
    /// Where the expectation comes from.
    pub source: &'static str,
    /// The published figure and the band built from it, or `direction only`
    /// with the reason, or why the fact is a model property.
    pub figure: &'static str,
    /// The measured checks.
    pub checks: Vec<Check>,
    /// The share of perturbed worlds in which the fact held (absent when
    /// the battery ran without perturbation).
    pub perturbed: Option<Share>,
}

impl FactResult {
    /// Whether every check holds at least in direction.
    pub fn pass(&self) -> bool {
        self.checks.iter().all(|c| c.pass)
    }

    /// The fact's verdict: the weakest of its checks' (a fact whose checks
    /// are all direction-only holds at best in direction).
    pub fn verdict(&self) -> Verdict {
        self.checks.iter().map(|c| c.verdict).max().unwrap_or(Verdict::Fails)
    }
}

/// Counts of a battery's results, per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Facts in the group.
    pub facts: usize,
    /// Of which hold in magnitude (calibration targets: within band).
    pub magnitude: usize,
    /// Of which hold at least in direction.
    pub direction: usize,
}

/// Counts the facts of `group`.
pub fn tally(facts: &[FactResult], group: Group) -> Tally {
    let of: Vec<&FactResult> = facts.iter().filter(|f| f.group == group).collect();
    Tally {
        facts: of.len(),
        magnitude: of.iter().filter(|f| f.verdict() == Verdict::Magnitude).count(),
        direction: of.iter().filter(|f| f.verdict() != Verdict::Fails).count(),
    }
}

/// The one-line summary: each group counted separately.
pub fn summary_line(facts: &[FactResult]) -> String {
    let c = tally(facts, Group::CalibrationTarget);
    let v = tally(facts, Group::ValidationFact);
    let m = tally(facts, Group::ModelProperty);
    format!(
        "calibration targets: {} of {} within band; validation facts: {} of {} hold in magnitude, {} of {} in direction; model properties (not evidence): {} of {} hold.",
        c.magnitude, c.facts, v.magnitude, v.facts, v.direction, v.facts, m.direction, m.facts
    )
}

/// The default master seed of the battery.
pub const DEFAULT_SEED: u64 = 20_260_101;

/// How to run the battery.
#[derive(Debug, Clone)]
pub struct ValidationOptions {
    /// Replications per experiment.
    pub replications: u64,
    /// The executor the experiments run on: its master seed and worker pool
    /// (a pool that cannot be started is an error when the executor is built,
    /// never during the battery).
    pub executor: Executor,
    /// A `[behavior]` table replacing the default calibration.
    pub behavior: Option<toml::Table>,
}

impl Default for ValidationOptions {
    fn default() -> Self {
        ValidationOptions { replications: 200, executor: Executor::new(DEFAULT_SEED), behavior: None }
    }
}

/// Runs the whole battery once, without perturbation.
pub fn run_battery(opts: &ValidationOptions) -> Result<Vec<FactResult>, crate::config::ConfigError> {
    facts::ALL.iter().map(|(_, f)| f(opts)).collect()
}

/// Runs the battery and then, for each perturbed world of `perturbation`,
/// the battery again at the perturbation's replications, recording in each
/// fact the share of worlds in which it held. `tick` is called after every
/// fact run (for a progress bar: [`facts::ALL`]`.len() · (1 + worlds)` in all).
pub fn run_validation(
    opts: &ValidationOptions,
    perturbation: &perturb::Perturbation,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<FactResult>, crate::config::ConfigError> {
    let mut results = Vec::with_capacity(facts::ALL.len());
    for (_, f) in facts::ALL {
        results.push(f(opts)?);
        tick();
    }
    if perturbation.worlds == 0 {
        return Ok(results);
    }
    let mut shares = vec![Share { worlds: perturbation.worlds, ..Share::default() }; results.len()];
    for world in 0..perturbation.worlds {
        let world_opts = ValidationOptions {
            replications: perturbation.replications,
            executor: opts.executor.clone(),
            behavior: Some(perturbation.behavior(opts.behavior.as_ref(), opts.executor.seed(), world)),
        };
        for (share, (_, f)) in shares.iter_mut().zip(facts::ALL) {
            let r = f(&world_opts)?;
            share.holds += usize::from(r.pass());
            share.in_magnitude += usize::from(r.verdict() == Verdict::Magnitude);
            tick();
        }
    }
    for (r, s) in results.iter_mut().zip(shares) {
        r.perturbed = Some(s);
    }
    Ok(results)
}
