//! The quota as a goal: what a rep still aims to sell this period, its chance
//! of getting there given how lumpy its own sales are, how committed it stays,
//! how short it feels and how pressing the period's end is.
//!
//! A rep's weekly sales are a compound Poisson sum (a Poisson number of
//! log-normal deals), so over the `w` weeks left they have mean `c w` and
//! standard deviation `c cv sqrt(w)`, where `c` is its normal weekly output
//! and `cv` the week-to-week coefficient of variation of its own sales
//! ([`own_sales_cv`]: a rep who closes fewer deals sells more lumpily). The
//! chance of selling the `G` still aimed at is the normal approximation
//! `Phi((c w - G) / (c cv sqrt(w)))` ([`reach_chance`]). Two uses:
//!
//! - at a **stretch** ([`STRETCH_PACE`] times normal output) it decides goal
//!   commitment ([`commitment`]): full while the goal can still be made by
//!   stretching, collapsing as that chance vanishes (Locke & Latham 2002:
//!   goals energise the committed; Chung, Steenburgh & Sudhir 2014: reps far
//!   from quota give up), and how far out of reach a bonus is
//!   ([`out_of_reach`]), which moves deals into the next period;
//! - at **normal** effort it gives the felt goal gap ([`felt_gap`]), the
//!   chance of falling short, discounted by how far away the period's end is
//!   ([`urgency`]), which drives the goal part of pressure
//!   (`pressure::target_pressure`).
//!
//! Because the chance reads the spread of the rep's own sales, a rep one deal
//! short with a week left is close to a coin toss, not "out of reach" as a
//! required pace of two or three times normal would say.
//!
//! Late in a period most of what a week's effort adds to sales (new
//! opportunities, which close about a sales cycle later) lands in the next
//! period, whose goal is fresh ([`effort_this_period`]): a rep who has given
//! up on this period's goal in its last weeks is still committed to the
//! next one, and works for it while it holds deals back.
//!
//! What the rep aims at ([`goal_left`]) is the rest of its quota and, while
//! selling more still pays (a positive commission at the margin past quota),
//! at least the quota's pace for the weeks left, up to a cap: reps past quota
//! keep selling when overachievement pay is positive and stop at a cap
//! (Chung, Steenburgh & Sudhir 2014).

use super::{normal_cdf, sales};

/// Output, relative to its normal weekly output, that a rep believes it can
/// reach by stretching for the rest of the period: the pace at which it
/// judges whether the goal is still within reach. Assumption: between the
/// closing push alone at the default `max_effort` of 1.8 (`0.6 + 0.4 x 1.8`,
/// 1.3 times normal, all that effort adds within a week) and the output of a
/// steady rep at that effort (`1.8 x 1.3`, 2.4 times normal, reached after a
/// sales cycle).
pub const STRETCH_PACE: f64 = 2.0;

/// Share of the goal's energising effect a rep keeps once the goal is out of
/// reach: it still feels the goal's stress but is no longer driven by it.
/// Assumption (v1's floor of commitment, `docs/model.md` 3.3).
pub const COMMITMENT_FLOOR: f64 = 0.3;

/// Chance of making the goal at a stretch ([`STRETCH_PACE`]) at or above which
/// a rep stays fully committed; below it commitment falls linearly to
/// [`COMMITMENT_FLOOR`] at no chance. Assumption: a one-in-ten shot at a
/// stretch is still worth going for (commitment falls as the expected
/// success vanishes, Locke & Latham 2002; the threshold is not sourced).
pub const COMMITTED_CHANCE: f64 = 0.1;

/// Present bias: the weekly rate of the hyperbolic discount of what falls due
/// at the end of the quota period, the reckoning with the goal and the step
/// bonus (`1 / (1 + PRESENT_BIAS x weeks until then)`). Chung, Steenburgh &
/// Sudhir (2014) report present-biased (hyperbolic) discounting by
/// salespeople and quarterly bonuses acting as pacers; Oyer (1998) finds
/// sales below mid-year levels at the start of the fiscal year and above them
/// at its end. The rate is an assumption: a reckoning 20 weeks away weighs
/// half as much as one this week.
pub const PRESENT_BIAS: f64 = 0.05;

