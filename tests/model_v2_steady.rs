//! Model v2, items 5 and 9 of the model issue (`docs/model.md`, "What
//! changed from v1 and why"): a replication starts from a team in steady
//! state and books the cost of every exit when it happens, so results do not
//! depend on the horizon through artefacts; and pay for performance sorts
//! people (stars get outside offers, the applicant pool and the stayers
//! follow how steeply the plan pays for performance). Each test fails on the
//! v1 model. Paired comparisons on common random numbers, run in release
//! mode (`cargo test --release --test model_v2_steady`).

use salesim::experiment::executor::Executor;
use salesim::experiment::moments::Moments;
use salesim::experiment::stats::estimate;
use salesim::model::rep::Rep;
use salesim::sim::{NoObserver, Observer, Series};
use salesim::validate::ValidationOptions;
use salesim::validate::arms::{all_strategies, paired, scenario};
use salesim::validate::departure::departure_cost;

/// A lab team in a flat market, so that what moves is the policy.
const LAB: &str = "[scenario]\nname = \"steady_lab\"\nweeks = 104\n[team]\nsize = 60\nteam_size = 6\n[market]\nseasonality = 0.0\nshock_sd = 0.0\n";

/// The lab's last week.
const LAST_WEEK: u32 = 103;

fn options(replications: u64, seed: u64) -> ValidationOptions {
    ValidationOptions { replications, executor: Executor::new(seed), behavior: None }
}

/// Item 5: the status quo is stationary in a flat market. Revenue per slot
/// of the mature team (status quo, flat market, five years) in year 1 and
/// in year 2, against year 5. v1 (40 replications,
/// `docs/diagnostics/v2_flat_five_years.toml`): year 1 −13.5 %, year 2
/// −10.6 % (the team started with skill equal to its trait whatever the
/// tenure, with no adaptation, and monitoring grew skill for free); before
/// this item (items 1, 2, 7, 10 done) −3.5 % and −2.4 %; now −1.3 % and
/// −0.5 % (here, 30 replications: −1.8 % and −1.2 %). Bounds: within 2 %
/// each.
#[test]
fn the_status_quo_is_stationary_in_a_flat_market_from_its_first_year() {
    let mature = include_str!("../scenarios/mature_scaled_team.toml");
    let text =
        mature.replace("weeks = 104", "weeks = 260").replace("[market]", "[market]\nseasonality = 0.0\nshock_sd = 0.0");
    let opts = options(30, 2_026_005);
    let mut s = scenario(&text, &opts).unwrap();
    s.strategies.truncate(1);
    s.baseline = 0;
    let revenue = Series::Revenue.index();
    let m: Vec<Moments> = paired::<NoObserver, _>(&all_strategies(&s), &opts, 2, |r, _| {
        let year = |y: usize| r[0].weekly[52 * y..52 * (y + 1)].iter().map(|w| w[revenue]).sum::<f64>();
        vec![100.0 * (year(0) / year(4) - 1.0), 100.0 * (year(1) / year(4) - 1.0)]
    });
    for (label, sums) in ["year 1", "year 2"].iter().zip(&m) {
        let e = estimate(sums);
        eprintln!("{label} against year 5: {:.2} % {:?}", e.mean, e.ci95);
        assert!(e.mean.abs() < 2.0, "{label} revenue per slot differs from year 5 by {:.2} % {:?}", e.mean, e.ci95);
    }
}

/// Item 5: an exit costs the same whenever it happens. The departure
/// experiment (`validate::departure`: the reps of every fourth slot of the
/// lab made to quit, profit lost per extra exit, 120 replications) with the
/// quits in week 13 and in the last week (103). v1: about 184 k USD in
/// week 13 and exactly 0 in week 103 (no hire, no vacancy, no ramp inside
/// the horizon: a forced-ranking cull in week 103 was free); now 153 k
/// [141, 166] and 123 k USD (the hire and the expected margin the vacancy
/// and the ramp-up lose are booked at the exit; what the booking leaves
/// out, such as the quits an exit sets off, is the difference). Bound: the
/// last week's exit costs 70 to 130 % of week 13's.
#[test]
fn an_exit_in_the_last_week_costs_what_an_exit_in_the_first_quarter_costs() {
    let opts = options(120, 20_260_101);
    let text = format!("{LAB}[[strategy]]\nname = \"status_quo\"\n");
    let s = scenario(&text, &opts).unwrap();
    let early = estimate(&departure_cost(&s, 0, 13, 4, &opts).profit);
    let last = estimate(&departure_cost(&s, 0, 103, 4, &opts).profit);
    let ratio = last.mean / early.mean;
    eprintln!("exit cost, week 13: {early:?}; week 103: {last:?}");
    assert!(
        (0.7..=1.3).contains(&ratio),
        "an exit in week 103 costs {:.1} k USD {:?}, one in week 13 {:.1} k USD {:?}",
        last.mean,
        last.ci95,
        early.mean,
        early.ci95
    );
}

