//! Model v2, items 2 and 10 of the model issue (`docs/model.md`, "What
//! changed from v1 and why"): every non-pay lever has a price that profit
//! pays, monitoring no longer grows skill for free, coaching comes from paid
//! manager time with diminishing returns, and one departure costs, all in,
//! what account executives' departures are reported to cost. Each test
//! fails on the v1 model. Paired comparisons on common random numbers, run
//! in release mode (`cargo test --release --test model_v2`).

use salesim::config::Costs;
use salesim::experiment::executor::Executor;
use salesim::experiment::moments::Moments;
use salesim::experiment::stats::{Estimate, estimate};
use salesim::sim::{NoObserver, ReplicationMetrics, Series};
use salesim::validate::ValidationOptions;
use salesim::validate::arms::{all_strategies, paired, scenario};
use salesim::validate::departure::departure_cost;

/// A lab team in a flat market, so that what moves is the policy.
const LAB: &str = "[scenario]\nname = \"v2_lab\"\nweeks = 52\n[team]\nsize = 40\nteam_size = 8\n[market]\nseasonality = 0.0\nshock_sd = 0.0\n";

fn options(replications: u64) -> ValidationOptions {
    ValidationOptions { replications, executor: Executor::new(2_026_002), behavior: None }
}

/// The paired difference `after − before` of `outcome` between two
/// strategies of the lab (each given by its lines under `[[strategy]]`).
fn paired_difference(before: &str, after: &str, replications: u64, outcome: Outcome) -> Estimate {
    let text = format!("{LAB}\n[[strategy]]\nname = \"before\"\n{before}\n[[strategy]]\nname = \"after\"\n{after}\n");
    let opts = options(replications);
    let s = scenario(&text, &opts).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let m: Vec<Moments> = paired::<NoObserver, _>(&all_strategies(&s), &opts, 1, |r, _| {
        vec![outcome(&r[1].metrics) - outcome(&r[0].metrics)]
    });
    estimate(&m[0])
}

/// An outcome of one replication.
type Outcome = fn(&ReplicationMetrics) -> f64;

/// Programme cost per rep-year in post (programme cost per slot-year over
/// the filled share of slots).
fn programme_per_rep(m: &ReplicationMetrics) -> f64 {
    100.0 * m.programme_cost / m.headcount_pct
}

/// Item 2: every lever that is not pay has a price. The levers with a
/// weekly price cost exactly what the `[costs]` table says per rep-year in
/// post; the levers priced per event (rotations, contest rounds,
/// improvement plans, dismissals) cost more than nothing. In v1 monitoring,
/// reviews, rotation, career paths, transparency, leaderboards, contests
/// (beyond their prizes), improvement plans and dismissals cost nothing.
#[test]
fn every_non_pay_lever_has_a_price_in_programme_or_turnover_cost() {
    let c = Costs::default();
    let year = 52.0;
    // Weekly reviews take an hour a week; reviews every 13 weeks an hour a quarter.
    let reviews = c.review_hours * c.manager_hourly * (year - year / 13.0);
    let exact: [(&str, &str, &str, f64); 7] = [
        (
            "monitoring",
            "[strategy.performance]\nmonitoring = 0.0",
            "[strategy.performance]\nmonitoring = 1.0",
            c.monitoring_per_rep_year,
        ),
        (
            "review_cadence_weeks",
            "[strategy.performance]\nreview_cadence_weeks = 13",
            "[strategy.performance]\nreview_cadence_weeks = 1",
            reviews,
        ),
        (
            "transparency",
            "[strategy.incentives]\ntransparency = 0.0",
            "[strategy.incentives]\ntransparency = 1.0",
            c.transparency_per_rep_year,
        ),
        ("leaderboard", "", "[strategy.performance]\nleaderboard = true", c.leaderboard_per_rep_year),
        ("career_path", "", "[strategy.incentives]\ncareer_path = true", c.career_path_per_rep_year),
        (
            "training_hours_per_month",
            "[strategy.incentives]\ntraining_hours_per_month = 0",
            "[strategy.incentives]\ntraining_hours_per_month = 10",
            10.0 * 12.0 * c.training_per_hour,
        ),
        ("wellbeing", "", "[strategy.incentives]\nwellbeing = 1.0", c.wellbeing_per_rep_year),
    ];
    let mut failures = Vec::new();
    for (lever, before, after, want) in exact {
        let e = paired_difference(before, after, 4, programme_per_rep);
        if (e.mean - want).abs() > 1e-6 * want {
            failures.push(format!("{lever}: programme cost per rep-year rose by {:.2}, expected {want}", e.mean));
        }
    }
    let per_event: [(&str, &str, &str, Outcome); 5] = [
        ("rotate_every_weeks", "", "[strategy.incentives]\nrotate_every_weeks = 4", programme_per_rep),
        (
            "contest (administration)",
            "",
            "[strategy.incentives]\ncontest = { period_weeks = 4, prize = 0, winners = 1 }",
            programme_per_rep,
        ),
        ("recognition", "", "[strategy.incentives]\nrecognition = { cadence_weeks = 4 }", programme_per_rep),
        ("pip_after_misses (plans)", "", "[strategy.performance]\npip_after_misses = 1", programme_per_rep),
        ("forced_ranking_pct (dismissals)", "", "[strategy.performance]\nforced_ranking_pct = 20", |m| m.turnover_cost),
    ];
    for (lever, before, after, outcome) in per_event {
        let e = paired_difference(before, after, 20, outcome);
        if !e.clearly_positive() {
            failures.push(format!("{lever}: cost rose by {:.2} {:?}, expected a clear rise", e.mean, e.ci95));
        }
    }
    assert!(failures.is_empty(), "levers without their price:\n{}", failures.join("\n"));
}

