//! The team's state as the weekly loop stores it: [`LANES`] rep slots per
//! block, one fixed-size array per field (a structure of arrays, in blocks).
//!
//! The lane-wise kernels (`sim::kernels`) read and update a block's fields in
//! place, and the scalar passes of the weekly loop index them by lane, so no
//! state is copied between the two. [`RepBlock::rep`] and
//! [`RepBlock::set_rep`] convert one lane to and from the [`Rep`] that
//! observers and tests see.

use super::kernels::LANES;
use super::streams::StreamPrefix;
use crate::model::rep::{Rep, Traits};

/// Block and lane of slot `i`.
#[inline(always)]
pub(crate) fn lane_of(i: usize) -> (usize, usize) {
    (i / LANES, i % LANES)
}

/// Whether someone is in post in slot `i` of `blocks`.
#[inline(always)]
pub(crate) fn in_post(blocks: &[RepBlock], i: usize) -> bool {
    let (b, l) = lane_of(i);
    blocks[b].filled[l]
}

/// [`LANES`] rep slots: who is in post, the slot's bookkeeping, and every
/// field of [`Rep`] and its [`Traits`], lane by lane. A vacant slot keeps its
/// last occupant's values until the next hire overwrites them all; nothing
/// reads them in between.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RepBlock {
    /// Whether someone is in post.
    pub(crate) filled: [bool; LANES],
    /// Weeks until a vacancy is filled.
    pub(crate) vacancy_left: [u32; LANES],
    /// People hired into the slot so far.
    pub(crate) hires: [u32; LANES],
    /// The slot's weekly stream key, less the week.
    pub(crate) week_stream: [StreamPrefix; LANES],
    /// `fatigue::sustainable_effort` of the person in post.
    pub(crate) sustainable: [f64; LANES],
    /// Outside pay offer of the person in post (outside option x OTE).
    pub(crate) outside_pay: [f64; LANES],

    /// [`Traits::skill`].
    pub(crate) trait_skill: [f64; LANES],
    /// [`Traits::intrinsic`].
    pub(crate) trait_intrinsic: [f64; LANES],
    /// [`Traits::money_sensitivity`].
    pub(crate) money_sensitivity: [f64; LANES],
    /// [`Traits::recognition_sensitivity`].
    pub(crate) recognition_sensitivity: [f64; LANES],
    /// [`Traits::tolerance`].
    pub(crate) tolerance: [f64; LANES],
    /// [`Traits::outside_option`].
    pub(crate) outside_option: [f64; LANES],

    /// [`Rep::skill`].
    pub(crate) skill: [f64; LANES],
    /// [`Rep::tenure`].
    pub(crate) tenure: [u32; LANES],
    /// [`Rep::intrinsic`].
    pub(crate) intrinsic: [f64; LANES],
    /// [`Rep::extrinsic`].
    pub(crate) extrinsic: [f64; LANES],
    /// [`Rep::contingent_pay`].
    pub(crate) contingent_pay: [f64; LANES],
    /// [`Rep::money_reference`].
    pub(crate) money_reference: [f64; LANES],
    /// [`Rep::novel_pay`].
    pub(crate) novel_pay: [f64; LANES],
    /// [`Rep::adaptation_other`].
    pub(crate) adaptation_other: [f64; LANES],
    /// [`Rep::pressure`].
    pub(crate) pressure: [f64; LANES],
    /// [`Rep::fatigue`].
    pub(crate) fatigue: [f64; LANES],
    /// [`Rep::burnt_out`].
    pub(crate) burnt_out: [bool; LANES],
    /// [`Rep::satisfaction`].
    pub(crate) satisfaction: [f64; LANES],
    /// [`Rep::relationship`].
    pub(crate) relationship: [f64; LANES],
    /// [`Rep::pipeline`].
    pub(crate) pipeline: [f64; LANES],
    /// [`Rep::effort`].
    pub(crate) effort: [f64; LANES],
    /// [`Rep::period_sales`].
    pub(crate) period_sales: [f64; LANES],
    /// [`Rep::quota`].
    pub(crate) quota: [f64; LANES],
    /// [`Rep::last_period_sales`].
    pub(crate) last_period_sales: [f64; LANES],
    /// [`Rep::full_last_period`].
    pub(crate) full_last_period: [bool; LANES],
    /// [`Rep::quarter_sales`].
    pub(crate) quarter_sales: [f64; LANES],
    /// [`Rep::quarter_quota`].
    pub(crate) quarter_quota: [f64; LANES],
    /// [`Rep::year_sales`].
    pub(crate) year_sales: [f64; LANES],
    /// [`Rep::year_quota`].
    pub(crate) year_quota: [f64; LANES],
    /// [`Rep::contest_sales`].
    pub(crate) contest_sales: [f64; LANES],
    /// [`Rep::recognition_sales`].
    pub(crate) recognition_sales: [f64; LANES],
    /// [`Rep::recognition_quota`].
    pub(crate) recognition_quota: [f64; LANES],
    /// [`Rep::misses`].
    pub(crate) misses: [u32; LANES],
    /// [`Rep::on_pip`].
    pub(crate) on_pip: [bool; LANES],
    /// [`Rep::pay_average`].
    pub(crate) pay_average: [f64; LANES],
    /// [`Rep::recognition_glow`].
    pub(crate) recognition_glow: [f64; LANES],
    /// [`Rep::inflated_pending`].
    pub(crate) inflated_pending: [f64; LANES],
    /// [`Rep::inflated_commission`].
    pub(crate) inflated_commission: [f64; LANES],
}

