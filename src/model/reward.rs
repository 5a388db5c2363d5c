//! Extrinsic drive: the value of the marginal reward for one more unit of effort
//! this week, in units of weekly on-target pay, after discounting for payout delay
//! and after hedonic adaptation.
//!
//! The bonus term follows the dynamic logic of Chung, Steenburgh & Sudhir (2014):
//! the pull of a step bonus is its size times how much one more week of effort
//! raises the chance of reaching it. That chance moves most when the rep is near
//! the threshold with little time left (the end-of-period "hockey stick") and
//! hardly at all when the quota is out of reach or already made (giving up,
//! easing off).

use super::normal_pdf;

/// Week-to-week coefficient of variation of one rep's sales (compound Poisson:
/// about `sqrt(e^{s^2} / deals)`); used by reps to judge their odds.
#[inline]
pub fn sales_cv(deals_per_week: f64, deal_size_sd: f64) -> f64 {
    (super::fastmath::exp(deal_size_sd * deal_size_sd) / deals_per_week.max(1e-6)).sqrt().min(10.0)
}

/// How much one unit of effort this week raises the chance of selling `remaining`
/// more in `weeks_left` weeks, for a rep whose normal weekly output is
/// `capacity` with coefficient of variation `cv`.
#[inline]
pub fn threshold_gradient(remaining: f64, capacity: f64, weeks_left: f64, cv: f64) -> f64 {
    if remaining <= 0.0 || capacity <= 0.0 {
        return 0.0;
    }
    let weeks = weeks_left.max(1.0);
    let sigma = capacity * cv * weeks.sqrt();
    let z = (remaining - capacity * weeks) / sigma;
    normal_pdf(z) * capacity / sigma
}

/// Commission earned on sales from `before` to `after` (USD) under a quota `quota`,
/// a base `rate`, an `accelerator` above quota and a `cap` (x quota) beyond which
/// nothing is paid.
#[inline]
pub fn commission(before: f64, after: f64, quota: f64, rate: f64, accelerator: f64, cap: f64) -> f64 {
    if after <= before || rate <= 0.0 {
        return 0.0;
    }
    if quota <= 0.0 {
        return rate * (after - before);
    }
    let cap_sales = cap * quota;
    let piece = |lo: f64, hi: f64| (after.min(hi) - before.max(lo)).max(0.0);
    rate * (piece(f64::NEG_INFINITY, quota.min(cap_sales)) + accelerator * piece(quota, cap_sales))
}

/// Commission rate at the margin for a rep at `attainment`.
#[inline]
pub fn marginal_commission_rate(attainment: f64, rate: f64, accelerator: f64, cap: f64) -> f64 {
    if attainment >= cap {
        0.0
    } else if attainment >= 1.0 {
        rate * accelerator
    } else {
        rate
    }
}

/// The pull of a reward after adaptation: the share `depth` of it is lost once
/// the rep is fully used to it (`adaptation` = 1).
#[inline]
pub fn adapted(value: f64, adaptation: f64, depth: f64) -> f64 {
    value * (1.0 - depth * adaptation)
}

/// Weeks of memory of the contingent pay a rep expects: the average moves
/// `1 / CONTINGENT_MEMORY_WEEKS` of the way to the contingent part of the
/// pay memory each week (about a year on top of the pay memory's quarter,
/// so that quarterly bonuses and monthly prizes leave almost no cycle in
/// it: about 1 % for a quarterly bonus). Assumption (`docs/model.md` 3.5).
pub const CONTINGENT_MEMORY_WEEKS: f64 = 52.0;

/// Exponential average of contingent pay (pay beyond base salary:
/// commission, bonuses, prizes and spot awards, less penalties and
/// clawbacks), USD a week; `this_week` is the contingent part of the pay
/// memory (`pay_average − base_pay`), or prizes and spot awards this week
/// for `novel_pay`.
#[inline(always)]
pub fn update_contingent(average: f64, this_week: f64) -> f64 {
    average + (this_week - average) / CONTINGENT_MEMORY_WEEKS
}

/// The realised contingent share of expected pay: contingent pay on
/// average over base pay plus contingent pay on average (0 to 1).
#[inline(always)]
pub fn contingent_share(contingent: f64, base: f64) -> f64 {
    let c = contingent.max(0.0);
    if c + base > 0.0 { c / (c + base) } else { 0.0 }
}

