//! The stylized facts of MODEL.md section 6, each run on the real model with
//! fixed seeds and enough replications to be stable (sources: docs/validation.md).
//! They share the experiments of `salesim validate`, so the command and the
//! tests can never disagree.

use salesim::validate::facts;
use salesim::validate::{FactResult, ValidationOptions};

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
}

#[test]
fn hard_attainable_quotas_beat_easy_ones_and_unattainable_ones_backfire() {
    assert_fact(facts::goal_difficulty(&options()).unwrap());
}

#[test]
fn a_constant_bonus_wears_off_and_rotation_keeps_more_of_it() {
    assert_fact(facts::incentive_fatigue(&options()).unwrap());
}

#[test]
fn controlling_pay_crowds_out_and_recognition_crowds_in_intrinsic_motivation() {
    assert_fact(facts::crowding_out(&options()).unwrap());
}

#[test]
fn step_bonuses_bunch_sales_before_the_deadline_and_shorter_periods_flatten_it() {
    assert_fact(facts::deadline_bunching(&options()).unwrap());
}

#[test]
fn contests_energise_contenders_and_discourage_those_far_behind() {
    assert_fact(facts::contests(&options()).unwrap());
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
    let result = facts::inverted_u(&opts).unwrap();
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
