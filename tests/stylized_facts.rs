//! The stylized facts of MODEL.md section 6, each run on the real model with
//! fixed seeds and enough replications to be stable (sources: docs/validation.md).
//! They share the experiments of `salesim validate`, so the command and the
//! tests can never disagree. Facts are asserted to hold only where they hold
//! robustly at these replications; known failures and known magnitude misses
//! are asserted as reported, with their measured values in comments.

use salesim::validate::facts;
use salesim::validate::perturb::Perturbation;
use salesim::validate::{FactResult, Group, ValidationOptions, Verdict, run_battery, run_validation};

/// Replications per experiment: enough that every interval below is far from
/// its threshold (see docs/validation.md for the measured margins).
const REPLICATIONS: u64 = 120;

fn options() -> ValidationOptions {
    ValidationOptions { replications: REPLICATIONS, ..ValidationOptions::default() }
}

fn assert_fact(result: FactResult) {
    for c in &result.checks {
        assert!(
            c.pass,
            "{}: {} expected {} but measured {:.4} {:?}",
            result.id, c.claim, c.expected, c.measured.mean, c.measured.ci95
        );
    }
}

#[test]
fn pressure_has_an_interior_optimum_and_high_pressure_burns_people_out() {
    assert_fact(facts::inverted_u(&options()).unwrap());
    assert_fact(facts::burnout_under_pressure(&options()).unwrap());
}

#[test]
fn hard_attainable_quotas_beat_easy_ones_and_unattainable_ones_backfire() {
    let result = facts::goal_difficulty(&options()).unwrap();
    assert_fact(result.clone());
    // Known magnitude miss: d = 0.093 [0.085, 0.100] at 120 replications,
    // against Wood, Mento & Locke's 0.42 (band 0.21 to 0.84).
    let d = result.checks.iter().find(|c| c.claim.contains("Cohen's d")).unwrap();
    assert_eq!(d.verdict, Verdict::Direction, "{:?}", d.measured);
}

#[test]
fn a_constant_bonus_wears_off_and_rotation_keeps_more_of_it() {
    assert_fact(facts::incentive_fatigue(&options()).unwrap());
}

#[test]
fn controlling_pay_crowds_out_and_recognition_crowds_in_intrinsic_motivation() {
    let result = facts::crowding_out(&options()).unwrap();
    assert_fact(result.clone());
    // The first battery's acceptance bands, kept.
    let (out, inn) = (&result.checks[0].measured, &result.checks[1].measured);
    assert!((-0.8..=-0.1).contains(&out.mean), "{out:?}");
    assert!((0.1..=0.8).contains(&inn.mean), "{inn:?}");
    // A calibration target since the defaults were fitted to Deci et al.'s
    // d = -0.28 and +0.33 (docs/calibration/defaults.toml): both land in
    // their bands (-0.281 and +0.323 at 200 replications; -0.73 and +0.42
    // with the hand-set defaults).
    assert_eq!(result.group, Group::CalibrationTarget);
    assert_eq!(result.checks[0].verdict, Verdict::Magnitude, "{out:?}");
    assert_eq!(result.checks[1].verdict, Verdict::Magnitude, "{inn:?}");
}

/// The other effects the defaults were fitted to hold within their target
/// bands: timing games cost 6-8 % of revenue under a 3x accelerator
/// (7.0 at 200 replications), a symbolic award lifts revenue 6-12 % (8.9)
/// and a well-being programme moves it less than 1.5 % (0.18).
#[test]
fn the_fitted_effects_hold_within_their_target_bands() {
    for result in [
        facts::timing_games(&options()).unwrap(),
        facts::symbolic_awards(&options()).unwrap(),
        facts::wellness_null(&options()).unwrap(),
    ] {
        assert_eq!(result.group, Group::CalibrationTarget, "{}", result.id);
        assert_eq!(result.verdict(), Verdict::Magnitude, "{}: {:?}", result.id, result.checks[0].measured);
    }
}

#[test]
fn step_bonuses_bunch_sales_before_the_deadline_and_shorter_periods_flatten_it() {
    assert_fact(facts::deadline_bunching(&options()).unwrap());
}

