//! Gaming: pulling deals forward from the pipeline or inflating them to make a
//! number. It happens late in a period, to reps behind quota under pressure
//! beyond their tolerance, and less where monitoring can catch it (Larkin 2014;
//! Oyer 1998). Gamed sales count toward quota now and cost later: the pulled deals
//! are missing from future weeks, the inflated part is reversed (with its
//! commission clawed back) at period end, and customer relationships suffer. When
//! monitoring detects an episode, the commission on everything the rep booked
//! that week beyond real closes (pulled, inflated and pulled-in deals) is clawed
//! back at once and pressure rises.

use super::logistic;

/// Share of the rest of the pipeline a gaming rep pulls into this week.
pub const PULL_SHARE: f64 = 0.3;
/// Share of a gamed booking that is inflated (reversed at period end).
pub const INFLATED_SHARE: f64 = 0.2;
/// Relationship damage of one gaming episode.
pub const RELATIONSHIP_DAMAGE: f64 = 0.05;

/// Pressure added when monitoring catches a gaming episode (a talking-to).
/// Assumption (`docs/model.md` 3.11).
pub const CAUGHT_PRESSURE: f64 = 0.3;

/// Whether a rep with `remaining` still to sell this period is behind:
/// more than one normal week (`capacity`) short of quota.
#[inline(always)]
pub fn behind(remaining: f64, capacity: f64) -> bool {
    remaining > capacity && remaining > 0.0
}

/// Weeks before a period's end (this one included) within which reps behind
/// quota may game under stress: about a month, whatever the period's length
/// (v1: 30 % of the period, so a weekly quota could never be gamed and a
/// yearly one for 15 weeks). Assumption (`docs/model.md` 3.11).
pub const GAMING_WINDOW_WEEKS: f64 = 4.0;

/// Whether anyone can game this week ([`gaming_probability`] is 0 for every
/// rep otherwise): late in the period, with a propensity to game.
#[inline(always)]
pub fn window_open(weeks_left: f64, propensity: f64) -> bool {
    weeks_left <= GAMING_WINDOW_WEEKS && propensity > 0.0
}

/// The terms of a pay plan that make the timing of a deal worth something
/// (per rep, own part): commission rate, accelerator above quota, cap (x
/// quota, infinite without one), the own part of the step bonus (USD a
/// period) and the share of commission the rep keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PayShape {
    /// Commission rate.
    pub rate: f64,
    /// Commission multiplier above quota.
    pub accelerator: f64,
    /// Attainment beyond which no commission is paid.
    pub cap: f64,
    /// The rep's own part of the step bonus per period (USD).
    pub bonus: f64,
    /// Share of commission the rep keeps (`1 - team_share`).
    pub own: f64,
}

/// Pay at the margin of one more dollar booked in a period, per dollar, in
/// its two parts: the commission, paid as deals close, and the step bonus's,
/// paid at the period's end. [`MarginalPay::felt`] weighs the bonus part by
/// how near that end is (`goal::urgency`, present bias).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MarginalPay {
    /// Commission per dollar where the period is likely to end.
    pub commission: f64,
    /// Step bonus per dollar: the bonus times the density of ending exactly
    /// at quota.
    pub bonus: f64,
}

impl MarginalPay {
    /// What the rep feels one more dollar is worth when the period's end
    /// weighs `urgency` (1 in its last week; `goal::urgency`).
    #[inline(always)]
    pub fn felt(&self, urgency: f64) -> f64 {
        self.commission + urgency * self.bonus
    }
}

/// Pay at the margin of one more dollar booked in a period, per dollar, for a
/// rep whose sales in the period end near `mean_end` with standard deviation
/// `sd` (normal approximation, `goal::reach_chance`) against `quota`: the
/// commission rate where the period is likely to end (the base rate below
/// quota, times the accelerator above it, nothing past the cap), and the
/// step bonus times the density of ending exactly at quota. This is where the
/// convexity of the plan at the rep's position shows: a rep sure to end above
/// quota under a 3x accelerator earns three times the base rate on the next
/// dollar; one a little short of a step bonus earns the bonus's density.
#[inline(always)]
pub fn marginal_pay(mean_end: f64, sd: f64, quota: f64, shape: &PayShape) -> MarginalPay {
    if quota <= 0.0 {
        return MarginalPay { commission: shape.own * shape.rate, bonus: 0.0 };
    }
    let sd = sd.max(1e-9 * quota);
    let z_quota = (quota - mean_end) / sd;
    let below = super::normal_cdf(z_quota);
    let below_cap =
        if shape.cap < f64::INFINITY { super::normal_cdf((shape.cap * quota - mean_end) / sd) } else { 1.0 };
    let commission = shape.own * shape.rate * (below + shape.accelerator * (below_cap - below).max(0.0));
    let bonus = if shape.bonus > 0.0 { shape.bonus * super::normal_pdf(z_quota) / sd } else { 0.0 };
    MarginalPay { commission, bonus }
}

