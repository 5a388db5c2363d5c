//! The state a rep carries from week to week, and how a new person is drawn.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::config::{Behavior, Team};

/// Stable personal traits, drawn once per person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traits {
    /// Base productivity (log-normal, mean 1).
    pub skill: f64,
    /// Trait level of intrinsic motivation (0-1).
    pub intrinsic: f64,
    /// Sensitivity to money (log-normal, mean 1).
    pub money_sensitivity: f64,
    /// Sensitivity to recognition.
    pub recognition_sensitivity: f64,
    /// Pressure at which challenge turns into hindrance.
    pub tolerance: f64,
    /// Outside pay offer relative to OTE.
    pub outside_option: f64,
}

impl Traits {
    /// Draws the traits of a new person. Uses exactly six normal draws, so the
    /// stream stays aligned whatever the parameters.
    pub fn draw<R: Rng + ?Sized>(team: &Team, behavior: &Behavior, rng: &mut R) -> Self {
        Traits::draw_applicant(team, behavior, 1.0, rng)
    }

    /// [`Traits::draw`] for a person who applied to a plan whose
    /// pay-for-performance slope tilts the applicant pool: base skill times
    /// `skill_factor` (`model::policy::hire_skill_factor`), the same six
    /// draws, so that hires under different plans pair on common random
    /// numbers.
    pub fn draw_applicant<R: Rng + ?Sized>(team: &Team, behavior: &Behavior, skill_factor: f64, rng: &mut R) -> Self {
        let mut z = || -> f64 { StandardNormal.sample(rng) };
        let (z1, z2, z3, z4, z5, z6) = (z(), z(), z(), z(), z(), z());
        let lognormal_mean_one = |sd: f64, z: f64| super::fastmath::exp(sd * z - 0.5 * sd * sd);
        Traits {
            skill: skill_factor * lognormal_mean_one(team.skill_sd, z1),
            intrinsic: (behavior.intrinsic_mean + behavior.intrinsic_sd * z2).clamp(0.0, 1.0),
            money_sensitivity: lognormal_mean_one(behavior.money_sensitivity_sd, z3),
            recognition_sensitivity: behavior.recognition_sensitivity * lognormal_mean_one(0.3, z4),
            tolerance: behavior.pressure_tolerance * lognormal_mean_one(behavior.tolerance_sd, z5),
            outside_option: (team.outside_option + team.outside_option_sd * z6).max(0.05),
        }
    }
}

/// Everything that changes about a rep from week to week.
#[derive(Debug, Clone, PartialEq)]
pub struct Rep {
    /// Stable traits.
    pub traits: Traits,
    /// Current skill (base skill grown by training).
    pub skill: f64,
    /// Weeks in the job.
    pub tenure: u32,
    /// Intrinsic motivation state (0-1).
    pub intrinsic: f64,
    /// Extrinsic drive felt this week (marginal reward value after adaptation).
    pub extrinsic: f64,
    /// Contingent pay the rep gets on average (`reward::update_contingent`),
    /// USD a week: what it expects beyond base salary.
    pub contingent_pay: f64,
    /// Reference level of contingent pay the rep has got used to
    /// (`reward::update_reference`), USD a week.
    pub money_reference: f64,
    /// Contest prizes and spot awards on average (the rewards a rotation
    /// changes), with the memory of `contingent_pay`, USD a week.
    pub novel_pay: f64,
    /// Share of the pull of recognition and growth rewards the rep has got
    /// used to (0-1).
    pub adaptation_other: f64,
    /// Perceived pressure (>= 0).
    pub pressure: f64,
    /// Fatigue (0-1).
    pub fatigue: f64,
    /// Whether the rep is burnt out.
    pub burnt_out: bool,
    /// Satisfaction / engagement (0-1).
    pub satisfaction: f64,
    /// Quality of the rep's customer relationships (0-1).
    pub relationship: f64,
    /// Expected deals in flight.
    pub pipeline: f64,
    /// Effort given this week.
    pub effort: f64,
    /// Booked sales so far in the current quota period (USD).
    pub period_sales: f64,
    /// Quota of the current period (USD).
    pub quota: f64,
    /// Sales of the last completed period, for the ratchet (USD).
    pub last_period_sales: f64,
    /// Whether the rep was present for all of the last period.
    pub full_last_period: bool,
    /// Booked sales in the current calendar quarter (USD).
    pub quarter_sales: f64,
    /// Quota accrued in the current calendar quarter (USD).
    pub quarter_quota: f64,
    /// Booked sales in the current year (forced ranking).
    pub year_sales: f64,
    /// Quota accrued in the current year.
    pub year_quota: f64,
    /// Sales in the current contest round.
    pub contest_sales: f64,
    /// Sales in the current recognition round.
    pub recognition_sales: f64,
    /// Quota accrued in the current recognition round.
    pub recognition_quota: f64,
    /// Consecutive missed periods.
    pub misses: u32,
    /// On a performance-improvement plan.
    pub on_pip: bool,
    /// Exponential average of weekly pay (USD).
    pub pay_average: f64,
    /// Afterglow of recent recognition (0-1, decays weekly).
    pub recognition_glow: f64,
    /// Inflated revenue booked this period that will be reversed at period end.
    pub inflated_pending: f64,
    /// Commission paid on the inflated revenue, to claw back.
    pub inflated_commission: f64,
}