/// Contingent pay (a share of weekly OTE) below which there is nothing to
/// get used to: adaptation is the reference over the level plus this floor.
/// Definition (keeps the ratio continuous at no contingent pay).
pub const ADAPTATION_FLOOR: f64 = 0.01;

/// Hedonic adaptation to money as a reference level (Frederick &
/// Loewenstein 1999): the reference moves `rate` of the way toward the
/// contingent pay the rep gets on average each week. A raise leaves the
/// reference behind for a while (novelty), a cut leaves it above the pay
/// (a loss until it comes down).
#[inline(always)]
pub fn update_reference(reference: f64, contingent: f64, rate: f64) -> f64 {
    reference + rate * (contingent.max(0.0) - reference)
}

/// How used to its money rewards a rep is (0-1): the reference over the
/// contingent pay it gets on average, capped at 1 (fully used to it, and
/// beyond after a cut). `weekly_ote` scales the floor.
#[inline(always)]
pub fn money_adaptation(reference: f64, contingent: f64, weekly_ote: f64) -> f64 {
    (reference / (contingent.max(0.0) + ADAPTATION_FLOOR * weekly_ote)).min(1.0)
}

/// A pay cut felt as a loss: how far the reference stands above the
/// contingent pay the rep gets on average, as a share of weekly OTE (0
/// after a raise or at rest).
#[inline(always)]
pub fn felt_loss(reference: f64, contingent: f64, weekly_ote: f64) -> f64 {
    (reference - contingent.max(0.0)).max(0.0) / weekly_ote
}

/// Hedonic adaptation to recognition and growth rewards: the reference
/// level moves toward 1 while such a reward keeps coming (`active`), and
/// back toward 0 when it stops.
#[inline]
pub fn adapt(adaptation: f64, active: bool, rate: f64) -> f64 {
    let target = if active { 1.0 } else { 0.0 };
    (adaptation + rate * (target - adaptation)).clamp(0.0, 1.0)
}

/// Rotating or renewing incentives undoes part of the adaptation (novelty).
#[inline]
pub fn rotate(adaptation: f64, reset: f64) -> f64 {
    adaptation * (1.0 - reset)
}

/// Share of `rotation_reset` that a rotation of the incentive menu undoes of
/// the adaptation to recognition (its forms change; training and career
/// paths do not rotate). Assumption: recognition is rotated less visibly
/// than prizes.
pub const OTHER_ROTATION_SHARE: f64 = 0.5;

/// The share of a rep's money reference that a rotation undoes: the
/// `reset` of the rewards that change with the menu (contest prizes and
/// spot awards, `novel` on average) within all contingent pay
/// (`contingent` on average). Commission and bonuses do not change.
#[inline(always)]
pub fn rotation_share(novel: f64, contingent: f64, reset: f64) -> f64 {
    let c = contingent.max(0.0);
    if c > 0.0 { reset * (novel.max(0.0) / c).min(1.0) } else { 0.0 }
}

/// The weight of monetary pull under fully opaque rules (`transparency` 0).
/// Assumption (no sourced magnitude, `docs/model.md` 3.4).
pub const OPAQUE_MONEY_WEIGHT: f64 = 0.7;

/// What full transparency adds to the weight of monetary pull: the weight
/// runs from 0.7 (opaque) through 1.0 (the default 0.5) to 1.3. Assumption.
pub const TRANSPARENCY_MONEY_WEIGHT: f64 = 0.6;

/// How much a rep trusts the money rules: the weight of every monetary pull
/// under `transparency` (0-1).
#[inline(always)]
pub fn transparency_weight(transparency: f64) -> f64 {
    OPAQUE_MONEY_WEIGHT + TRANSPARENCY_MONEY_WEIGHT * transparency
}