/// Smallest price concession a customer asks for closing before it is
/// ready. Assumption (`docs/model.md` 3.11).
pub const MIN_CONCESSION: f64 = 0.05;

/// Share of a rep's stake in closing now that the customer captures as a
/// price concession: the rep, who bears only its commission's share of a
/// discount, would concede up to `1 - next / now` of the price (where its
/// own loss equals its gain); the two split that surplus. Assumption (an
/// even split), giving concessions of the size Larkin (2014) reports for
/// deals timed into accelerated quarters.
pub const CUSTOMER_SHARE: f64 = 0.5;

/// Price concession on a deal closed now for a rep who earns `now` per
/// dollar this period and `next` in the next one: at least
/// [`MIN_CONCESSION`], more the more the rep stands to gain.
#[inline(always)]
pub fn concession(now: f64, next: f64) -> f64 {
    let stake = if now > 0.0 { 1.0 - next / now } else { 0.0 };
    (CUSTOMER_SHARE * stake).max(MIN_CONCESSION)
}

/// Most of the deals due after a period's end that a rep can pull across it
/// in a week (customers do not all agree). Assumption.
pub const MAX_PULL: f64 = 0.9;

/// Share of a rep's open pipeline that would mature after the period's end
/// at the normal pace, `weeks_left` weeks before it (this one included), with
/// a sales cycle of `cycle` weeks: `(1 - 1/cycle)^weeks_left`. Only these
/// deals can be moved across the end: pulled in, or pushed out by holding
/// back; so timing games live in the last sales cycle or so of any period,
/// whatever its length. 0.75 in the last week of a 4-week cycle, 0.42 three
/// weeks before, 0.02 thirteen weeks before.
#[inline]
pub fn movable_share(weeks_left: f64, cycle: f64) -> f64 {
    let stay = 1.0 - 1.0 / cycle.max(1.0);
    // An integer power by repeated multiplication: the same bits everywhere.
    let mut left = 1.0;
    for _ in 0..(weeks_left.max(1.0) as u32) {
        left *= stay;
    }
    left
}

/// Movable share below which no timing game is worth considering (the
/// deals still due after the end are too few): about two sales cycles before
/// the end. Keeps the timing computation to the weeks where it matters.
pub const MIN_MOVABLE: f64 = 0.1;

/// Timing incentive of a rep: what one dollar of sales is worth to it if it
/// closes in this period (`now`, [`marginal_pay`] at its projected end) rather
/// than in the next (`next`, at a fresh period's projected end), net of the
/// price concession a pulled deal carries ([`concession`]), in units of `variable_rate`, the
/// plan's variable pay per dollar of sales at target. Positive: pull deals
/// in; negative: hold them back. 0 under a linear plan with no bonus (pulling
/// then only costs the concession) and without variable pay.
#[inline(always)]
pub fn timing_gain(now: f64, next: f64, variable_rate: f64) -> (f64, f64) {
    if variable_rate <= 0.0 {
        return (0.0, 0.0);
    }
    let pull = ((1.0 - concession(now, next)) * now - next) / variable_rate;
    let hold = (next - now) / variable_rate;
    (pull.max(0.0), hold.max(0.0))
}

/// Share of the open pipeline a rep pulls into the period this week, at a
/// price concession ([`concession`]), and the share of this week's own
/// closings it secures with the same concession lest they slip: the deals that would otherwise
/// close after the period's end (`movable`, [`movable_share`]) times
/// `pull_forward` per unit of timing gain ([`timing_gain`]), more under
/// pressure beyond tolerance (`excess`, up to twice as much), less where
/// monitoring would catch the discounts, at most [`MAX_PULL`]. The propensity
/// follows the convexity of pay at the rep's position (accelerators, step
/// bonuses): Larkin (2014) finds reps under an accelerating plan time deals
/// into the quarters where they pay most, at prices that cost the vendor 6-8 %
/// of revenue; Oyer (1998) finds sales bunch before fiscal-year deadlines.
#[inline(always)]
pub fn pull_in_share(gain: f64, movable: f64, excess: f64, pull_forward: f64, monitoring: f64, detection: f64) -> f64 {
    let intensity = pull_forward * gain * (1.0 + excess.min(1.0)) * (1.0 - detection * monitoring.min(1.0));
    intensity.clamp(0.0, MAX_PULL) * movable
}

/// Share of the maturing deals a rep holds back into the next period this
/// week because they pay more there: `holdback` per unit of the timing gain
/// of holding ([`timing_gain`]), for the deals that would then close after
/// the period's end (`movable`), at most `quota::MAX_HOLDBACK`. A rep far
/// below quota under an accelerator, whose next period promises the
/// accelerated rate, waits (Larkin 2014).
#[inline(always)]
pub fn timing_hold_share(gain: f64, movable: f64, holdback: f64) -> f64 {
    (holdback * gain).clamp(0.0, super::quota::MAX_HOLDBACK) * movable
}

