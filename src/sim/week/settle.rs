//! Phase 4, settle: what follows a week's selling for one rep. The bookings
//! go to the period, quarter, year, contest and recognition totals and the
//! quota accrues to the quarter, year and recognition quotas; fatigue builds
//! or drains and burnout starts or ends; customer relationships drift (eroded
//! by pressure beyond tolerance); skill grows; tenure advances.

use crate::config::{Behavior, Scenario};
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::{fatigue, quota, sales};

/// The state settling reads and changes of one rep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SettleState {
    /// [`Rep::period_sales`].
    pub period_sales: f64,
    /// [`Rep::quarter_sales`].
    pub quarter_sales: f64,
    /// [`Rep::year_sales`].
    pub year_sales: f64,
    /// [`Rep::contest_sales`].
    pub contest_sales: f64,
    /// [`Rep::recognition_sales`].
    pub recognition_sales: f64,
    /// [`Rep::quota`] (read).
    pub quota: f64,
    /// [`Rep::quarter_quota`].
    pub quarter_quota: f64,
    /// [`Rep::year_quota`].
    pub year_quota: f64,
    /// [`Rep::recognition_quota`].
    pub recognition_quota: f64,
    /// [`Rep::fatigue`].
    pub fatigue: f64,
    /// [`Rep::effort`] this week (read).
    pub effort: f64,
    /// [`Rep::pressure`] after booking (read).
    pub pressure: f64,
    /// The trait [`tolerance`](crate::model::rep::Traits::tolerance) (read).
    pub tolerance: f64,
    /// Effort the person can sustain ([`super::sustainable`], read).
    pub sustainable: f64,
    /// [`Rep::burnt_out`].
    pub burnt_out: bool,
    /// [`Rep::relationship`].
    pub relationship: f64,
    /// [`Rep::skill`].
    pub skill: f64,
    /// The trait [`skill`](crate::model::rep::Traits::skill) (read).
    pub trait_skill: f64,
    /// [`Rep::tenure`].
    pub tenure: u32,
}

impl SettleState {
    /// The fields of `rep` in `scenario`.
    pub fn of(rep: &Rep, scenario: &Scenario) -> SettleState {
        SettleState {
            period_sales: rep.period_sales,
            quarter_sales: rep.quarter_sales,
            year_sales: rep.year_sales,
            contest_sales: rep.contest_sales,
            recognition_sales: rep.recognition_sales,
            quota: rep.quota,
            quarter_quota: rep.quarter_quota,
            year_quota: rep.year_quota,
            recognition_quota: rep.recognition_quota,
            fatigue: rep.fatigue,
            effort: rep.effort,
            pressure: rep.pressure,
            tolerance: rep.traits.tolerance,
            sustainable: super::sustainable(&rep.traits, scenario),
            burnt_out: rep.burnt_out,
            relationship: rep.relationship,
            skill: rep.skill,
            trait_skill: rep.traits.skill,
            tenure: rep.tenure,
        }
    }

    /// Writes the changed fields into `rep`.
    pub fn apply(&self, rep: &mut Rep) {
        rep.period_sales = self.period_sales;
        rep.quarter_sales = self.quarter_sales;
        rep.year_sales = self.year_sales;
        rep.contest_sales = self.contest_sales;
        rep.recognition_sales = self.recognition_sales;
        rep.quarter_quota = self.quarter_quota;
        rep.year_quota = self.year_quota;
        rep.recognition_quota = self.recognition_quota;
        rep.fatigue = self.fatigue;
        rep.burnt_out = self.burnt_out;
        rep.relationship = self.relationship;
        rep.skill = self.skill;
        rep.tenure = self.tenure;
    }
}

/// The settling phase of one rep who booked `booked` this week with
/// pressure `excess` beyond tolerance when it chose (see the module
/// documentation).
#[inline(always)]
pub fn settle(s: &mut SettleState, booked: f64, excess: f64, beh: &Behavior, policy: &Policy) {
    // Totals and accruals.
    s.period_sales += booked;
    s.quarter_sales += booked;
    s.year_sales += booked;
    s.contest_sales += booked;
    s.recognition_sales += booked;
    let accrual = quota::weekly_accrual(s.quota, f64::from(policy.period_weeks));
    s.quarter_quota += accrual;
    s.year_quota += accrual;
    s.recognition_quota += accrual;

    // Fatigue and burnout.
    s.fatigue = fatigue::update_fatigue_sustainable(
        beh,
        s.fatigue,
        s.effort,
        s.pressure,
        s.tolerance,
        s.sustainable,
        policy.wellbeing,
    );
    s.burnt_out = fatigue::update_burnout(beh, s.burnt_out, s.fatigue);

    // Relationships, skill, tenure.
    s.relationship = sales::update_relationship(s.relationship, excess);
    s.skill = Rep::grown_skill(s.skill, policy.skill_gain, s.trait_skill, beh.skill_growth_cap);
    s.tenure = s.tenure.wrapping_add(1);
}
