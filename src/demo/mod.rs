//! Classroom demos: five small built-in experiments, each a stylized fact of the
//! sales-management literature that runs in seconds and comes with a chart and
//! a short explanation of what the class is seeing and which research it
//! reflects. The experiments reuse the laboratory of the validation battery
//! (`validate::facts`): a flat market, so that what moves is the policy.
//!
//! - [`Demo::Fatigue`]: the same bonus, repeated, loses its pull over a year;
//!   rotating incentives keep more of it (hedonic adaptation).
//! - [`Demo::Pressure`]: revenue rises then falls as pressure grows, while
//!   burnout and quits climb (inverted U; challenge versus hindrance stress).
//! - [`Demo::Crowding`]: intrinsic motivation under heavy contingent pay and
//!   monitoring versus recognition and growth (crowding-out).
//! - [`Demo::Contest`]: effort of the leader, contenders and those far behind
//!   during a winner-take-all contest.
//! - [`Demo::Turnover`]: how quits, vacancies and ramp-up eat revenue.

pub mod experiments;

use crate::config::ConfigError;
use crate::config::lever::Lever;
use crate::report::charts::AnyChart;
use crate::report::charts::series::SeriesChart;

/// A classroom demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// Incentive fatigue: a constant bonus against a rotating one.
    Fatigue,
    /// The inverted U of pressure.
    Pressure,
    /// Crowding-out of intrinsic motivation.
    Crowding,
    /// A winner-take-all contest.
    Contest,
    /// The cost of turnover.
    Turnover,
}

impl Demo {
    /// Every demo, in the order of the lesson plan (`docs/teaching.md`).
    pub const ALL: [Demo; 5] = [Demo::Fatigue, Demo::Pressure, Demo::Crowding, Demo::Contest, Demo::Turnover];

    /// The demo's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Demo::Fatigue => "fatigue",
            Demo::Pressure => "pressure",
            Demo::Crowding => "crowding",
            Demo::Contest => "contest",
            Demo::Turnover => "turnover",
        }
    }

    /// Replications run by default: enough for clear intervals, few enough to
    /// finish in a few seconds on two cores.
    pub fn default_replications(self) -> u64 {
        match self {
            Demo::Fatigue => 300,
            Demo::Pressure => 150,
            Demo::Crowding => 150,
            Demo::Contest => 100,
            Demo::Turnover => 200,
        }
    }
}

/// How to run a demo.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Replications.
    pub replications: u64,
    /// Master seed. (Demos are small and run on all cores.)
    pub seed: u64,
    /// Levers set from the command line (`--set KEY=VALUE`): each fills the
    /// key wherever the demo leaves it open (what the demo varies stays the
    /// demo's).
    pub settings: Vec<(Lever, f64)>,
}

/// What a demo produces.
#[derive(Debug, Clone)]
pub struct DemoOutput {
    /// The chart to show.
    pub chart: AnyChart,
    /// The weekly series behind it, for an animation built week by week.
    pub series: SeriesChart,
    /// What the class is seeing, with the numbers of this run and the research
    /// it reflects.
    pub explanation: String,
}

/// Runs a demo.
pub fn run(demo: Demo, opts: &DemoOptions) -> Result<DemoOutput, ConfigError> {
    let mut out = match demo {
        Demo::Fatigue => experiments::fatigue(opts),
        Demo::Pressure => experiments::pressure(opts),
        Demo::Crowding => experiments::crowding(opts),
        Demo::Contest => experiments::contest(opts),
        Demo::Turnover => experiments::turnover(opts),
    }?;
    if !opts.settings.is_empty() {
        let settings: Vec<String> = opts.settings.iter().map(|(l, v)| format!("{} = {v}", l.key)).collect();
        out.explanation.push_str(&format!(
            "\n\nSet from the command line, wherever the demo leaves them open: {}.",
            settings.join(", ")
        ));
    }
    Ok(out)
}