#[test]
fn contests_energise_contenders_and_discourage_those_far_behind() {
    assert_fact(facts::contests(&options()).unwrap());
    assert_fact(facts::contest_discouragement(&options()).unwrap());
}

#[test]
fn pressure_only_loses_people_and_a_balanced_mix_wins_on_profit() {
    assert_fact(facts::pressure_versus_balanced(&options()).unwrap());
}

#[test]
fn each_departure_costs_what_published_replacement_costs_say() {
    assert_fact(facts::turnover_cost(&options()).unwrap());
}

#[test]
fn the_status_quo_matches_industry_base_rates() {
    assert_fact(facts::base_rates(&options()).unwrap());
}

/// The battery can fail: with no fatigue at all, high pressure no longer burns
/// anyone out, and the inverted-U fact must report it.
#[test]
fn removing_fatigue_makes_the_burnout_part_of_the_inverted_u_fail() {
    let mut behavior = toml::Table::new();
    behavior.insert("fatigue_effort_rate".into(), toml::Value::Float(0.0));
    behavior.insert("fatigue_pressure_rate".into(), toml::Value::Float(0.0));
    let opts = ValidationOptions { behavior: Some(behavior), ..options() };
    let result = facts::burnout_under_pressure(&opts).unwrap();
    let burnout = result.checks.iter().find(|c| c.claim.starts_with("burnout")).unwrap();
    assert!(!burnout.pass, "burnout still rises without fatigue: {:?}", burnout.measured);
    assert!(!result.pass());
}

/// Without hedonic adaptation a constant bonus does not wear off.
#[test]
fn removing_adaptation_makes_incentive_fatigue_fail() {
    let mut behavior = toml::Table::new();
    behavior.insert("adaptation_rate".into(), toml::Value::Float(0.0));
    let opts = ValidationOptions { behavior: Some(behavior), ..options() };
    assert!(!facts::incentive_fatigue(&opts).unwrap().pass());
}

fn switched_off(key: &str) -> ValidationOptions {
    let mut behavior = toml::Table::new();
    behavior.insert(key.into(), toml::Value::Float(0.0));
    ValidationOptions { behavior: Some(behavior), ..options() }
}

/// Every fact is computed and labelled: its group, a published figure or a
/// plain "direction only" / "model property" / "in sample" statement, and a
/// check whose basis matches.
#[test]
fn every_fact_is_computed_and_labelled_with_its_group_and_figure() {
    let results = run_battery(&ValidationOptions { replications: 20, ..ValidationOptions::default() }).unwrap();
    let ids = |g: Group| results.iter().filter(|f| f.group == g).map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(
        ids(Group::CalibrationTarget),
        ["base_rates", "turnover_cost", "crowding_out", "timing_games", "symbolic_awards", "wellness_null"]
    );
    assert_eq!(ids(Group::ModelProperty), ["burnout_under_pressure", "contest_discouragement", "pressure_vs_balanced"]);
    assert_eq!(ids(Group::ValidationFact).len(), 13);
    // The battery's table names each fact by the id its experiment reports
    // (calibration target files name facts by it).
    for (f, (id, _)) in results.iter().zip(facts::ALL) {
        assert_eq!(f.id, *id);
    }
    for f in &results {
        assert!(!f.checks.is_empty() && f.checks.iter().all(|c| c.measured.mean.is_finite()), "{}", f.id);
        match f.group {
            Group::CalibrationTarget => assert!(f.figure.starts_with("in sample"), "{}", f.id),
            Group::ModelProperty => assert!(f.figure.starts_with("model property"), "{}", f.id),
            Group::ValidationFact => {
                let banded = f.checks.iter().any(|c| c.basis == "magnitude");
                assert!(banded || f.figure.starts_with("direction only"), "{}: {}", f.id, f.figure);
            }
        }
    }
}