/// The week-to-week coefficient of variation of one rep's own sales: the
/// market's `cv` (`reward::sales_cv`, at the market's deals per week) scaled
/// by `sqrt(mean_capacity / capacity)`, because a compound Poisson sum with
/// fewer expected deals is lumpier (its variance grows with the mean, its
/// standard deviation with the square root of it). `capacity` is the rep's
/// normal weekly output, `mean_capacity` that of an average ramped rep; the
/// market's `cv` when either is not positive.
#[inline(always)]
pub fn own_sales_cv(cv: f64, mean_capacity: f64, capacity: f64) -> f64 {
    let ratio = mean_capacity / capacity;
    cv * if capacity > 0.0 && mean_capacity > 0.0 { ratio.sqrt() } else { 1.0 }
}

/// What a rep still aims to sell this period (USD): the rest of its `quota`
/// (`quota - sales`); while selling past quota still pays (`pays_past_quota`),
/// at least `pace_left`, the quota's pace for the weeks left (quota / period
/// weeks x weeks left); never beyond the cap's room (`cap_sales - sales`,
/// infinite without a cap). At or below zero the rep has nothing left to aim
/// at.
#[inline(always)]
pub fn goal_left(quota: f64, sales: f64, pace_left: f64, cap_sales: f64, pays_past_quota: bool) -> f64 {
    let rest = quota - sales;
    let aimed = if pays_past_quota { rest.max(pace_left) } else { rest };
    aimed.min(cap_sales - sales)
}

/// Chance that a rep with normal weekly output `capacity` and own sales
/// variation `cv` sells `goal` in `weeks_left` weeks at `pace` times its
/// normal output (normal approximation of the compound Poisson sum: mean
/// `pace c w`, variance `pace (c cv)^2 w`, since more deals at the same size
/// add variance in proportion). 1 when nothing is left to sell.
#[inline(always)]
pub fn reach_chance(goal: f64, capacity: f64, weeks_left: f64, cv: f64, pace: f64) -> f64 {
    let weeks = weeks_left.max(1.0);
    let sigma = capacity * cv * (pace * weeks).sqrt();
    let z = (pace * capacity * weeks - goal) / sigma.max(1e-12);
    if goal <= 0.0 { 1.0 } else { normal_cdf(z) }
}

/// How far out of reach the goal is (0 within reach, 1 hopeless), from the
/// chance of making it at a stretch: `1 - min(1, chance / COMMITTED_CHANCE)`.
#[inline(always)]
pub fn out_of_reach(stretch_chance: f64) -> f64 {
    1.0 - (stretch_chance / COMMITTED_CHANCE).min(1.0)
}

/// Goal commitment: the share of the goal's energising effect the rep keeps.
/// For this period's goal, 1 while it is within reach at a stretch, down to
/// [`COMMITMENT_FLOOR`] when it is hopeless (`out_of_reach` 1); the share
/// `1 - this_period` of the week's effort that pays off in the next period
/// ([`effort_this_period`]) serves the next period's fresh goal, to which
/// the rep is committed (at a period's start the goal is within reach at a
/// stretch for nearly every rep).
#[inline(always)]
pub fn commitment(out_of_reach: f64, this_period: f64) -> f64 {
    1.0 - (1.0 - COMMITMENT_FLOOR) * out_of_reach * this_period
}

/// Share of what one more unit of effort this week adds to sales that lands
/// before the end of the period, `weeks_left` weeks away (this one
/// included), with a sales cycle of `cycle` weeks. Effort pushes this week's
/// maturing deals to close (at once) and opens opportunities that mature
/// `1 / cycle` of them a week from next week on (`docs/model.md` 3.9); at
/// normal effort in a steady pipeline the push adds 0.4 and the
/// opportunities 1.0 per unit of normal output (`sales::closing_push`), and
/// `1 - (1 - 1/cycle)^(weeks_left - 1)` of the opportunities mature before
/// the end. `1 - 0.71 x 0.75^(w-1)` for the default 4-week cycle: 0.29 in
/// a period's last week, 0.83 six weeks before its end, 0.98 thirteen weeks
/// before.
#[inline]
pub fn effort_this_period(weeks_left: f64, cycle: f64) -> f64 {
    let push = sales::closing_push(1.0) - sales::closing_push(0.0);
    let opportunities = sales::closing_push(1.0);
    let stay = 1.0 - 1.0 / cycle.max(1.0);
    // An integer power by repeated multiplication: the same bits everywhere.
    let mut unmatured = 1.0;
    for _ in 1..(weeks_left.max(1.0) as u32) {
        unmatured *= stay;
    }
    (push + opportunities * (1.0 - unmatured)) / (push + opportunities)
}