/// Item 2: the programme cost is the sum of its three parts (tools, manager
/// time, people programmes), and each part moves with its own levers.
#[test]
fn the_programme_cost_breaks_down_into_tools_manager_time_and_people_programmes() {
    let text = format!(
        "{LAB}\n[[strategy]]\nname = \"all\"\n[strategy.performance]\nmonitoring = 0.8\nleaderboard = true\npip_after_misses = 2\n\
         [strategy.incentives]\ncareer_path = true\nrotate_every_weeks = 13\nwellbeing = 0.5\n\
         recognition = {{ cadence_weeks = 4 }}\ncontest = {{ period_weeks = 4 }}\n"
    );
    let opts = options(6);
    let s = scenario(&text, &opts).unwrap();
    let m: Vec<Moments> = paired::<NoObserver, _>(&all_strategies(&s), &opts, 4, |r, _| {
        let x = &r[0].metrics;
        vec![
            x.programme_cost - (x.tools_cost + x.manager_time_cost + x.people_programme_cost),
            x.tools_cost,
            x.manager_time_cost,
            x.people_programme_cost,
        ]
    });
    assert!(estimate(&m[0]).mean.abs() < 1e-6, "the parts do not add up: {:?}", estimate(&m[0]));
    for (part, sums) in ["tools", "manager time", "people programmes"].iter().zip(&m[1..]) {
        assert!(estimate(sums).mean > 0.0, "{part} cost nothing");
    }
}

/// Item 2: monitoring no longer grows skill for free. In v1 it added
/// 0.002 x monitoring a week to every rep's skill, compounding, and the
/// status quo's revenue per slot grew about 12 % from year 2 to year 5 in
/// a flat market (mature team, 40 replications); now it grows by what
/// training adds (under 6 %).
#[test]
fn monitoring_no_longer_grows_skill_for_free_so_the_status_quo_stays_nearly_flat() {
    let mature = include_str!("../scenarios/mature_scaled_team.toml");
    let text =
        mature.replace("weeks = 104", "weeks = 260").replace("[market]", "[market]\nseasonality = 0.0\nshock_sd = 0.0");
    let opts = options(40);
    let mut s = scenario(&text, &opts).unwrap();
    s.strategies.truncate(1);
    s.baseline = 0;
    let revenue = Series::Revenue.index();
    let m: Vec<Moments> = paired::<NoObserver, _>(&all_strategies(&s), &opts, 1, |r, _| {
        let year = |y: usize| r[0].weekly[52 * y..52 * (y + 1)].iter().map(|w| w[revenue]).sum::<f64>();
        vec![100.0 * (year(4) / year(1) - 1.0)]
    });
    let growth = estimate(&m[0]);
    assert!(growth.mean < 6.0, "status quo revenue grew {:.2} % from year 2 to year 5 {:?}", growth.mean, growth.ci95);
}

