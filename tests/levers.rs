//! Every lever of MODEL.md section 3 moves the outcome it is meant to move, in
//! the expected direction: each case runs a lab team under a baseline strategy and
//! under the same strategy with one lever changed, on common random numbers, and
//! asserts that the 95 % interval of the paired difference excludes zero on the
//! expected side.

use salesim::experiment::moments::Moments;
use salesim::experiment::stats::estimate;
use salesim::sim::ReplicationMetrics;
use salesim::validate::ValidationOptions;
use salesim::validate::arms::{all_strategies, paired, scenario};

/// Which way the outcome must move when the lever changes.
#[derive(Clone, Copy, Debug)]
enum Dir {
    Up,
    Down,
}

/// A lever case: the changed lines of the second strategy, the outcome and its
/// expected direction.
struct Case {
    lever: &'static str,
    base: &'static str,
    changed: &'static str,
    outcome: fn(&ReplicationMetrics) -> f64,
    outcome_name: &'static str,
    dir: Dir,
}

const LAB: &str = "[scenario]\nname = \"lever_lab\"\nweeks = 78\n[team]\nsize = 40\nteam_size = 8\n[market]\nseasonality = 0.0\nshock_sd = 0.0\n";

fn cases() -> Vec<Case> {
    use Dir::*;
    let c = |lever, base, changed, outcome: fn(&ReplicationMetrics) -> f64, outcome_name, dir| Case {
        lever,
        base,
        changed,
        outcome,
        outcome_name,
        dir,
    };
    vec![
        c(
            "quota_difficulty",
            "",
            "[strategy.performance]\nquota_difficulty = 1.4",
            |m| m.quota_attainment_pct,
            "quota attainment",
            Down,
        ),
        c(
            "quota_period",
            "[strategy.performance]\nquota_period = \"year\"",
            "[strategy.performance]\nquota_period = \"month\"",
            |m| m.pressure,
            "pressure",
            Up,
        ),
        c("ratchet", "", "[strategy.performance]\nratchet = 0.8", |m| m.revenue, "revenue", Down),
        c("monitoring", "", "[strategy.performance]\nmonitoring = 1.0", |m| m.pressure, "pressure", Up),
        c(
            "monitoring (gaming)",
            "[strategy.performance]\nquota_difficulty = 1.6\nmonitoring = 0.0",
            "[strategy.performance]\nquota_difficulty = 1.6\nmonitoring = 1.0",
            |m| m.gaming_pct,
            "gaming share",
            Down,
        ),
        c(
            "review_cadence_weeks",
            "[strategy.performance]\nreview_cadence_weeks = 13",
            "[strategy.performance]\nreview_cadence_weeks = 1",
            |m| m.pressure,
            "pressure",
            Up,
        ),
        c("miss_penalty", "", "[strategy.performance]\nmiss_penalty = 0.8", |m| m.pressure, "pressure", Up),
        c(
            "pip_after_misses",
            "",
            "[strategy.performance]\npip_after_misses = 1",
            |m| m.involuntary_attrition_pct,
            "involuntary attrition",
            Up,
        ),
        c(
            "forced_ranking_pct",
            "",
            "[strategy.performance]\nforced_ranking_pct = 15",
            |m| m.involuntary_attrition_pct,
            "involuntary attrition",
            Up,
        ),
        c("leaderboard", "", "[strategy.performance]\nleaderboard = true", |m| m.pressure, "pressure", Up),
        c(
            "base_salary_share",
            "",
            "[strategy.incentives]\nbase_salary_share = 0.2",
            |m| m.intrinsic_motivation,
            "intrinsic motivation",
            Down,
        ),
        c(
            "commission_rate",
            "",
            "[strategy.incentives]\ncommission_rate = 0.12",
            |m| m.extrinsic_drive,
            "extrinsic drive",
            Up,
        ),
        c("quota_bonus", "", "[strategy.incentives]\nquota_bonus = 0.4", |m| m.comp, "compensation", Up),
        c("accelerator", "", "[strategy.incentives]\naccelerator = 3.0", |m| m.revenue, "revenue", Up),
        c(
            "cap",
            "[strategy.incentives]\naccelerator = 2.0",
            "[strategy.incentives]\naccelerator = 2.0\ncap = 1.0",
            |m| m.revenue,
            "revenue",
            Down,
        ),
        c(
            "payout_delay_weeks",
            "[strategy.incentives]\npayout_delay_weeks = 0",
            "[strategy.incentives]\npayout_delay_weeks = 52",
            |m| m.extrinsic_drive,
            "extrinsic drive",
            Down,
        ),
        c(
            "contest",
            "",
            "[strategy.incentives]\ncontest = { period_weeks = 4, prize = 20000, winners = 3 }",
            |m| m.comp,
            "compensation (prizes)",
            Up,
        ),
        c(
            "recognition",
            "",
            "[strategy.incentives]\nrecognition = { cadence_weeks = 4, breadth = \"bar\" }",
            |m| m.satisfaction,
            "satisfaction",
            Up,
        ),
        c(
            "spot_award",
            "",
            "[strategy.incentives]\nspot_award = 3000\nspot_award_multiple = 2.0",
            |m| m.comp,
            "compensation",
            Up,
        ),
        c(
            "training_hours_per_month",
            "[strategy.incentives]\ntraining_hours_per_month = 0",
            "[strategy.incentives]\ntraining_hours_per_month = 16",
            |m| m.intrinsic_motivation,
            "intrinsic motivation",
            Up,
        ),
        c(
            "team_bonus_share",
            "",
            "[strategy.incentives]\nteam_bonus_share = 0.8",
            |m| m.extrinsic_drive,
            "extrinsic drive (free-riding)",
            Down,
        ),
        c(
            "team_bonus_share (cohesion)",
            "",
            "[strategy.incentives]\nteam_bonus_share = 0.8",
            |m| m.satisfaction,
            "satisfaction",
            Up,
        ),
        c(
            "wellbeing",
            "[strategy.performance]\nquota_difficulty = 1.4\nmonitoring = 0.9",
            "[strategy.performance]\nquota_difficulty = 1.4\nmonitoring = 0.9\n[strategy.incentives]\nwellbeing = 1.0",
            |m| m.fatigue,
            "fatigue",
            Down,
        ),
        c(
            "rotate_every_weeks",
            // A rotation renews only rewards that change with the menu
            // (contest prizes, spot awards, recognition): docs/model.md 3.5.
            "[strategy.incentives]\ncontest = { period_weeks = 4 }\nspot_award = 2000",
            "[strategy.incentives]\ncontest = { period_weeks = 4 }\nspot_award = 2000\nrotate_every_weeks = 8",
            |m| m.extrinsic_drive,
            "extrinsic drive",
            Up,
        ),
        c(
            "transparency",
            "[strategy.incentives]\ntransparency = 0.1",
            "[strategy.incentives]\ntransparency = 0.9",
            |m| m.satisfaction,
            "satisfaction",
            Up,
        ),
        c(
            "career_path",
            "",
            "[strategy.incentives]\ncareer_path = true",
            |m| m.voluntary_attrition_pct,
            "voluntary attrition",
            Down,
        ),
    ]
}