/// Longest tenure (weeks) a member of the starting team is drawn with:
/// twenty years. Assumption (cuts the exponential's tail).
pub const MAX_START_TENURE: f64 = 1040.0;

impl Rep {
    /// A new person in a slot. `tenure` is 0 for a hire; starting teams draw
    /// it. The person expects `weekly_pay` a week, of which `weekly_contingent`
    /// beyond base salary (the plan as offered), and is used to
    /// `initial_adaptation` of the latter.
    #[inline]
    pub fn new(
        traits: Traits,
        tenure: u32,
        behavior: &Behavior,
        steady_pipeline: f64,
        weekly_pay: f64,
        weekly_contingent: f64,
    ) -> Self {
        Rep {
            traits,
            skill: traits.skill,
            tenure,
            intrinsic: traits.intrinsic,
            extrinsic: 0.0,
            contingent_pay: weekly_contingent,
            money_reference: behavior.initial_adaptation * weekly_contingent,
            novel_pay: 0.0,
            adaptation_other: behavior.initial_adaptation,
            pressure: 0.0,
            fatigue: 0.0,
            burnt_out: false,
            satisfaction: 0.5,
            relationship: crate::model::sales::RELATIONSHIP_NORMAL,
            pipeline: steady_pipeline,
            effort: 1.0,
            period_sales: 0.0,
            quota: 0.0,
            last_period_sales: 0.0,
            full_last_period: false,
            quarter_sales: 0.0,
            quarter_quota: 0.0,
            year_sales: 0.0,
            year_quota: 0.0,
            contest_sales: 0.0,
            recognition_sales: 0.0,
            recognition_quota: 0.0,
            misses: 0,
            on_pip: false,
            pay_average: weekly_pay,
            recognition_glow: 0.0,
            inflated_pending: 0.0,
            inflated_commission: 0.0,
        }
    }

    /// Productivity multiplier of ramp-up: `start` in week one, rising linearly to
    /// 1 at `ramp_weeks`.
    #[inline]
    pub fn ramp(tenure: u32, ramp_weeks: u32, start: f64) -> f64 {
        if ramp_weeks == 0 || tenure >= ramp_weeks {
            1.0
        } else {
            start + (1.0 - start) * f64::from(tenure) / f64::from(ramp_weeks)
        }
    }

    /// Skill after a week of training: `gain` a week, up to
    /// `cap` times the trait level.
    #[inline(always)]
    pub fn grown_skill(skill: f64, gain: f64, trait_skill: f64, cap: f64) -> f64 {
        (skill * (1.0 + gain)).min(trait_skill * cap)
    }

    /// Attainment of the current period (sales / quota).
    #[inline]
    pub fn attainment(&self) -> f64 {
        Rep::attainment_of(self.period_sales, self.quota)
    }

    /// Attainment of `sales` against `quota` (0 without a quota).
    #[inline]
    pub fn attainment_of(sales: f64, quota: f64) -> f64 {
        if quota > 0.0 { sales / quota } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_rises_from_start_to_one() {
        assert_eq!(Rep::ramp(0, 20, 0.2), 0.2);
        assert!((Rep::ramp(10, 20, 0.2) - 0.6).abs() < 1e-12);
        assert_eq!(Rep::ramp(20, 20, 0.2), 1.0);
        assert_eq!(Rep::ramp(3, 0, 0.2), 1.0);
    }

    #[test]
    fn traits_have_mean_one_skill() {
        use crate::sim::streams::{Purpose, StreamKey};
        let (team, beh) = (Team::default(), Behavior::default());
        let n = 20_000;
        let mean: f64 = (0..n)
            .map(|i| {
                let mut rng = StreamKey::new(1, 0, None).rng(Purpose::Person, i, 0, 0);
                Traits::draw(&team, &beh, &mut rng).skill
            })
            .sum::<f64>()
            / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "mean skill {mean}");
    }
}