/// Perturbed worlds report a share for every fact.
#[test]
fn perturbed_worlds_report_a_share_for_every_fact() {
    let opts = ValidationOptions { replications: 4, ..ValidationOptions::default() };
    let p = Perturbation { worlds: 2, replications: 2, ..Perturbation::default() };
    let results = run_validation(&opts, &p, &|| {}).unwrap();
    for f in &results {
        let s = f.perturbed.expect("a share");
        assert_eq!(s.worlds, 2);
        assert!(s.holds <= 2 && s.in_magnitude <= s.holds, "{}: {s:?}", f.id);
    }
}

#[test]
fn a_quit_raises_the_quits_of_the_leavers_teammates() {
    assert_fact(facts::contagion(&options()).unwrap());
}

/// Switched off: without contagion and morale drift teammates' quits no
/// longer rise (-0.003 [-0.008, 0.001] extra exits per quit at 120
/// replications). Without contagion alone a residual through morale drift
/// remains (0.010 [0.001, 0.019] at 120, 0.006 [-0.001, 0.013] at 200: the
/// fact holds at 120 and fails at 200), a tenth of the effect with both on.
#[test]
fn removing_contagion_makes_the_contagion_fact_fail_or_nearly() {
    let mut behavior = toml::Table::new();
    behavior.insert("contagion".into(), toml::Value::Float(0.0));
    behavior.insert("morale_drift".into(), toml::Value::Float(0.0));
    let both = ValidationOptions { behavior: Some(behavior), ..options() };
    assert!(!facts::contagion(&both).unwrap().pass());
    let on = facts::contagion(&options()).unwrap().checks[0].measured.mean;
    let off = facts::contagion(&switched_off("contagion")).unwrap().checks[0].measured.mean;
    assert!(off < 0.2 * on, "contagion off: {off}, on: {on}");
}

#[test]
fn a_ratchet_lowers_revenue_and_holds_sales_back_into_the_next_period() {
    assert_fact(facts::ratchet_holdback(&options()).unwrap());
}

#[test]
fn a_cap_lowers_revenue_and_capped_reps_defer_deals() {
    assert_fact(facts::caps(&options()).unwrap());
}

/// Switched off: without hold-back the ratchet raises revenue and nothing
/// slips into the next period; capped reps no longer defer.
#[test]
fn removing_holdback_makes_the_ratchet_and_cap_facts_fail() {
    assert!(!facts::ratchet_holdback(&switched_off("holdback")).unwrap().pass());
    assert!(!facts::caps(&switched_off("holdback")).unwrap().pass());
}

/// Known magnitude miss: removing a cap of 1.5 and a ratchet of 0.5 lifts
/// revenue about 3.5 % (3.450 [3.311, 3.589] at 120 replications), below the
/// band around Misra & Nair's 9 % (4.5 to 18).
#[test]
fn removing_cap_and_ratchet_lifts_revenue_but_less_than_misra_and_nair_report() {
    let result = facts::cap_and_ratchet_removal(&options()).unwrap();
    assert_fact(result.clone());
    assert_eq!(result.verdict(), Verdict::Direction, "{:?}", result.checks[0].measured);
}

#[test]
fn delayed_pay_moves_effort_less() {
    assert_fact(facts::payout_delay(&options()).unwrap());
}

#[test]
fn removing_delay_discounting_makes_the_payout_delay_fact_fail() {
    assert!(!facts::payout_delay(&switched_off("delay_discount")).unwrap().pass());
}

#[test]
fn larger_teams_free_ride_on_a_team_bonus() {
    assert_fact(facts::team_free_riding(&options()).unwrap());
}

#[test]
fn improvement_plans_raise_involuntary_exits() {
    assert_fact(facts::improvement_plans(&options()).unwrap());
}

/// Forced ranking raises involuntary exits and revenue in year 2, and its
/// yearly gains shrink (-1.059 [-1.740, -0.378] pp at 120 replications with
/// the fitted defaults; -0.541 [-1.303, 0.221], a failure, with the hand-set
/// ones). The fading is still not robust: it holds in 0 of 20 perturbed
/// worlds at 40 replications (docs/validation.md).
#[test]
fn forced_ranking_raises_exits_and_early_revenue_and_its_gains_fade() {
    assert_fact(facts::forced_ranking(&options()).unwrap());
}
