//! A replication starts from a team in steady state, and every exit is
//! priced when it happens (item 5 of the model issue): results should not
//! depend on the horizon through how the team starts or how it ends.
//!
//! - **The drawn stationary state.** Each starting rep's tenure is drawn
//!   (exponential, `team.initial_tenure_weeks`), and the state that moves
//!   slowly and predictably with tenure is set to where the baseline plan
//!   has taken it over that tenure ([`settle_by_tenure`]): skill grown by
//!   training, adaptation to the rewards that keep coming, intrinsic
//!   motivation moved toward its target. A short burn-in under the baseline
//!   plan (`sim::replication::starting_team`) then settles the fast,
//!   stochastic state (fatigue, satisfaction, pay memory, relationships,
//!   vacancies, the team's memory of quits).
//! - **The cost of an exit, booked at the exit** ([`ReplacementCost`]): the
//!   hire the exit calls for is booked in the week of the exit, and so is
//!   the expected margin the vacancy and the replacement's ramp-up will
//!   lose after the horizon ends. Losses inside the horizon show in revenue
//!   as they happen; what the last weeks' exits would cost after the end is
//!   booked instead of being free. Symmetrically, the expected losses still
//!   to come at week 0 from exits before week 0 (the starting team's
//!   vacancies and ramping hires) are credited, so that a steady-state team
//!   pays for exactly the exits of its own horizon.

use crate::config::Scenario;
use crate::model::policy::{self, Policy};
use crate::model::rep::Rep;
use crate::model::{motivation, reward};

use super::week::Regime;

/// Sets the state of a starting rep that moves predictably with tenure to
/// where `policy` (the baseline plan) has taken it over `rep.tenure` weeks
/// since hire:
///
/// ```text
/// skill      = min(trait_skill · (1 + skill_gain)^tenure, trait_skill · skill_growth_cap)
/// reference  = C + (initial_adaptation · C − C) · (1 − rate)^tenure   (C: the contingent pay of the plan)
/// adaptation = target + (initial_adaptation − target) · (1 − rate)^tenure   (other rewards: 1 if they keep coming, else 0)
/// intrinsic  = target + (trait − target) · (1 − intrinsic_rate)^tenure     (target without recognition glow)
/// ```
///
/// These are the weekly updates of `settle` and `feel` solved for a
/// constant regime; rotations, recognition and the stochastic state are
/// left to the burn-in.
pub fn settle_by_tenure(rep: &mut Rep, policy: &Policy, scenario: &Scenario) {
    let beh = &scenario.behavior;
    let weeks = rep.tenure.min(i32::MAX as u32) as i32;
    let t = &rep.traits;
    rep.skill = (t.skill * (1.0 + policy.skill_gain).powi(weeks)).min(t.skill * beh.skill_growth_cap.max(1.0));
    let regime = Regime::of(policy);
    let settle = |start: f64, target: f64, rate: f64| target + (start - target) * (1.0 - rate).powi(weeks);
    // The reference pay moves toward the contingent pay the plan pays.
    let contingent = rep.contingent_pay;
    rep.money_reference = settle(beh.initial_adaptation * contingent, contingent, beh.adaptation_rate);
    let other =
        reward::other_rewards_active(policy.recognition.is_some(), 0.0, policy.training_hours, policy.career_path);
    let other = if other { 1.0 } else { 0.0 };
    rep.adaptation_other = settle(beh.initial_adaptation, other, beh.adaptation_rate_nonmonetary);
    let supportive = motivation::supportive(0.0, policy.training_hours, policy.career_path, policy.transparency);
    let controlling = reward::contingent_share(contingent, policy.base_pay) * regime.control;
    let target = motivation::intrinsic_target(t.intrinsic, beh.crowding_out, controlling, beh.crowding_in, supportive);
    rep.intrinsic = settle(t.intrinsic, target, beh.intrinsic_rate).clamp(0.0, 1.0);
}

/// Weeks after the ramp during which the replacement's pipeline is still
/// counted as catching up, in sales cycles (the gap left is below 1 %).
const PIPELINE_CYCLES: f64 = 5.0;

/// The expected cost of one exit, by week after it, under one plan: the
/// hire, and the margin the slot loses while vacant and while the
/// replacement ramps up, net of the pay not paid. With `y` the normal weekly
/// output of an average rep under the plan (`capacity · productivity_factor`),
/// `pay` the plan's expected weekly pay at that output, `base` its weekly
/// base and `gm` the gross margin, week `j` after the exit loses
///
/// ```text
/// vacant (j ≤ hiring_lag):   gm · y − pay
/// ramping (tenure τ = j − hiring_lag − 1):
///     (gm · y − (pay − base)) · (1 − f(τ))
///     f(τ) = p_τ / cycle,  p_{τ+1} = p_τ + ramp(τ) − p_τ / cycle,  p_0 = cycle · ramp(0)
/// ```
///
/// `f` is the replacement's sales as a share of a tenured rep's: deals
/// opened at the ramp's level close a sales cycle later out of a pipeline
/// that starts at the ramp's starting level (`sim::week::steady_pipeline`).
/// The table stops once the replacement sells within 1 % of a tenured rep.
#[derive(Debug, Clone)]
pub struct ReplacementCost {
    /// The hire (`team.hire_cost`), booked in the week of the exit.
    pub hire: f64,
    /// `tail[j]`: the expected margin lost from week `j` after the exit on
    /// (`tail[0]` is the whole loss; empty past the table's end).
    tail: Vec<f64>,
}

impl ReplacementCost {
    /// The table of `policy` in `scenario`.
    pub fn new(scenario: &Scenario, policy: &Policy) -> ReplacementCost {
        let (team, mkt) = (&scenario.team, &scenario.market);
        let y = policy.capacity * policy.productivity_factor;
        let pay = policy::normal_weekly_pay(policy);
        let base = policy.base_pay;
        let margin = mkt.gross_margin * y;
        let lag = team.hiring_lag_weeks as usize;
        let cycle = mkt.sales_cycle_weeks.max(1.0);
        let ramp_len = team.ramp_weeks as usize + (PIPELINE_CYCLES * cycle).ceil() as usize;
        let mut losses = Vec::with_capacity(1 + lag + ramp_len);
        losses.push(0.0); // week 0: the exit's own week, worked in full
        losses.extend(std::iter::repeat_n(margin - pay, lag));
        let mut p = cycle * Rep::ramp(0, team.ramp_weeks, team.ramp_start);
        for tau in 0..ramp_len {
            let f = (p / cycle).min(1.0);
            losses.push((margin - (pay - base)) * (1.0 - f));
            p += Rep::ramp(tau as u32, team.ramp_weeks, team.ramp_start) - p / cycle;
        }
        let mut tail = losses;
        for j in (0..tail.len().saturating_sub(1)).rev() {
            tail[j] += tail[j + 1];
        }
        ReplacementCost { hire: team.hire_cost, tail }
    }

    /// The expected margin lost from week `j` after an exit on.
    #[inline]
    pub fn after(&self, j: u32) -> f64 {
        self.tail.get(j as usize).copied().unwrap_or(0.0)
    }

    /// The whole expected margin lost to one exit (vacancy and ramp-up).
    pub fn lost_margin(&self) -> f64 {
        self.after(0)
    }
}
