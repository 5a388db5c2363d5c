//! Model v2, items 11 and 12 of the model issue (`docs/model.md`, "What
//! changed from v1 and why"): one path per cause, and team effects that
//! act. Each test fails on the v1 model (the v1 figures, measured with the
//! v1 binary or read off the v1 equations, are in each test's comment).
//! Simulated comparisons run on common random numbers and are judged by
//! their 95 % interval (`cargo test --release --test model_v2_team`).

use salesim::config::{Behavior, Scenario};
use salesim::experiment::executor::Executor;
use salesim::experiment::moments::Moments;
use salesim::experiment::stats::{Estimate, estimate};
use salesim::model::attrition::{self, QuitInputs};
use salesim::model::policy::Policy;
use salesim::model::satisfaction::{SatisfactionInputs, satisfaction_target};
use salesim::model::{goal, reward};
use salesim::sim::week::WeekContext;
use salesim::sim::week::choose::{self, ChooseIn, TeamView};
use salesim::sim::{NoObserver, ReplicationMetrics, Series};
use salesim::validate::ValidationOptions;
use salesim::validate::arms::{Arm, paired, window_mean};

/// A lab of 120 reps in a flat market, so that what moves is the plan;
/// `{team}` and `{behavior}` are filled in per arm.
fn lab(team_size: u32, behavior: &str, strategy: &str) -> Scenario {
    let text = format!(
        "[scenario]\nname = \"v2_team_lab\"\nweeks = 52\n[team]\nsize = 120\nteam_size = {team_size}\n\
         [market]\nseasonality = 0.0\nshock_sd = 0.0\n[behavior]\n{behavior}\n[[strategy]]\nname = \"plan\"\n{strategy}\n"
    );
    Scenario::from_toml_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn options(replications: u64) -> ValidationOptions {
    ValidationOptions { replications, executor: Executor::new(2_026_012), behavior: None }
}

/// Runs the arms on common random numbers and returns, per statistic of
/// `measure` (one replication's metrics of every arm), its estimate.
fn compare(
    arms: &[Scenario],
    replications: u64,
    n: usize,
    measure: fn(&[&ReplicationMetrics]) -> Vec<f64>,
) -> Vec<Estimate> {
    let arms: Vec<Arm> = arms.iter().map(|s| Arm { scenario: s.clone(), strategy: 0 }).collect();
    let m: Vec<Moments> = paired::<NoObserver, _>(&arms, &options(replications), n, |r, _| {
        measure(&r.iter().map(|run| &run.metrics).collect::<Vec<_>>())
    });
    m.iter().map(estimate).collect()
}

fn show(claim: &str, e: &Estimate) {
    eprintln!("{claim}: {:.4} {:?}", e.mean, e.ci95);
}

/// Item 11: fatigue and pay reach the quit hazard only through
/// satisfaction, and teammates' quits only directly. A rep at fatigue 0.5
/// (other inputs neutral) has a hazard `exp(quit_dissatisfaction · 0.45 ·
/// 0.5)` = 1.57 times a rested one's once satisfaction has settled; in v1
/// also `exp(quit_fatigue · 0.5)` on top (2.59 times) and the burnout
/// multiplier. Pay at 80 % of the outside offer: 1.31 times (v1 1.95 times,
/// with `quit_underpay`). A recent quit of a fifth of the team: 1 + 4 ·
/// 0.2 = 1.8 times and no change in satisfaction (v1: 1.2 times, and
/// satisfaction's target 0.1 lower, which added another 1.22 times).
#[test]
fn fatigue_and_pay_reach_quitting_only_through_satisfaction_and_peer_quits_only_directly() {
    let b = Behavior::default();
    let base = attrition::weekly_base_hazard(b.quit_rate);
    let neutral = SatisfactionInputs {
        pay_ratio: 1.0,
        transparency: 0.5,
        recognition_glow: 0.0,
        pay_loss: 0.0,
        team_share: 0.0,
        career_path: false,
        intrinsic: 0.6,
        fatigue: 0.0,
        excess_pressure: 0.0,
        leaderboard_shame: 0.0,
        on_pip: false,
    };
    let hazard = |s: &SatisfactionInputs, peer_quits: f64| {
        let x = QuitInputs { satisfaction: satisfaction_target(s), burnt_out: false, peer_quits, career_path: false };
        attrition::quit_probability(&b, base, &x)
    };
    let h0 = hazard(&neutral, 0.0);
    let ratio = |s: SatisfactionInputs| hazard(&s, 0.0) / h0;
    let through_satisfaction = |s: SatisfactionInputs| {
        (b.quit_dissatisfaction * (satisfaction_target(&neutral) - satisfaction_target(&s))).exp()
    };
    for (what, s) in [
        ("fatigue 0.5", SatisfactionInputs { fatigue: 0.5, ..neutral }),
        ("pay at 80 % of the outside offer", SatisfactionInputs { pay_ratio: 0.8, ..neutral }),
    ] {
        let (got, want) = (ratio(s), through_satisfaction(s));
        eprintln!("{what}: hazard x{got:.3}, through satisfaction x{want:.3}");
        assert!((got / want - 1.0).abs() < 1e-3, "{what}: hazard x{got}, satisfaction explains x{want}");
        assert!(got > 1.0);
    }
    let peer = hazard(&neutral, 0.2) / h0;
    eprintln!("a fifth of the team quit recently: hazard x{peer:.3}");
    assert!((peer - (1.0 + b.contagion * 0.2)).abs() < 1e-9);
}

/// Item 11: sustained effort raises how much is sold through one path, the
/// opportunities it opens. Effort is split in fixed shares between
/// prospecting and closing, and closing time raises the win rate of the
/// deals maturing only when it outruns the pipeline (a burst); a rep who
/// works harder for good has more deals to close, not more time per deal.
/// A rep held at constant inputs for 150 weeks closes, over its last 100,
/// as many deals (after conversion and demand) as it opens: ratio 1.0000
/// at efforts 1.10 and 1.55 (v1: `0.6 + 0.4 e`, 1.04 and 1.22: the push
/// made deals on top of the pipeline's at any sustained effort).
#[test]
fn sustained_effort_sells_through_the_opportunities_it_opens_not_twice() {
    let s = lab(8, "", "");
    let policy = Policy::new(&s, &s.strategies[0]);
    let (mkt, w) = (&s.market, week(&s, 13.0, false));
    let team = TeamView { shame: 0.0, members: 8.0, team_contest: 0.0, team_left: 0.0, team_capacity: 0.0, rival: 0.0 };
    for intrinsic in [0.1, 1.0] {
        let mut r = rep(intrinsic);
        let (mut opened, mut closed, mut effort) = (0.0, 0.0, 0.0);
        for week in 0..150 {
            let c = choose::choose(&r, &team, &w, &s, &policy);
            let cap = choose::capacity(r.skill, r.tenure, r.relationship, w.demand, &s, &policy);
            if week >= 50 {
                opened += mkt.deals_per_week * cap.productivity * c.effort * cap.conv * w.demand;
                closed += c.lambda;
                effort += c.effort / 100.0;
            }
            r.pipeline = c.pipeline;
            r.pressure = c.pressure;
        }
        eprintln!("effort {effort:.3}: deals closed / opened {:.4}", closed / opened);
        assert!((closed / opened - 1.0).abs() < 1e-3, "effort {effort}: closed / opened {}", closed / opened);
    }
}

/// A week of a quarterly quota in a flat market with `weeks_left` weeks to
/// the quarter's end, with or without a team bonus at stake.
fn week(s: &Scenario, weeks_left: f64, team_bonus: bool) -> WeekContext {
    let mkt = &s.market;
    WeekContext {
        period_weeks: 13,
        demand: 1.0,
        weeks_left,
        movable: salesim::model::gaming::movable_share(weeks_left, mkt.sales_cycle_weeks),
        effort_this_period: goal::effort_this_period(weeks_left, mkt.sales_cycle_weeks),
        cv: reward::sales_cv(mkt.deals_per_week, mkt.deal_size_sd),
        spot_chance: 0.0,
        team_bonus,
        contest: None,
        recognition: None,
    }
}

/// A fully ramped rep with the given intrinsic motivation, mid-period, on
/// its quota's pace.
fn rep(intrinsic: f64) -> ChooseIn {
    ChooseIn {
        skill: 1.0,
        tenure: 200,
        relationship: 0.7,
        quota: 130_000.0,
        period_sales: 0.0,
        pressure: 0.3,
        tolerance: 0.6,
        on_pip: false,
        misses: 0,
        contest_sales: 0.0,
        contingent_pay: 0.0,
        money_reference: 0.0,
        money_sensitivity: 1.0,
        recognition_quota: 0.0,
        recognition_sales: 0.0,
        adaptation_other: 0.0,
        recognition_sensitivity: 1.0,
        intrinsic,
        satisfaction: 0.5,
        fatigue: 0.0,
        burnt_out: false,
        pipeline: 2.0,
    }
}

/// Item 12: the team bonus pulls by the team's distance to its quota, not
/// by the rep's own. A rep hopelessly far from its own quota in the last
/// three weeks of a period, with the whole bonus paid on team results
/// (`team_bonus_share` 1) in a team of 8: extrinsic drive 0.145 when its
/// team needs four normal team-weeks in the three left (a reachable
/// stretch), 0.041 (commission only) when the team has made its quota or
/// needs twenty (in v1 the three were equal: the team part pulled by the
/// rep's own distance / 8, so nothing for a hopeless rep whatever its
/// team's position).
#[test]
fn the_team_bonus_pulls_by_the_teams_distance_to_its_quota() {
    let s = lab(8, "", "[strategy.incentives]\nteam_bonus_share = 1.0\nquota_bonus = 0.3");
    let policy = Policy::new(&s, &s.strategies[0]);
    let w = week(&s, 3.0, true);
    let hopeless = ChooseIn { period_sales: 0.0, ..rep(0.6) };
    let team_capacity = 8.0 * policy.capacity;
    let drive = |team_left: f64| {
        let team = TeamView { shame: 0.0, members: 8.0, team_contest: 0.0, team_left, team_capacity, rival: 0.0 };
        choose::choose(&hopeless, &team, &w, &s, &policy).extrinsic
    };
    let (near, made, far) = (drive(4.0 * team_capacity), drive(-1.0), drive(20.0 * team_capacity));
    eprintln!("extrinsic drive: team near its quota {near:.4}, made {made:.4}, far {far:.4}");
    assert!(near > 1.05 * made, "near {near} vs made {made}");
    assert!(near > 1.05 * far, "near {near} vs far {far}");
}

/// Item 12: the span of control sets each rep's share of the manager. With
/// weekly reviews, a manager of 120 reps holds each rep's review about
/// every ten weeks (12 hours a week shared), so revenue per slot is 4.8 %
/// lower [-5.0, -4.5] than under a manager of 8 (v1: 0.1 % lower: span
/// changed nothing); a manager of 2 costs 15 600 USD
/// more per rep-year in manager time than one of 8 (the manager's 8 hours
/// a week of running a team shared by 2 instead of 8; v1: 0).
#[test]
fn a_wide_span_rations_reviews_and_a_narrow_one_costs_manager_time() {
    let weekly = "[strategy.performance]\nreview_cadence_weeks = 1";
    let arms = [lab(2, "", weekly), lab(8, "", weekly), lab(120, "", weekly)];
    let e = compare(&arms, 20, 2, |m| {
        let per_rep = |m: &ReplicationMetrics| 100.0 * m.manager_time_cost / m.headcount_pct;
        vec![m[2].revenue / m[1].revenue - 1.0, per_rep(m[0]) - per_rep(m[1])]
    });
    show("revenue, span 120 / span 8 - 1", &e[0]);
    show("manager cost per rep-year, span 2 - span 8", &e[1]);
    assert!(e[0].clearly_negative() && e[0].mean < -0.02);
    assert!(e[1].clearly_positive() && e[1].mean > 10_000.0);
}

/// Item 12: turnover is contagious within a team, and a quit in a team of 8
/// is felt. Voluntary attrition with the default contagion over none:
/// ratio 1.093 [1.073, 1.114] (v1 1.03: contagion 1 added 12.5 % to a
/// teammate's hazard the week after a quit in a team of 8, fading by 15 %
/// a week; now 50 %).
#[test]
fn a_quit_in_a_team_of_eight_is_felt_by_its_members() {
    let arms = [lab(8, "contagion = 0.0", ""), lab(8, "", "")];
    let e = compare(&arms, 40, 1, |m| vec![m[1].voluntary_attrition_pct / m[0].voluntary_attrition_pct - 1.0]);
    show("voluntary attrition with contagion / without - 1", &e[0]);
    assert!(e[0].clearly_positive() && e[0].ci95[0].unwrap_or(0.0) > 0.05);
}

/// Item 12: morale drift does more than average: a bad mood spreads faster
/// than a good one, so the team's mood pulls its mean down. Mean
/// satisfaction over weeks 14-52 with the default drift less without
/// drift: -0.020 [-0.021, -0.019] (v1 -0.004 at the end of two years:
/// averaging moved the mean only through who quits).
#[test]
fn a_bad_mood_spreads_faster_than_a_good_one_and_lowers_the_teams_mean() {
    let arms = [lab(8, "morale_drift = 0.0", ""), lab(8, "", "")];
    let m: Vec<Moments> = paired::<NoObserver, _>(
        &arms.iter().map(|s| Arm { scenario: s.clone(), strategy: 0 }).collect::<Vec<_>>(),
        &options(20),
        1,
        |r, _| {
            let k = Series::Satisfaction.index();
            vec![window_mean(&r[1].weekly, k, 13, 52) - window_mean(&r[0].weekly, k, 13, 52)]
        },
    );
    let e = estimate(&m[0]);
    show("mean satisfaction, drift less none", &e);
    assert!(e.ci95[1].is_some_and(|hi| hi < -0.01), "{e:?}");
}
