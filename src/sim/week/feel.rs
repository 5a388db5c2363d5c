//! Phase 5, feel: once the week's pay is complete (commission, the team
//! pool, prizes, period-end bonus or penalty, clawbacks), a rep's pay memory
//! moves; intrinsic motivation moves toward a target lowered by a
//! controlling regime (crowding out) and raised by supportive rewards
//! (crowding in); adaptation to money and to other rewards moves; and
//! satisfaction moves toward its target. The recognition glow then decays.

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
    /// [`Rep::adaptation_money`].
    pub adaptation_money: f64,
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
            adaptation_money: rep.adaptation_money,
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
        rep.adaptation_money = self.adaptation_money;
        rep.adaptation_other = self.adaptation_other;
        rep.satisfaction = self.satisfaction;
    }
}

/// What a rep's team and week bring to feeling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeelIn {
    /// The rep's pay this week (`PayBreakdown::total`).
    pub pay: f64,
    /// Leaderboard rank (0 top, 1 bottom; 0 without a leaderboard).
    pub shame: f64,
}

/// The feeling phase of one rep (see the module documentation).
#[inline(always)]
pub fn feel(s: &mut FeelState, x: &FeelIn, regime: &Regime, beh: &Behavior, policy: &Policy) {
    s.pay_average = pay::update_pay_average(s.pay_average, x.pay);
    let glow = s.recognition_glow;

    // Intrinsic motivation: crowding out and in.
    let supportive =
        motivation::supportive(glow, policy.training_hours, policy.career_path, policy.wellbeing, policy.transparency);
    let target = motivation::intrinsic_target(
        s.trait_intrinsic,
        beh.crowding_out,
        regime.controlling,
        beh.crowding_in,
        supportive,
    );
    s.intrinsic = motivation::update_intrinsic(s.intrinsic, target, beh.intrinsic_rate);

    // Adaptation to the rewards that keep coming.
    s.adaptation_money = reward::adapt(s.adaptation_money, regime.money_active, beh.adaptation_rate);
    let other_active = reward::other_rewards_active(glow, policy.training_hours, policy.career_path);
    s.adaptation_other = reward::adapt(s.adaptation_other, other_active, beh.adaptation_rate_nonmonetary);

    // Satisfaction.
    let inputs = SatisfactionInputs {
        pay_ratio: pay::pay_ratio(s.pay_average, s.outside_pay),
        transparency: policy.transparency,
        recognition_glow: glow,
        wellbeing: policy.wellbeing,
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