#[test]
fn every_lever_moves_its_outcome_in_the_expected_direction() {
    let opts = ValidationOptions {
        replications: 60,
        executor: salesim::experiment::executor::Executor::new(7),
        behavior: None,
    };
    let mut failures = Vec::new();
    for case in cases() {
        let text = format!(
            "{LAB}\n[[strategy]]\nname = \"before\"\n{}\n[[strategy]]\nname = \"after\"\n{}\n",
            case.base, case.changed
        );
        let s = scenario(&text, &opts).unwrap_or_else(|e| panic!("{}: {e}", case.lever));
        let m: Vec<Moments> = paired::<salesim::sim::NoObserver, _>(&all_strategies(&s), &opts, 1, |r, _| {
            vec![(case.outcome)(&r[1].metrics) - (case.outcome)(&r[0].metrics)]
        });
        let e = estimate(&m[0]);
        let ok = match case.dir {
            Dir::Up => e.clearly_positive(),
            Dir::Down => e.clearly_negative(),
        };
        if !ok {
            failures.push(format!(
                "{}: expected {} to go {:?}, paired difference {:.4} {:?}",
                case.lever, case.outcome_name, case.dir, e.mean, e.ci95
            ));
        }
    }
    assert!(failures.is_empty(), "levers with the wrong direction:\n{}", failures.join("\n"));
}