/// Gradient of the team's chance of making its quota in one more unit of a
/// member's effort: the team still needs `team_left` with normal weekly
/// output `team_capacity` in `weeks_left` weeks; one unit of the member's
/// effort adds `capacity`, the member's normal weekly output. The team's
/// sales are the sum of its members' independent compound Poisson sales,
/// so their week-to-week variation is `cv · sqrt(policy.capacity /
/// team_capacity)` (`goal::own_sales_cv` of the whole team; `cv` is an
/// average rep's). A member far from its own quota still feels the pull
/// when the team is near its target, and none when the team is far from
/// it or sure to make it (`docs/model.md` 3.4). 0 without a team.
#[inline(always)]
pub fn team_threshold_gradient(
    team_left: f64,
    team_capacity: f64,
    capacity: f64,
    weeks_left: f64,
    cv: f64,
    policy: &super::policy::Policy,
) -> f64 {
    let team_cv = super::goal::own_sales_cv(cv, policy.capacity, team_capacity);
    let share = if team_capacity > 0.0 { capacity / team_capacity } else { 0.0 };
    threshold_gradient(team_left, team_capacity, weeks_left, team_cv) * share
}

/// Share of one's own extra sales that one keeps when `team_share` of the
/// variable pay is pooled among `members`: free riding dilutes the team part.
#[inline(always)]
pub fn own_share(team_share: f64, members: f64) -> f64 {
    (1.0 - team_share) + team_share / members
}

/// The marginal commission `rate` of a rep at `attainment` under a ratchet.
/// Every dollar sold raises the next quota by `ratchet` dollars, and a rep who
/// sees that discounts what selling now pays: by `ratchet x holdback` of the
/// rate over quota (where the next quota is all the extra sale buys), by half
/// that below quota (where the sale also counts toward this period's goal).
/// Forward-looking reps under quota ratchets hold effort back (Weitzman 1980;
/// Misra & Nair 2011: removing the ratchet raised revenue about 9 %).
#[inline(always)]
pub fn ratcheted_rate(rate: f64, attainment: f64, ratchet: f64, holdback: f64) -> f64 {
    let anticipated = ratchet * holdback * if attainment >= 1.0 { 1.0 } else { 0.5 };
    rate * (1.0 - anticipated)
}

/// Pull of a public leaderboard on a rep at its top, per unit of
/// recognition sensitivity; it falls linearly to 0 at the bottom.
/// Assumption (`docs/model.md` 3.6).
pub const LEADERBOARD_PULL: f64 = 0.05;

/// Sales a contender for an award given only to the best rep of its team
/// still needs in the round to finish ahead of its rival: the best other
/// rep of the team so far (the runner-up, for the leader), at attainment
/// `rival` of the round's quota accrued so far (`round_quota`), expected to
/// sell at quota pace (`weekly_quota`) for the `weeks_left` weeks left.
/// Every rep in reach of the top is a contender, not only the winner: the
/// award is a tournament for status (Kosfeld & Neckermann 2011).
#[inline(always)]
pub fn sales_to_top(rival: f64, round_quota: f64, weekly_quota: f64, weeks_left: f64, round_sales: f64) -> f64 {
    rival * round_quota + weekly_quota * weeks_left - round_sales
}

/// Pull of a public leaderboard on a rep with recognition `sensitivity` at
/// rank `shame` (0 top, 1 bottom).
#[inline(always)]
pub fn leaderboard_pull(sensitivity: f64, shame: f64) -> f64 {
    LEADERBOARD_PULL * sensitivity * (1.0 - shame)
}

/// Recognition afterglow of a rep who wins an award. Definition (the glow's
/// top).
pub const AWARD_GLOW: f64 = 1.0;

/// Recognition afterglow of a contest winner, at least (a prize is
/// recognition too, less than an award). Assumption.
pub const CONTEST_WINNER_GLOW: f64 = 0.5;

/// Weekly decay of the recognition afterglow (a half-life of about four
/// weeks). Assumption.
pub const GLOW_DECAY: f64 = 0.85;

/// Afterglow above which recognition counts as a non-monetary reward that
/// keeps coming (adaptation to it moves up). Assumption.
pub const GLOW_ACTIVE: f64 = 0.3;

/// The recognition afterglow a week later.
#[inline(always)]
pub fn decayed_glow(glow: f64) -> f64 {
    glow * GLOW_DECAY
}

/// Whether recognition and growth rewards keep coming this week (the
/// adaptation to them moves up): a recognition programme whose rounds every
/// rep takes part in, a recent award (or a contest win), training or a
/// career path.
#[inline(always)]
pub fn other_rewards_active(recognition: bool, glow: f64, training_hours: f64, career_path: bool) -> bool {
    recognition || glow > GLOW_ACTIVE || training_hours > 0.0 || career_path
}

