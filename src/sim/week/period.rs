//! Quota periods for one rep: the quota of a new period or of a new hire,
//! and what the end of a period brings (the bonus or the miss penalty); and
//! the improvement-plan review at each calendar quarter's end, on the
//! quarter's attainment whatever the quota period (13 weeks of results, not a
//! count of periods: v1 reviewed each quota period, so weekly quotas put reps
//! on plans after two bad weeks). The weekly loop runs these one rep at a
//! time, in slot order.

use crate::config::Team;
use crate::model::attrition::PIP_MISS_LEVEL;
use crate::model::pay::{self, PayBreakdown};
use crate::model::policy::Policy;
use crate::model::quota;

/// The quota of a rep with `tenure` for the period that opens now; the
/// ratchet blends in `last_sales` of the last period when the rep was
/// present for all of it.
#[inline]
pub fn period_quota(tenure: u32, last_sales: Option<f64>, team: &Team, policy: &Policy) -> f64 {
    let ramp = quota::mean_ramp(tenure, policy.period_weeks, team.ramp_weeks, team.ramp_start);
    quota::next_quota(policy.base_quota, policy.ratchet, last_sales, ramp)
}

/// The quota of a rep hired with `weeks_left` weeks of the current period to
/// go: ramp adjusted and pro rata.
#[inline]
pub fn hire_quota(weeks_left: u32, team: &Team, policy: &Policy) -> f64 {
    let ramp = quota::mean_ramp(0, weeks_left, team.ramp_weeks, team.ramp_start);
    quota::next_quota(policy.base_quota, 0.0, None, ramp) * f64::from(weeks_left) / f64::from(policy.period_weeks)
}

/// The individual part of the period's pay for a rep at `attainment`: the
/// quota bonus (less the team part) when quota is made, the miss penalty
/// otherwise.
#[inline]
pub fn period_pay(attainment: f64, pay: &mut PayBreakdown, policy: &Policy) {
    if attainment >= 1.0 {
        pay.bonus += (1.0 - policy.team_share) * policy.bonus_per_period;
    } else {
        pay.penalty += pay::miss_penalty(policy.miss_penalty, policy.variable_target_per_period, attainment);
    }
}

/// Weeks of results each improvement-plan review judges: a calendar quarter,
/// whatever the quota period. Assumption (`docs/model.md` 3.16).
pub const REVIEW_WEEKS: u32 = crate::model::WEEKS_PER_QUARTER;

/// A rep's standing in the improvement-plan process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// Consecutive clearly missed quarters ([`Rep::misses`](crate::model::rep::Rep::misses)).
    pub misses: u32,
    /// On a plan ([`Rep::on_pip`](crate::model::rep::Rep::on_pip)).
    pub on_pip: bool,
    /// Dismissed at this review (an involuntary exit).
    pub dismissed: bool,
}

/// The improvement-plan review at the end of a calendar quarter
/// ([`REVIEW_WEEKS`]), for a rep at `attainment` of the quota accrued over
/// the quarter with `tenure`, `misses` consecutive clearly missed quarters
/// before and `on_pip`. Plans look at clear misses only (below [`PIP_MISS_LEVEL`]);
/// reps still ramping up are not put on a plan nor dismissed.
#[inline]
pub fn review(attainment: f64, misses: u32, on_pip: bool, tenure: u32, team: &Team, policy: &Policy) -> Review {
    let clear_miss = attainment < PIP_MISS_LEVEL;
    let mut r = if clear_miss {
        Review { misses: misses + 1, on_pip, dismissed: false }
    } else {
        Review { misses: 0, on_pip: false, dismissed: false }
    };
    if policy.pip_after > 0 && tenure >= team.ramp_weeks {
        if r.on_pip && clear_miss {
            r.dismissed = true;
        } else if r.misses >= policy.pip_after {
            r.on_pip = true;
        }
    }
    r
}

/// The team part of the quota bonus, paid to each member in post when the
/// team's period sales reach the team's quota.
#[inline]
pub fn team_bonus(policy: &Policy) -> f64 {
    policy.team_share * policy.bonus_per_period
}
