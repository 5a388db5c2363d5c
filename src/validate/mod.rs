//! The validation battery: small built-in experiments, each comparing two or more
//! policies, that check the stylized facts of MODEL.md section 6 against the
//! research they come from. `salesim validate` prints the table; the tests in
//! `tests/stylized_facts.rs` assert the same facts. See `docs/validation.md`.

pub mod arms;
pub mod departure;
pub mod facts;

use serde::Serialize;

use crate::experiment::executor::Executor;
use crate::experiment::moments::Moments;
use crate::experiment::stats::{Estimate, estimate};

/// How a check judges its estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// The whole 95 % interval lies above zero.
    Positive,
    /// The whole 95 % interval lies below zero.
    Negative,
    /// The mean lies within the band.
    Within(f64, f64),
}

impl Expect {
    fn describe(&self) -> String {
        match self {
            Expect::Positive => "> 0 (95% CI)".into(),
            Expect::Negative => "< 0 (95% CI)".into(),
            Expect::Within(lo, hi) => format!("{lo} to {hi}"),
        }
    }

    fn holds(&self, e: &Estimate) -> bool {
        match self {
            Expect::Positive => e.clearly_positive(),
            Expect::Negative => e.clearly_negative(),
            Expect::Within(lo, hi) => e.mean >= *lo && e.mean <= *hi,
        }
    }
}

/// One measured claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What is measured, in words with its unit.
    pub claim: String,
    /// What the literature leads us to expect.
    pub expected: String,
    /// The measured value with its interval.
    pub measured: Estimate,
    /// Whether the expectation holds.
    pub pass: bool,
}

impl Check {
    /// Judges the values behind `m` against `expect`.
    pub fn new(claim: impl Into<String>, m: &Moments, expect: Expect) -> Self {
        let measured = estimate(m);
        Check { claim: claim.into(), expected: expect.describe(), pass: expect.holds(&measured), measured }
    }
}

/// One stylized fact: a group of checks and the research behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactResult {
    /// Short identifier (`inverted_u`, `incentive_fatigue`, ...).
    pub id: &'static str,
    /// The fact in one sentence.
    pub fact: &'static str,
    /// Where the expectation comes from.
    pub source: &'static str,
    /// The measured checks.
    pub checks: Vec<Check>,
}

impl FactResult {
    /// Whether every check passes.
    pub fn pass(&self) -> bool {
        self.checks.iter().all(|c| c.pass)
    }
}

/// Settings of a validation run.
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

/// Runs the whole battery.
pub fn run_battery(opts: &ValidationOptions) -> Result<Vec<FactResult>, crate::config::ConfigError> {
    facts::ALL.iter().map(|f| f(opts)).collect()
}