impl RepBlock {
    /// The person in lane `l`, as a [`Rep`].
    pub(crate) fn rep(&self, l: usize) -> Rep {
        Rep {
            traits: Traits {
                skill: self.trait_skill[l],
                intrinsic: self.trait_intrinsic[l],
                money_sensitivity: self.money_sensitivity[l],
                recognition_sensitivity: self.recognition_sensitivity[l],
                tolerance: self.tolerance[l],
                outside_option: self.outside_option[l],
            },
            skill: self.skill[l],
            tenure: self.tenure[l],
            intrinsic: self.intrinsic[l],
            extrinsic: self.extrinsic[l],
            contingent_pay: self.contingent_pay[l],
            money_reference: self.money_reference[l],
            novel_pay: self.novel_pay[l],
            adaptation_other: self.adaptation_other[l],
            pressure: self.pressure[l],
            fatigue: self.fatigue[l],
            burnt_out: self.burnt_out[l],
            satisfaction: self.satisfaction[l],
            relationship: self.relationship[l],
            pipeline: self.pipeline[l],
            effort: self.effort[l],
            period_sales: self.period_sales[l],
            quota: self.quota[l],
            last_period_sales: self.last_period_sales[l],
            full_last_period: self.full_last_period[l],
            quarter_sales: self.quarter_sales[l],
            quarter_quota: self.quarter_quota[l],
            year_sales: self.year_sales[l],
            year_quota: self.year_quota[l],
            contest_sales: self.contest_sales[l],
            recognition_sales: self.recognition_sales[l],
            recognition_quota: self.recognition_quota[l],
            misses: self.misses[l],
            on_pip: self.on_pip[l],
            pay_average: self.pay_average[l],
            recognition_glow: self.recognition_glow[l],
            inflated_pending: self.inflated_pending[l],
            inflated_commission: self.inflated_commission[l],
        }
    }

