//! Invariants checked every week of every replication of every bundled scenario
//! (the checker lives in `tests/common`).

mod common;

use common::{StateChecker, check_scenario};
use salesim::bundled::BUNDLED;
use salesim::config::Scenario;
use salesim::model::rep::Rep;
use salesim::sim::Observer;

#[test]
fn every_bundled_scenario_keeps_every_state_in_range_every_week() {
    for b in BUNDLED {
        let mut s = Scenario::from_toml_str(b.text).unwrap();
        // The bench scenario's size is irrelevant to the invariants; keep CI fast.
        s.team.size = s.team.size.min(60);
        let checked = check_scenario(&s, 3, 99).unwrap_or_else(|e| panic!("{e}"));
        assert!(checked > 0, "{}: nothing was checked", b.name);
    }
}

#[test]
fn the_checker_catches_a_state_out_of_range() {
    let mut c = StateChecker { max_effort: 1.8, ..Default::default() };
    let s = Scenario::from_toml_str("[[strategy]]\nname = \"a\"\n").unwrap();
    let traits = salesim::model::rep::Traits {
        skill: 1.0,
        intrinsic: 0.5,
        money_sensitivity: 1.0,
        recognition_sensitivity: 0.5,
        tolerance: 1.0,
        outside_option: 1.0,
    };
    let mut rep = Rep::new(traits, 10, &s.behavior, 1.0, 1000.0, 400.0);
    rep.fatigue = 1.5;
    c.week(3, &mut std::iter::once((0usize, &rep)));
    assert!(c.violation.unwrap().contains("fatigue"));
}
