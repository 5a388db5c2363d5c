//! Model v2, items 3, 8 and 13 of the model issue (`docs/model.md`, "What
//! changed from v1 and why"): crowding-out and adaptation follow the pay a
//! rep actually gets, not the label `base_salary_share` or an on/off flag;
//! rotation renews only the rewards that change; symbolic recognition has
//! the size field experiments report; well-being pays through lower strain
//! under high pressure only. Each test fails on the v1 model. Paired
//! comparisons on common random numbers, run in release mode
//! (`cargo test --release --test model_v2_feel`). The v1 and v2 figures in
//! the comments were measured on `docs/diagnostics/feel_test_world.toml`
//! (this world, 100 replications) with the v1 binary and this one.

use salesim::experiment::executor::Executor;
use salesim::experiment::moments::Moments;
use salesim::experiment::stats::{Estimate, estimate};
use salesim::sim::{NoObserver, ReplicationMetrics};
use salesim::validate::ValidationOptions;
use salesim::validate::arms::{all_strategies, paired, scenario};

/// The mature team's economy (deal size, cycle, pay) on a smaller team, in
/// a flat market, over two years (adaptation takes months).
const WORLD: &str = "[scenario]\nname = \"v2_feel\"\nweeks = 104\n[team]\nsize = 48\nteam_size = 8\nramp_weeks = 16\n\
                     hiring_lag_weeks = 6\nhire_cost = 30000\note = 100000\n[market]\ndeals_per_week = 0.5\n\
                     deal_size = 20000\nsales_cycle_weeks = 4\nseasonality = 0.0\nshock_sd = 0.0\n";

/// An outcome of one replication.
type Outcome = fn(&ReplicationMetrics) -> f64;

/// The paired differences `after − before` of each outcome between two
/// strategies of the world (each given by its lines under `[[strategy]]`),
/// with revenue and profit as lifts in per cent of `before`.
fn paired_differences(before: &str, after: &str, replications: u64, outcomes: &[Outcome]) -> Vec<Estimate> {
    let text = format!("{WORLD}\n[[strategy]]\nname = \"before\"\n{before}\n[[strategy]]\nname = \"after\"\n{after}\n");
    let opts = ValidationOptions { replications, executor: Executor::new(20_261_204), behavior: None };
    let s = scenario(&text, &opts).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let m: Vec<Moments> = paired::<NoObserver, _>(&all_strategies(&s), &opts, outcomes.len(), |r, _| {
        outcomes.iter().map(|f| f(&r[1].metrics) - f(&r[0].metrics)).collect()
    });
    m.iter().map(estimate).collect()
}

fn revenue_lift(before: &str, after: &str, replications: u64) -> Estimate {
    lifts(before, after, replications)[0]
}

/// Revenue and profit lifts (per cent of `before`, paired per replication).
fn lifts(before: &str, after: &str, replications: u64) -> [Estimate; 2] {
    let text = format!("{WORLD}\n[[strategy]]\nname = \"before\"\n{before}\n[[strategy]]\nname = \"after\"\n{after}\n");
    let opts = ValidationOptions { replications, executor: Executor::new(20_261_204), behavior: None };
    let s = scenario(&text, &opts).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let m: Vec<Moments> = paired::<NoObserver, _>(&all_strategies(&s), &opts, 2, |r, _| {
        let (b, a) = (&r[0].metrics, &r[1].metrics);
        vec![100.0 * (a.revenue / b.revenue - 1.0), 100.0 * (a.profit / b.profit - 1.0)]
    });
    [estimate(&m[0]), estimate(&m[1])]
}

/// The lower 95 % bound (NaN, failing every comparison, when undefined).
fn lo(e: &Estimate) -> f64 {
    e.ci95[0].unwrap_or(f64::NAN)
}

/// The upper 95 % bound (NaN when undefined).
fn hi(e: &Estimate) -> f64 {
    e.ci95[1].unwrap_or(f64::NAN)
}

/// Whether the 95 % interval of `e` lies within `[low, high]`.
fn inside(e: &Estimate, low: f64, high: f64) -> bool {
    lo(e) >= low && hi(e) <= high
}

/// Item 3: crowding-out and adaptation follow the pay reps actually get,
/// continuously. With the same commission, `base_salary_share` 0.99 and
/// 1.00 are the same plan to a rep, and a $1 spot award that never
/// triggers changes nothing. v1: 0.99 → 1.00 raised revenue +7.5 % and
/// profit +9.9 % (the label's contingent share 0.01 → 0 switched
/// crowding-out and adaptation to money off), and the spot award undid it
/// (revenue −6.9 % against 1.00). v2: +0.45 % and +0.29 % (the higher base
/// pay); the spot award 0.0 %.
#[test]
fn the_label_base_salary_share_does_not_switch_crowding_out_or_adaptation() {
    let (b99, b100) =
        ("[strategy.incentives]\nbase_salary_share = 0.99", "[strategy.incentives]\nbase_salary_share = 1.0");
    let [revenue, profit] = lifts(b99, b100, 30);
    assert!(inside(&revenue, -1.0, 1.0), "0.99 → 1.00: revenue lift {revenue:?}");
    assert!(inside(&profit, -1.5, 1.5), "0.99 → 1.00: profit lift {profit:?}");
    let spot = format!("{b100}\nspot_award = 1\nspot_award_multiple = 100");
    let revenue = revenue_lift(b100, &spot, 30);
    assert!(inside(&revenue, -0.2, 0.2), "a $1 spot award that never triggers: revenue lift {revenue:?}");
}