    /// Puts `r` in lane `l` (every field of [`Rep`] and its traits).
    pub(crate) fn set_rep(&mut self, l: usize, r: &Rep) {
        let t = &r.traits;
        self.trait_skill[l] = t.skill;
        self.trait_intrinsic[l] = t.intrinsic;
        self.money_sensitivity[l] = t.money_sensitivity;
        self.recognition_sensitivity[l] = t.recognition_sensitivity;
        self.tolerance[l] = t.tolerance;
        self.outside_option[l] = t.outside_option;
        self.skill[l] = r.skill;
        self.tenure[l] = r.tenure;
        self.intrinsic[l] = r.intrinsic;
        self.extrinsic[l] = r.extrinsic;
        self.contingent_pay[l] = r.contingent_pay;
        self.money_reference[l] = r.money_reference;
        self.novel_pay[l] = r.novel_pay;
        self.adaptation_other[l] = r.adaptation_other;
        self.pressure[l] = r.pressure;
        self.fatigue[l] = r.fatigue;
        self.burnt_out[l] = r.burnt_out;
        self.satisfaction[l] = r.satisfaction;
        self.relationship[l] = r.relationship;
        self.pipeline[l] = r.pipeline;
        self.effort[l] = r.effort;
        self.period_sales[l] = r.period_sales;
        self.quota[l] = r.quota;
        self.last_period_sales[l] = r.last_period_sales;
        self.full_last_period[l] = r.full_last_period;
        self.quarter_sales[l] = r.quarter_sales;
        self.quarter_quota[l] = r.quarter_quota;
        self.year_sales[l] = r.year_sales;
        self.year_quota[l] = r.year_quota;
        self.contest_sales[l] = r.contest_sales;
        self.recognition_sales[l] = r.recognition_sales;
        self.recognition_quota[l] = r.recognition_quota;
        self.misses[l] = r.misses;
        self.on_pip[l] = r.on_pip;
        self.pay_average[l] = r.pay_average;
        self.recognition_glow[l] = r.recognition_glow;
        self.inflated_pending[l] = r.inflated_pending;
        self.inflated_commission[l] = r.inflated_commission;
    }

    /// Attainment of the current period in lane `l` (see [`Rep::attainment`]).
    #[inline]
    pub(crate) fn attainment(&self, l: usize) -> f64 {
        Rep::attainment_of(self.period_sales[l], self.quota[l])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Behavior, Team};
    use crate::sim::streams::{Purpose, StreamKey};

    #[test]
    fn a_rep_comes_back_unchanged_from_every_lane() {
        let (team, beh) = (Team::default(), Behavior::default());
        let mut block = RepBlock::default();
        let reps: Vec<Rep> = (0..LANES as u64)
            .map(|i| {
                let mut rng = StreamKey::new(3, 1, None).rng(Purpose::Person, i, 0, 0);
                let mut r = Rep::new(Traits::draw(&team, &beh, &mut rng), i as u32 * 7, &beh, 2.5, 1900.0, 700.0);
                // Distinct values in every field, so that a swapped field shows.
                r.extrinsic = 0.11;
                r.pressure = 0.12;
                r.fatigue = 0.13;
                r.burnt_out = i % 2 == 0;
                r.effort = 0.14;
                r.period_sales = 15.0;
                r.quota = 16.0;
                r.last_period_sales = 17.0;
                r.full_last_period = i % 3 == 0;
                r.quarter_sales = 18.0;
                r.quarter_quota = 19.0;
                r.year_sales = 20.0;
                r.year_quota = 21.0;
                r.contest_sales = 22.0;
                r.recognition_sales = 23.0;
                r.recognition_quota = 24.0;
                r.misses = 2;
                r.on_pip = i % 4 == 0;
                r.recognition_glow = 0.25;
                r.inflated_pending = 26.0;
                r.inflated_commission = 27.0;
                r
            })
            .collect();
        for (l, r) in reps.iter().enumerate() {
            block.set_rep(l, r);
        }
        for (l, r) in reps.iter().enumerate() {
            assert_eq!(block.rep(l), *r, "lane {l}");
        }
        assert_eq!(block.attainment(3), 15.0 / 16.0);
        assert_eq!(lane_of(19), (2, 3));
    }
}