/// Most of its prospecting time a rep moves to closing when the period's
/// goal presses and little of what prospecting opens would close in time.
/// Assumption (`docs/model.md` 3.9): at most half, so that even a rep in
/// the last week of a period it is sure to miss without a push keeps
/// opening some deals.
pub const MAX_CLOSING_FOCUS: f64 = 0.5;

/// Share of its prospecting time a rep moves to closing the deals maturing
/// now: `MAX_CLOSING_FOCUS x min(1, gap x (1 - out_of_reach) + pay_gain) x
/// (1 - this_period)`. The urge to close in time has two parts: the goal's,
/// the felt goal gap ([`felt_gap`]) unless the goal is out of reach
/// ([`out_of_reach`]: a rep who has given up does not chase this period's
/// closes), and the pay's, `pay_gain`, what a dollar closed in this period
/// pays over one closed in the next, in units of the plan's variable rate
/// (`gaming::timing_gain`: a step bonus within reach, an accelerator about
/// to apply; nothing under a linear commission). It acts on the share
/// `1 - this_period` of a unit of effort that would land after the end
/// ([`effort_this_period`]). Near a deadline the rep works on what closes
/// in time at the expense of what would close after it: the end of a
/// period sells more and the start of the next less (Oyer 1998), and a
/// period so short that every week is a last week (a weekly quota against a
/// 4-week sales cycle) starves the pipeline for good.
#[inline(always)]
pub fn closing_focus(gap: f64, out_of_reach: f64, pay_gain: f64, this_period: f64) -> f64 {
    let urge = (gap * (1.0 - out_of_reach) + pay_gain).min(1.0);
    MAX_CLOSING_FOCUS * urge * (1.0 - this_period)
}

/// How much the period's end weighs `weeks_left` weeks before it, this one
/// included: 1 in its last week, `1 / (1 + PRESENT_BIAS (weeks_left - 1))`
/// before (0.625 thirteen weeks before, 0.28 a year before).
#[inline(always)]
pub fn urgency(weeks_left: f64) -> f64 {
    1.0 / (1.0 + PRESENT_BIAS * (weeks_left - 1.0).max(0.0))
}