/// Item 3: crowding-out grows with the realised contingent share of pay.
/// Under full base salary, adding the default commission lowers intrinsic
/// motivation (the commission is contingent pay whatever the label says).
/// v1: +0.002 (the label's contingent share stays 0); v2 with the hand-set
/// `crowding_out` 0.2: −0.013 on the 0-1 scale (0.613 → 0.600); with the
/// fitted 0.074 (Deci et al.'s d = −0.28, docs/calibration.md) the effect is
/// about a third as large: −0.0049 [−0.0072, −0.0026] at 60 replications.
/// The claim is the direction: the whole interval below zero (v1's is not).
#[test]
fn commission_paid_on_top_of_full_base_salary_crowds_out_intrinsic_motivation() {
    let none = "[strategy.incentives]\nbase_salary_share = 1.0\ncommission_rate = 0.0\nquota_bonus = 0.0";
    let paid = "[strategy.incentives]\nbase_salary_share = 1.0\nquota_bonus = 0.0";
    let d = paired_differences(none, paid, 60, &[|m| m.intrinsic_motivation]);
    println!("intrinsic motivation, commission on top of full salary minus none: {:?}", d[0]);
    assert!(hi(&d[0]) < 0.0, "intrinsic motivation moved by {:?}", d[0]);
}

/// Item 3: rotating the incentive menu renews only rewards that change
/// (contest prizes, spot awards, forms of recognition), and it is charged.
/// With nothing to rotate, a quarterly rotation leaves revenue unchanged and
/// costs `rotation_per_rep` per rep each time. v1: +5.2 % revenue for
/// nothing, free; v2: 0.0 %, profit −0.1 % ($350 a rep-year). With a
/// monthly contest, rotation still renews the prizes' pull, in proportion
/// to their small share of pay (v1: +5.8 %; v2: +0.14 %, above 0).
#[test]
fn rotation_renews_only_rewards_that_change_and_is_paid_for() {
    let rotate = "[strategy.incentives]\nrotate_every_weeks = 13";
    let [revenue, profit] = lifts("", rotate, 20);
    assert!(inside(&revenue, -0.2, 0.2), "rotation with nothing to rotate: revenue lift {revenue:?}");
    assert!(hi(&profit) < 0.0, "rotation with nothing to rotate: profit lift {profit:?} (its cost)");
    let contest = "[strategy.incentives]\ncontest = { period_weeks = 4, prize = 6000, winners = 3 }";
    let revenue = revenue_lift(contest, &format!("{contest}\nrotate_every_weeks = 13"), 30);
    assert!(lo(&revenue) > 0.0, "rotating a contest: revenue lift {revenue:?}");
}

/// Item 8: symbolic recognition has the size field experiments report
/// (about +5 to +12 %, Kosfeld & Neckermann 2011). Monthly recognition of
/// each team's top rep lifts revenue within that range. v1: +3.1 %; v2:
/// +6.05 % (everyone at quota each month: v1 +5.6 %, v2 +9.6 %).
#[test]
fn monthly_recognition_of_each_teams_top_rep_lifts_revenue_five_to_twelve_per_cent() {
    let top = "[strategy.incentives]\nrecognition = { cadence_weeks = 4, breadth = \"top\" }";
    let revenue = revenue_lift("", top, 30);
    assert!(inside(&revenue, 5.0, 12.0), "monthly top-rep recognition: revenue lift {revenue:?}");
}

/// Item 13: well-being programmes do not buy performance or retention at
/// ordinary workloads (randomised workplace-wellness trials: Song & Baicker
/// 2019; Jones, Molitor & Reif 2019), and they cost their price. v1:
/// `wellbeing = 1` lifted revenue +5.7 % and cut attrition 6.7 points
/// (25.1 → 18.4 %/yr) at normal pressure; v2: +0.2 % and −0.3 points,
/// profit −0.7 %.
#[test]
fn wellbeing_buys_nothing_at_normal_pressure_and_costs_its_price() {
    let well = "[strategy.incentives]\nwellbeing = 1.0";
    let [revenue, profit] = lifts("", well, 30);
    assert!(inside(&revenue, -1.0, 1.0), "well-being at normal pressure: revenue lift {revenue:?}");
    assert!(hi(&profit) < 0.0, "well-being at normal pressure: profit lift {profit:?}");
    let d = paired_differences("", well, 30, &[|m| m.attrition_pct]);
    assert!(inside(&d[0], -1.5, 1.5), "well-being at normal pressure: attrition moved {:?} points", d[0]);
}

/// Item 13: under high pressure well-being pays through lower strain:
/// burnout falls by at least half. v2: burnout 8.7 % → 0.0 % of rep-weeks,
/// attrition 51.5 → 35.4 %/yr, revenue +5.1 % (v1: 6.4 % → 0.0 %, 54.4 →
/// 29.5 %/yr, +12.9 %; this test guards the benefit the change keeps and
/// passes on v1 too: the item's failing test is the one above).
#[test]
fn wellbeing_cuts_burnout_under_high_pressure() {
    let pressure = "[strategy.performance]\nquota_difficulty = 1.3\nmonitoring = 0.9\nreview_cadence_weeks = 1\nmiss_penalty = 0.3";
    let well = format!("{pressure}\n[strategy.incentives]\nwellbeing = 1.0");
    let d = paired_differences(pressure, &well, 20, &[|m| m.burnout_pct, |m| m.attrition_pct]);
    let base = paired_differences("", pressure, 20, &[|m| m.burnout_pct]);
    assert!(lo(&base[0]) > 1.0, "high pressure burns reps out: {:?}", base[0]);
    assert!(hi(&d[0]) < -0.5 * base[0].mean, "well-being under high pressure: burnout moved {:?}", d[0]);
    assert!(hi(&d[1]) < 0.0, "well-being under high pressure: attrition moved {:?}", d[1]);
}