/// Mean base skill of the reps in post in the last week, and of those
/// hired in the last year.
#[derive(Debug, Default)]
struct TeamSkill {
    all: (f64, f64),
    hires: (f64, f64),
}

impl Observer for TeamSkill {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        if week != LAST_WEEK {
            return;
        }
        for (_, r) in reps {
            self.all.0 += r.traits.skill;
            self.all.1 += 1.0;
            if r.tenure <= 52 {
                self.hires.0 += r.traits.skill;
                self.hires.1 += 1.0;
            }
        }
    }
}

/// The lab over two years with a flat salary (`base_salary_share` 1, no
/// commission) against a commission-heavy plan (30 % base, commission 0.12,
/// no bonus): the paired difference, commission-heavy minus flat, of the
/// mean base skill of the team in the last week and of its reps hired in
/// the last year.
fn skill_sorting() -> (salesim::experiment::stats::Estimate, salesim::experiment::stats::Estimate) {
    let text = format!(
        "{LAB}[[strategy]]\nname = \"salary\"\n[strategy.incentives]\nbase_salary_share = 1.0\ncommission_rate = 0.0\nquota_bonus = 0.0\n\
         [[strategy]]\nname = \"commission\"\n[strategy.incentives]\nbase_salary_share = 0.3\ncommission_rate = 0.12\nquota_bonus = 0.0\n"
    );
    let opts = options(40, 2_026_009);
    let s = scenario(&text, &opts).unwrap();
    let m: Vec<Moments> = paired::<TeamSkill, _>(&all_strategies(&s), &opts, 2, |_, o| {
        let mean = |x: (f64, f64)| x.0 / x.1.max(1.0);
        vec![mean(o[1].all) - mean(o[0].all), mean(o[1].hires) - mean(o[0].hires)]
    });
    (estimate(&m[0]), estimate(&m[1]))
}

/// Item 9: pay for performance sorts people. Under a commission-heavy plan
/// the team after two years is more skilled than under a flat salary:
/// stars get better outside offers, so a salary that does not pay for
/// their output loses them, and applicants sort on the plan's slope. Mean
/// base skill, commission-heavy minus flat salary (lab, 40 replications):
/// v1 about 0 for the last year's hires (hires were drawn the same way
/// under every plan, from the same streams) and small for the team
/// (outside offers ignored skill; only attainment-driven pressure sorted);
/// now +0.074 [0.066, 0.082] for the team and +0.138 [0.111, 0.164] for
/// the hires. Bounds: the team at least +0.03, the hires at least +0.08.
#[test]
fn a_plan_that_pays_for_performance_keeps_and_attracts_more_skilled_reps() {
    let (team, hires) = skill_sorting();
    eprintln!("skill, commission minus salary: team {team:?}, hires {hires:?}");
    assert!(team.mean > 0.03 && team.clearly_positive(), "team skill, commission minus salary: {team:?}");
    assert!(hires.mean > 0.08 && hires.clearly_positive(), "hires' skill, commission minus salary: {hires:?}");
}

/// Item 9: stars get outside offers. Under a flat salary the stayers lose
/// skill against the starting team (the best leave for better offers and
/// are replaced from an applicant pool that a flat salary does not draw
/// stars into): mean base skill in the last week minus at week 0, flat
/// salary, lab, 100 replications. v1: not below 0 (outside offers ignored
/// skill, everyone earned the same, and the less able, behind on quota,
/// felt more pressure: stayers could only gain skill); now −0.012
/// [−0.018, −0.006]. Bound: below −0.007.
#[test]
fn under_a_flat_salary_stars_are_poached_and_team_skill_falls() {
    let text = format!(
        "{LAB}[[strategy]]\nname = \"salary\"\n[strategy.incentives]\nbase_salary_share = 1.0\ncommission_rate = 0.0\nquota_bonus = 0.0\n"
    );
    let opts = options(100, 2_026_019);
    let s = scenario(&text, &opts).unwrap();
    let m: Vec<Moments> = paired::<SkillDrift, _>(&all_strategies(&s), &opts, 1, |_, o| {
        vec![o[0].end.0 / o[0].end.1 - o[0].start.0 / o[0].start.1]
    });
    let drift = estimate(&m[0]);
    eprintln!("skill drift under a flat salary: {drift:?}");
    assert!(drift.mean < -0.007 && drift.clearly_negative(), "team skill drift under a flat salary: {drift:?}");
}

/// Mean base skill of the reps in post in week 0 and in the last week.
#[derive(Debug, Default)]
struct SkillDrift {
    start: (f64, f64),
    end: (f64, f64),
}

impl Observer for SkillDrift {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        let at = if week == 0 {
            &mut self.start
        } else if week == LAST_WEEK {
            &mut self.end
        } else {
            return;
        };
        for (_, r) in reps {
            at.0 += r.traits.skill;
            at.1 += 1.0;
        }
    }
}