/// The felt goal gap (0-1): the chance of falling short at normal effort,
/// `1 - chance`, weighed by the [`urgency`] of the period's end `weeks_left`
/// weeks away. 0 for a rep sure to make it; near 1 for one sure to miss in
/// the period's last week.
#[inline(always)]
pub fn felt_gap(chance: f64, weeks_left: f64) -> f64 {
    (1.0 - chance) * urgency(weeks_left)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CV: f64 = 1.69;

    #[test]
    fn a_rep_one_deal_short_in_the_last_week_stays_committed() {
        // One average deal is two weeks of normal output.
        let c = 10_000.0;
        let one_deal = reach_chance(2.0 * c, c, 1.0, CV, STRETCH_PACE);
        assert!(one_deal > 0.4, "{one_deal}");
        assert_eq!(commitment(out_of_reach(one_deal), 1.0), 1.0);
        let hopeless = reach_chance(8.0 * c, c, 1.0, CV, STRETCH_PACE);
        assert!(commitment(out_of_reach(hopeless), 1.0) < 0.35, "{}", commitment(out_of_reach(hopeless), 1.0));
        assert!(out_of_reach(hopeless) > 0.9);
        assert!((commitment(1.0, 1.0) - COMMITMENT_FLOOR).abs() < 1e-12);
    }

    #[test]
    fn late_in_a_period_effort_mostly_feeds_the_next_one() {
        let last = effort_this_period(1.0, 4.0);
        assert!((last - 0.4 / 1.4).abs() < 1e-12);
        assert!((effort_this_period(6.0, 4.0) - (0.4 + 1.0 - 0.75f64.powi(5)) / 1.4).abs() < 1e-12);
        assert!(effort_this_period(13.0, 4.0) > effort_this_period(6.0, 4.0));
        assert_eq!(effort_this_period(2.0, 1.0), 1.0);
        // A hopeless goal in the last week costs less commitment than one
        // that is hopeless with the whole period left.
        assert!(commitment(1.0, last) > commitment(1.0, effort_this_period(13.0, 4.0)));
    }

    #[test]
    fn the_chance_falls_with_the_goal_and_rises_with_time_and_pace() {
        let c = 10_000.0;
        let p = |g, w, pace| reach_chance(g, c, w, CV, pace);
        assert!(p(50_000.0, 5.0, 1.0) > p(70_000.0, 5.0, 1.0));
        assert!(p(70_000.0, 8.0, 1.0) > p(70_000.0, 5.0, 1.0));
        assert!(p(70_000.0, 5.0, STRETCH_PACE) > p(70_000.0, 5.0, 1.0));
        assert!((p(50_000.0, 5.0, 1.0) - 0.5).abs() < 1e-6);
        assert_eq!(p(0.0, 5.0, 1.0), 1.0);
        assert_eq!(felt_gap(p(-1.0, 5.0, 1.0), 5.0), 0.0);
        assert_eq!(reach_chance(1.0, 0.0, 3.0, CV, 1.0), 0.0);
    }

    #[test]
    fn past_quota_the_goal_is_the_quota_pace_while_selling_pays_and_stops_at_the_cap() {
        // Quota 130, sold 140, 4 weeks left at a pace of 10 a week.
        assert_eq!(goal_left(130.0, 140.0, 40.0, f64::INFINITY, true), 40.0);
        assert_eq!(goal_left(130.0, 140.0, 40.0, f64::INFINITY, false), -10.0);
        assert_eq!(goal_left(130.0, 140.0, 40.0, 156.0, true), 16.0);
        assert!(goal_left(130.0, 160.0, 40.0, 156.0, true) < 0.0);
        // Below quota and behind pace the goal is the rest of the quota.
        assert_eq!(goal_left(130.0, 50.0, 40.0, f64::INFINITY, true), 80.0);
    }

    #[test]
    fn a_pressing_goal_moves_prospecting_to_closing_only_near_its_end() {
        let last = effort_this_period(1.0, 4.0);
        let early = effort_this_period(13.0, 4.0);
        assert!(closing_focus(0.6, 0.0, 0.0, last) > 5.0 * closing_focus(0.6, 0.0, 0.0, early));
        assert_eq!(closing_focus(0.0, 0.0, 0.0, last), 0.0);
        assert_eq!(closing_focus(0.6, 1.0, 0.0, last), 0.0);
        // A step bonus within reach adds the pay's urge to the goal's.
        assert!(closing_focus(0.3, 0.0, 0.4, last) > closing_focus(0.3, 0.0, 0.0, last));
        assert!(closing_focus(1.0, 0.0, 5.0, 0.0) <= MAX_CLOSING_FOCUS);
    }

    #[test]
    fn the_periods_end_weighs_more_as_it_nears() {
        assert_eq!(urgency(1.0), 1.0);
        assert!((urgency(13.0) - 0.625).abs() < 1e-12);
        assert!(urgency(52.0) < 0.3);
        assert!(felt_gap(0.5, 1.0) > felt_gap(0.5, 13.0));
    }

    #[test]
    fn lumpier_reps_have_a_larger_cv() {
        assert!((own_sales_cv(CV, 10.0, 10.0) - CV).abs() < 1e-12);
        assert!(own_sales_cv(CV, 10.0, 2.5) > 1.9 * CV);
        assert_eq!(own_sales_cv(CV, 10.0, 0.0), CV);
        assert_eq!(own_sales_cv(CV, 0.0, 0.0), CV);
    }
}
