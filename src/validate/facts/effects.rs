//! Published effect sizes used as calibration targets
//! (`docs/calibration/defaults.toml`): the revenue lost to timing games under
//! a steep accelerator, the lift of symbolic recognition and the null effect
//! of well-being programmes at ordinary workloads. Each is measured by a
//! small experiment on common random numbers in the validation lab; the
//! calibration of the defaults fits behavioural parameters to them, so here
//! they are in sample and say only that the fit holds.

use super::{lab, lift};
use crate::config::ConfigError;
use crate::sim::NoObserver;
use crate::validate::arms::{Arm, all_strategies, paired};
use crate::validate::{Check, Expect, FactResult, Group, ValidationOptions};

/// Revenue lost to timing games at Larkin's (2014) vendor, % of revenue.
pub const LARKIN_TIMING_LOSS: (f64, f64) = (6.0, 8.0);

/// Lift of symbolic recognition in field experiments, % of output: Bradler
/// et al. (2016) about 6, Kosfeld & Neckermann (2011) about 12.
pub const SYMBOLIC_AWARD_LIFT: (f64, f64) = (6.0, 12.0);

/// Revenue effect of a well-being programme at ordinary workloads beyond
/// which a randomised trial of the size of Song & Baicker (2019) would have
/// seen it, % (an assumption: the trials report no significant effect).
pub const WELLNESS_NULL_BAND: f64 = 1.5;

/// Timing games under a steep accelerator: revenue with timing and stress
/// games switched off over revenue with them, minus 1, under a 3x
/// accelerator without a step bonus.
pub fn timing_games(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let on = lab(
        "[[strategy]]\nname = \"accelerator_3x\"\n[strategy.incentives]\nquota_bonus = 0.0\naccelerator = 3.0\n",
        "",
        opts,
    )?;
    let mut off = on.clone();
    off.behavior.gaming_propensity = 0.0;
    off.behavior.pull_forward = 0.0;
    off.behavior.holdback = 0.0;
    let arms = [Arm { scenario: on, strategy: 0 }, Arm { scenario: off, strategy: 0 }];
    let m = paired::<NoObserver, _>(&arms, opts, 1, |r, _| vec![lift(&r[1], &r[0])]);
    let (lo, hi) = LARKIN_TIMING_LOSS;
    Ok(FactResult {
        id: "timing_games",
        group: Group::CalibrationTarget,
        fact: "Under a steep accelerator, reps time deals to the contract and concede price to do it, at a cost of several per cent of revenue",
        source: "Larkin 2014 (enterprise software vendor, accelerating commissions, quarterly deadlines): mispricing from timing games cost 6-8 % of revenue (verified)",
        figure: "in sample: 6-8 % (calibration target of pull_forward, docs/calibration/defaults.toml); the lab's 3x accelerator without a step bonus stands in for the vendor's plan (an assumption)",
        checks: vec![Check::new(
            "revenue lost to timing games under a 3x accelerator: games off vs on (%)",
            &m[0],
            Expect::Within(lo, hi),
        )],
        perturbed: None,
    })
}

/// Symbolic recognition: monthly recognition of each team's top rep, no
/// money attached, against the same plan without it.
pub fn symbolic_awards(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(
        r#"
[[strategy]]
name = "no_award"
[[strategy]]
name = "monthly_top_rep_award"
[strategy.incentives]
recognition = { cadence_weeks = 4, breadth = "top" }
"#,
        "",
        opts,
    )?;
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 1, |r, _| vec![lift(&r[1], &r[0])]);
    let (lo, hi) = SYMBOLIC_AWARD_LIFT;
    Ok(FactResult {
        id: "symbolic_awards",
        group: Group::CalibrationTarget,
        fact: "A purely symbolic award for the best performer raises output by several per cent",
        source: "Kosfeld & Neckermann 2011 (field experiment: about +12 %); Bradler, Dur, Neckermann & Non 2016 (unannounced public recognition: about +6 %)",
        figure: "in sample: +6 to +12 % (calibration target of recognition_sensitivity, docs/calibration/defaults.toml)",
        checks: vec![Check::new(
            "revenue lift, monthly recognition of each team's top rep vs none (%)",
            &m[0],
            Expect::Within(lo, hi),
        )],
        perturbed: None,
    })
}

/// Well-being programmes at ordinary workloads: `wellbeing = 1` against the
/// same plan without it.
pub fn wellness_null(opts: &ValidationOptions) -> Result<FactResult, ConfigError> {
    let s = lab(
        "[[strategy]]\nname = \"no_programme\"\n[[strategy]]\nname = \"wellbeing\"\n[strategy.incentives]\nwellbeing = 1.0\n",
        "",
        opts,
    )?;
    let m = paired::<NoObserver, _>(&all_strategies(&s), opts, 1, |r, _| vec![lift(&r[1], &r[0])]);
    Ok(FactResult {
        id: "wellness_null",
        group: Group::CalibrationTarget,
        fact: "Workplace well-being programmes do not raise performance at ordinary workloads within two years",
        source: "Song & Baicker 2019 (randomised workplace-wellness trial, JAMA); Jones, Molitor & Reif 2019 (Illinois Workplace Wellness Study): no significant effect on performance, absenteeism or turnover",
        figure: "in sample: 0 (target 0, standard error 1 %, docs/calibration/defaults.toml); band -1.5 to +1.5 %, an assumption for what such trials could have missed",
        checks: vec![Check::new(
            "revenue lift, well-being programme vs none, normal pressure (%)",
            &m[0],
            Expect::Within(-WELLNESS_NULL_BAND, WELLNESS_NULL_BAND),
        )],
        perturbed: None,
    })
}
