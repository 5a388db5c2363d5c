//! Phase 5, feel: once the week's pay is complete (commission, the team
//! pool, prizes, period-end bonus or penalty, clawbacks), a rep's pay memory
//! and the contingent pay it expects move; intrinsic motivation moves toward
//! a target lowered by a controlling regime in proportion to the realised
//! contingent share of its pay (crowding out) and raised by supportive
//! rewards (crowding in); the reference level of money it is used to and its
//! adaptation to other rewards move; and satisfaction moves toward its
//! target (a cut below the reference is felt as a loss). The recognition
//! glow then decays.

use super::Regime;
use crate::config::{Behavior, Scenario};
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::satisfaction::{self, SatisfactionInputs};
use crate::model::{motivation, pay, pressure, reward};

/// The state feeling reads and changes of one rep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeelState {
    /// [`Rep::pay_average`].
    pub pay_average: f64,
    /// [`Rep::recognition_glow`].
    pub recognition_glow: f64,
    /// [`Rep::intrinsic`].
    pub intrinsic: f64,
    /// [`Rep::contingent_pay`].
    pub contingent_pay: f64,
    /// [`Rep::money_reference`].
    pub money_reference: f64,
    /// [`Rep::novel_pay`].
    pub novel_pay: f64,
    /// [`Rep::adaptation_other`].
    pub adaptation_other: f64,
    /// [`Rep::satisfaction`].
    pub satisfaction: f64,
    /// The trait [`intrinsic`](crate::model::rep::Traits::intrinsic) (read).
    pub trait_intrinsic: f64,
    /// The person's outside pay offer per year ([`super::outside_pay`], read).
    pub outside_pay: f64,
    /// [`Rep::fatigue`] (read).
    pub fatigue: f64,
    /// [`Rep::pressure`] (read).
    pub pressure: f64,
    /// The trait [`tolerance`](crate::model::rep::Traits::tolerance) (read).
    pub tolerance: f64,
    /// [`Rep::on_pip`] (read).
    pub on_pip: bool,
}

impl FeelState {
    /// The fields of `rep` in `scenario`.
    pub fn of(rep: &Rep, scenario: &Scenario) -> FeelState {
        FeelState {
            pay_average: rep.pay_average,
            recognition_glow: rep.recognition_glow,
            intrinsic: rep.intrinsic,
            contingent_pay: rep.contingent_pay,
            money_reference: rep.money_reference,
            novel_pay: rep.novel_pay,
            adaptation_other: rep.adaptation_other,
            satisfaction: rep.satisfaction,
            trait_intrinsic: rep.traits.intrinsic,
            outside_pay: super::outside_pay(&rep.traits, scenario),
            fatigue: rep.fatigue,
            pressure: rep.pressure,
            tolerance: rep.traits.tolerance,
            on_pip: rep.on_pip,
        }
    }

    /// Writes the changed fields into `rep`.
    pub fn apply(&self, rep: &mut Rep) {
        rep.pay_average = self.pay_average;
        rep.recognition_glow = self.recognition_glow;
        rep.intrinsic = self.intrinsic;
        rep.contingent_pay = self.contingent_pay;
        rep.money_reference = self.money_reference;
        rep.novel_pay = self.novel_pay;
        rep.adaptation_other = self.adaptation_other;
        rep.satisfaction = self.satisfaction;
    }
}

/// What a rep's team and week bring to feeling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeelIn {
    /// The rep's pay this week (`PayBreakdown::total`).
    pub pay: f64,
    /// Contest prizes and spot awards in it (the rewards a rotation
    /// changes).
    pub novel: f64,
    /// Leaderboard rank (0 top, 1 bottom; 0 without a leaderboard).
    pub shame: f64,
}

/// The feeling phase of one rep (see the module documentation).
#[inline(always)]
pub fn feel(s: &mut FeelState, x: &FeelIn, regime: &Regime, beh: &Behavior, policy: &Policy) {
    s.pay_average = pay::update_pay_average(s.pay_average, x.pay);
    // The contingent part of the pay memory, averaged again over a year:
    // quarterly bonuses and monthly prizes leave almost no quarterly cycle.
    s.contingent_pay = reward::update_contingent(s.contingent_pay, s.pay_average - policy.base_pay);
    s.novel_pay = reward::update_contingent(s.novel_pay, x.novel);
    let glow = s.recognition_glow;

    // Intrinsic motivation: crowding out, by the contingent share of the
    // pay the rep actually gets, and crowding in.
    let controlling = reward::contingent_share(s.contingent_pay, policy.base_pay) * regime.control;
    let supportive = motivation::supportive(glow, policy.training_hours, policy.career_path, policy.transparency);
    let target =
        motivation::intrinsic_target(s.trait_intrinsic, beh.crowding_out, controlling, beh.crowding_in, supportive);
    s.intrinsic = motivation::update_intrinsic(s.intrinsic, target, beh.intrinsic_rate);

    // Adaptation: the money reference follows the contingent pay the rep
    // gets; other rewards adapt while they keep coming.
    s.money_reference = reward::update_reference(s.money_reference, s.contingent_pay, beh.adaptation_rate);
    let other_active =
        reward::other_rewards_active(policy.recognition.is_some(), glow, policy.training_hours, policy.career_path);
    s.adaptation_other = reward::adapt(s.adaptation_other, other_active, beh.adaptation_rate_nonmonetary);

    // Satisfaction.
    let inputs = SatisfactionInputs {
        pay_ratio: pay::pay_ratio(s.pay_average, s.outside_pay),
        pay_loss: reward::felt_loss(s.money_reference, s.contingent_pay, policy.weekly_ote),
        transparency: policy.transparency,
        recognition_glow: glow,
        team_share: policy.team_share,
        career_path: policy.career_path,
        intrinsic: s.intrinsic,
        fatigue: s.fatigue,
        excess_pressure: pressure::excess(s.pressure, s.tolerance),
        leaderboard_shame: x.shame,
        on_pip: s.on_pip,
    };
    s.satisfaction = satisfaction::update_satisfaction(s.satisfaction, satisfaction::satisfaction_target(&inputs));
    s.recognition_glow = reward::decayed_glow(glow);
}