/// Status value of a recognition award to a contender, in weeks of
/// on-target pay per unit of recognition sensitivity (the pull of a round is
/// this value times how much effort raises the chance of winning it). At
/// the default sensitivity 0.5 an award is worth about five weeks of pay.
/// Calibrated, not measured: monthly recognition of each team's top rep
/// then lifts the mature team's revenue by about 5.6 %, and monthly
/// recognition of everyone at quota by about 9 %, within the +5 to +12 %
/// of field experiments with symbolic awards (Kosfeld & Neckermann 2011;
/// Bradler, Dur, Neckermann & Non 2016). Assumption (`docs/model.md` 3.6).
pub const AWARD_VALUE: f64 = 10.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reward_repeated_twenty_weeks_pulls_less_than_in_week_one() {
        let mut a = 0.0;
        let week_one = adapted(1.0, a, 0.6);
        for _ in 0..20 {
            a = adapt(a, true, 0.04);
        }
        assert!(adapted(1.0, a, 0.6) < 0.8 * week_one);
    }

    #[test]
    fn a_raise_is_novel_for_a_while_and_a_cut_is_a_loss() {
        let ote = 1000.0;
        let (mut reference, mut contingent) = (400.0, 400.0);
        assert_eq!(money_adaptation(reference, contingent, ote), 400.0 / 410.0);
        for _ in 0..4 {
            contingent = update_contingent(contingent, 800.0);
            reference = update_reference(reference, contingent, 0.04);
        }
        let novel = money_adaptation(reference, contingent, ote);
        assert!(novel < 0.95, "{novel}");
        for _ in 0..300 {
            contingent = update_contingent(contingent, 800.0);
            reference = update_reference(reference, contingent, 0.04);
        }
        assert!(money_adaptation(reference, contingent, ote) > 0.97);
        assert_eq!(felt_loss(reference, contingent, ote), 0.0);
        for _ in 0..8 {
            contingent = update_contingent(contingent, 0.0);
            reference = update_reference(reference, contingent, 0.04);
        }
        assert_eq!(money_adaptation(reference, contingent, ote), 1.0);
        assert!(felt_loss(reference, contingent, ote) > 0.0);
    }

    #[test]
    fn nothing_to_adapt_to_without_contingent_pay() {
        assert_eq!(money_adaptation(0.0, 0.0, 1000.0), 0.0);
        assert_eq!(contingent_share(0.0, 1000.0), 0.0);
        assert_eq!(rotation_share(0.0, 0.0, 0.6), 0.0);
        assert!((rotation_share(100.0, 400.0, 0.6) - 0.15).abs() < 1e-12);
    }

    #[test]
    fn rotation_restores_part_of_the_pull() {
        let a = 0.8;
        assert!(adapted(1.0, rotate(a, 0.6), 0.6) > adapted(1.0, a, 0.6));
    }

    #[test]
    fn bonus_pull_peaks_near_the_threshold_late_in_the_period() {
        let (cap, cv) = (10_000.0, 1.5);
        let near_late = threshold_gradient(12_000.0, cap, 1.0, cv);
        let near_early = threshold_gradient(100_000.0, cap, 10.0, cv);
        let hopeless_late = threshold_gradient(80_000.0, cap, 1.0, cv);
        let made = threshold_gradient(0.0, cap, 1.0, cv);
        assert!(near_late > near_early, "{near_late} vs {near_early}");
        assert!(near_late > 10.0 * hopeless_late);
        assert_eq!(made, 0.0);
    }

    #[test]
    fn commission_applies_accelerator_above_quota_and_stops_at_cap() {
        let c = commission(0.0, 150.0, 100.0, 0.1, 2.0, 1.2);
        // 100 at 10 % + 20 at 20 % (capped at 120)
        assert!((c - (10.0 + 4.0)).abs() < 1e-9);
        assert_eq!(marginal_commission_rate(1.3, 0.1, 2.0, 1.2), 0.0);
        assert_eq!(marginal_commission_rate(1.1, 0.1, 2.0, 1.2), 0.2);
        assert_eq!(marginal_commission_rate(0.5, 0.1, 2.0, 1.2), 0.1);
    }
}