/// Item 2: coaching comes from manager time. Without monitoring (so that
/// the review cadence does not change pressure), more frequent reviews
/// lift revenue through coaching and cost manager time; each extra hour of
/// coaching adds less than the one before; a manager with fewer hours to
/// share gives each rep less coaching.
#[test]
fn coaching_comes_from_paid_manager_time_with_diminishing_returns() {
    let reviews = |weeks: u32| format!("[strategy.performance]\nmonitoring = 0.0\nreview_cadence_weeks = {weeks}");
    let lift = |from: u32, to: u32| paired_difference(&reviews(from), &reviews(to), 60, |m| m.revenue);
    let cost = paired_difference(&reviews(13), &reviews(1), 4, |m| m.manager_time_cost);
    assert!(cost.clearly_positive(), "weekly reviews cost no more manager time {cost:?}");
    // Coaching hours a month: 52 / 12 / cadence.
    let hours = |weeks: f64| 52.0 / 12.0 / weeks;
    let (early, late) = (lift(13, 4), lift(2, 1));
    assert!(early.clearly_positive(), "monthly rather than quarterly reviews do not lift revenue {early:?}");
    assert!(late.clearly_positive(), "weekly rather than fortnightly reviews do not lift revenue {late:?}");
    let (per_hour_early, per_hour_late) =
        (early.mean / (hours(4.0) - hours(13.0)), late.mean / (hours(1.0) - hours(2.0)));
    assert!(
        per_hour_late < 0.7 * per_hour_early,
        "no diminishing returns: {per_hour_early:.0} USD per coaching hour early, {per_hour_late:.0} late"
    );
    let text = format!("{LAB}[costs]\nmanager_review_hours_per_week = 2\n[[strategy]]\nname = \"a\"\n{}\n", reviews(1));
    let opts = options(60);
    let stretched = scenario(&text, &opts).unwrap();
    let roomy =
        scenario(&text.replace("manager_review_hours_per_week = 2", "manager_review_hours_per_week = 12"), &opts)
            .unwrap();
    let arms = [
        salesim::validate::arms::Arm { scenario: stretched, strategy: 0 },
        salesim::validate::arms::Arm { scenario: roomy, strategy: 0 },
    ];
    let m: Vec<Moments> =
        paired::<NoObserver, _>(&arms, &opts, 1, |r, _| vec![r[1].metrics.revenue - r[0].metrics.revenue]);
    let span = estimate(&m[0]);
    assert!(span.clearly_positive(), "a manager with more hours per rep coaches no better {span:?}");
}

/// Item 10: one departure costs, all in, about what account executives'
/// departures are reported to cost ($75k to $150k; DePaul: about $115k
/// including lost sales). Measured by a controlled experiment: the same
/// world with and without the reps of every fourth slot quitting in week
/// 13, profit lost per extra exit over the remaining 91 weeks. v1: about
/// $184k (hire cost, 8 empty weeks, a 20-week ramp behind an empty
/// pipeline, the leaver's pipeline lost, and the experience monitoring gave
/// for free).
#[test]
fn one_departure_costs_what_account_executives_are_reported_to_cost() {
    let opts = ValidationOptions { replications: 200, executor: Executor::new(20_260_101), behavior: None };
    let text = "[scenario]\nname = \"departure_lab\"\nweeks = 104\n[team]\nsize = 60\nteam_size = 6\n\
                [market]\nseasonality = 0.0\nshock_sd = 0.0\n[[strategy]]\nname = \"status_quo\"\n";
    let s = scenario(text, &opts).unwrap();
    let cost = departure_cost(&s, 0, 13, 4, &opts);
    let all_in = estimate(&cost.profit);
    let exits = estimate(&cost.extra_exits);
    assert!(exits.mean > 14.0, "the experiment added only {:.1} exits", exits.mean);
    assert!(
        (75.0..=150.0).contains(&all_in.mean),
        "one departure costs {:.1} thousand USD {:?}, expected 75 to 150",
        all_in.mean,
        all_in.ci95
    );
}

/// Item 10, the decomposition in `docs/model.md` (3.17 and 7): the
/// all-in cost of one departure with one mechanism switched off at a time.
/// Prints a table; run with
/// `cargo test --release --test model_v2 -- --ignored --nocapture`.
#[test]
#[ignore = "prints the decomposition of docs/model.md; no assertion"]
fn departure_cost_decomposition() {
    let opts = ValidationOptions { replications: 200, executor: Executor::new(20_260_101), behavior: None };
    let variants = [
        ("defaults", "", ""),
        ("hire_cost = 0", "hire_cost = 0", ""),
        ("hiring_lag_weeks = 0", "hiring_lag_weeks = 0", ""),
        ("ramp_weeks = 0", "ramp_weeks = 0", ""),
        ("pipeline_handover = 0", "pipeline_handover = 0", ""),
        ("skill_growth_cap = 1", "", "skill_growth_cap = 1.0"),
    ];
    for (name, team, behavior) in variants {
        let text = format!(
            "[scenario]\nname = \"departure_lab\"\nweeks = 104\n[team]\nsize = 60\nteam_size = 6\n{team}\n\
             [market]\nseasonality = 0.0\nshock_sd = 0.0\n[behavior]\n{behavior}\n[[strategy]]\nname = \"status_quo\"\n"
        );
        let s = scenario(&text, &opts).unwrap();
        let cost = departure_cost(&s, 0, 13, 4, &opts);
        let (all_in, revenue) = (estimate(&cost.profit), estimate(&cost.revenue_plus_hire));
        println!(
            "{name:<24} all-in {:>6.1} k USD {:?}; lost revenue + hire {:>6.1} k USD; extra exits {:.2}",
            all_in.mean,
            all_in.ci95,
            revenue.mean,
            estimate(&cost.extra_exits).mean
        );
    }
}