/// Probability that a rep games this week.
#[inline]
pub fn gaming_probability(
    propensity: f64,
    pressure: f64,
    tolerance: f64,
    behind: bool,
    weeks_left: f64,
    monitoring: f64,
    detection: f64,
) -> f64 {
    if !behind || weeks_left > GAMING_WINDOW_WEEKS || propensity <= 0.0 {
        return 0.0;
    }
    let stress = pressure / tolerance - 1.0;
    (propensity * 0.25 * logistic(3.0 * stress - 1.0) * (1.0 - detection * monitoring.min(1.0))).clamp(0.0, 1.0)
}

/// Chance that a gaming episode is detected.
#[inline]
pub fn detection_probability(monitoring: f64, detection: f64) -> f64 {
    (monitoring * detection).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_pressure_means_more_gaming_and_monitoring_deters_it() {
        let low = gaming_probability(1.0, 0.8, 1.0, true, 1.0, 0.2, 0.6);
        let high = gaming_probability(1.0, 2.5, 1.0, true, 1.0, 0.2, 0.6);
        let watched = gaming_probability(1.0, 2.5, 1.0, true, 1.0, 1.0, 0.6);
        assert!(high > low && watched < high);
    }

    #[test]
    fn no_gaming_early_in_the_period_or_when_ahead() {
        assert_eq!(gaming_probability(1.0, 3.0, 1.0, true, 10.0, 0.0, 0.6), 0.0);
        assert_eq!(gaming_probability(1.0, 3.0, 1.0, false, 1.0, 0.0, 0.6), 0.0);
        // A weekly quota can be gamed: its every week is a last week.
        assert!(gaming_probability(1.0, 3.0, 1.0, true, 1.0, 0.0, 0.6) > 0.0);
    }

    #[test]
    fn an_accelerator_makes_closing_now_pay_more_for_reps_headed_past_quota() {
        let linear = PayShape { rate: 0.05, accelerator: 1.0, cap: f64::INFINITY, bonus: 0.0, own: 1.0 };
        let steep = PayShape { accelerator: 3.0, ..linear };
        assert!((marginal_pay(120.0, 10.0, 100.0, &linear).felt(1.0) - 0.05).abs() < 1e-12);
        assert!(marginal_pay(120.0, 10.0, 100.0, &steep).felt(1.0) > 0.14);
        assert!(marginal_pay(60.0, 10.0, 100.0, &steep).felt(1.0) < 0.051);
        let capped = PayShape { cap: 1.2, ..steep };
        assert!(marginal_pay(150.0, 5.0, 100.0, &capped).felt(1.0) < 1e-6);
        let bonus = PayShape { bonus: 10.0, ..linear };
        assert!(marginal_pay(98.0, 5.0, 100.0, &bonus).felt(1.0) > marginal_pay(60.0, 5.0, 100.0, &bonus).felt(1.0));
    }

    #[test]
    fn reps_with_an_unreachable_bonus_hold_deals_for_the_next_period() {
        // Quota 100 a period, sd 10: a rep headed for 40 has no chance of the
        // bonus this period; the same dollar next period, headed for 100,
        // sits where the bonus pays most.
        let shape = PayShape { rate: 0.04, accelerator: 1.0, cap: f64::INFINITY, bonus: 30.0, own: 1.0 };
        let now = marginal_pay(40.0, 10.0, 100.0, &shape).felt(1.0);
        let next = marginal_pay(100.0, 10.0, 100.0, &shape);
        let (pull, hold) = timing_gain(now, next.felt(1.0), 0.1);
        assert!(pull == 0.0 && hold > 1.0, "{hold}");
        // Present bias: a bonus a period further away holds back less.
        assert!(timing_gain(now, next.felt(0.6), 0.1).1 < hold);
    }

    #[test]
    fn reps_pull_in_when_now_pays_more_and_hold_back_when_next_pays_more() {
        assert!(concession(0.195, 0.13) > 0.15 && concession(0.065, 0.065) == MIN_CONCESSION);
        let (pull, hold) = timing_gain(0.15, 0.09, 0.08);
        assert!(pull > 0.0 && hold == 0.0);
        let (pull, hold) = timing_gain(0.05, 0.09, 0.08);
        assert!(pull == 0.0 && hold > 0.0);
        // A linear plan: pulling only costs the concession.
        assert_eq!(timing_gain(0.05, 0.05, 0.08).0, 0.0);
        let share = |gain, excess, monitoring| pull_in_share(gain, 0.75, excess, 0.5, monitoring, 0.6);
        assert!(share(1.0, 0.0, 0.0) > share(0.5, 0.0, 0.0));
        assert!(share(1.0, 0.5, 0.0) > share(1.0, 0.0, 0.0));
        assert!(share(1.0, 0.0, 1.0) < share(1.0, 0.0, 0.0));
        assert!(movable_share(1.0, 4.0) > movable_share(3.0, 4.0));
        assert!(movable_share(13.0, 4.0) < MIN_MOVABLE);
    }
}
