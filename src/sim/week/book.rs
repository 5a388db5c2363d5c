//! Phase 3, book and pay: on top of the deals a rep closed, stress gaming
//! (pulling deals forward from the pipeline and inflating them) and pulling
//! deals in for a step bonus; the week's bookings; commission on them; and
//! the clawback when monitoring catches the gaming. Inflated bookings wait
//! to be reversed at the next period start, and their commission to be
//! clawed back at period end if it was not caught now.

use crate::config::Scenario;
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::{gaming, reward};

/// The state booking reads and changes of one rep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BookState {
    /// [`Rep::pipeline`] (changed: deals pulled forward or in).
    pub pipeline: f64,
    /// [`Rep::relationship`] (changed: damage of gaming).
    pub relationship: f64,
    /// [`Rep::period_sales`] before this week's bookings (read).
    pub period_sales: f64,
    /// [`Rep::quota`] (read).
    pub quota: f64,
    /// [`Rep::pressure`] (changed: gaming caught).
    pub pressure: f64,
    /// [`Rep::inflated_commission`] (changed).
    pub inflated_commission: f64,
    /// [`Rep::inflated_pending`] (changed).
    pub inflated_pending: f64,
}

impl BookState {
    /// The fields of `rep`.
    pub fn of(rep: &Rep) -> BookState {
        BookState {
            pipeline: rep.pipeline,
            relationship: rep.relationship,
            period_sales: rep.period_sales,
            quota: rep.quota,
            pressure: rep.pressure,
            inflated_commission: rep.inflated_commission,
            inflated_pending: rep.inflated_pending,
        }
    }

    /// Writes the changed fields into `rep`.
    pub fn apply(&self, rep: &mut Rep) {
        rep.pipeline = self.pipeline;
        rep.relationship = self.relationship;
        rep.pressure = self.pressure;
        rep.inflated_commission = self.inflated_commission;
        rep.inflated_pending = self.inflated_pending;
    }
}

/// What the rep's week brings to booking: the deals it closed, its choices
/// and its luck.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BookIn {
    /// Revenue of the deals closed this week (`sell::Sold::revenue`).
    pub sold: f64,
    /// Chance of gaming this week (`choose::gaming_chance`).
    pub p_game: f64,
    /// Share of the pipeline pulled across the period's end, and of this
    /// week's closings secured with a concession (`choose::Choice::pull_share`).
    pub pull_share: f64,
    /// Price concession on pulled and secured deals (`gaming::concession`).
    pub concession: f64,
    /// Conversion multiplier of relationship quality.
    pub conv: f64,
    /// The uniform that decides gaming (`sell::Luck::game`).
    pub u_game: f64,
    /// The uniform that decides whether gaming is caught (`sell::Luck::detect`).
    pub u_detect: f64,
}

/// The terms of booking, the same for every rep of a strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BookTerms {
    /// Mean deal size (USD): what a gamed or pulled deal is worth.
    pub deal_size: f64,
    /// Chance that gaming is caught (`gaming::detection_probability`).
    pub detection: f64,
    /// Commission rate.
    pub rate: f64,
    /// Commission multiplier above quota.
    pub accelerator: f64,
    /// Attainment beyond which no commission is paid.
    pub cap: f64,
    /// Share of commission pooled for the team.
    pub team_share: f64,
}

impl BookTerms {
    /// The terms of `policy` in `scenario`.
    pub fn of(scenario: &Scenario, policy: &Policy) -> BookTerms {
        BookTerms {
            deal_size: scenario.market.deal_size,
            detection: gaming::detection_probability(policy.monitoring, scenario.behavior.gaming_detection),
            rate: policy.commission_rate,
            accelerator: policy.accelerator,
            cap: policy.cap,
            team_share: policy.team_share,
        }
    }
}

/// What a rep books and earns this week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Booked {
    /// Bookings: closed deals, pulled deals and inflation (USD).
    pub booked: f64,
    /// Real sales: closed deals plus deals pulled forward or in (USD).
    pub real: f64,
    /// Bookings that are gamed: pulled or inflated (USD).
    pub gamed: f64,
    /// Commission earned on the bookings, the rep's own share (USD).
    pub commission: f64,
    /// Commission clawed back for gaming that was caught (USD).
    pub clawback: f64,
}

/// The booking phase of one rep (see the module documentation); changes
/// `s` and returns the week's bookings and commission.
#[inline(always)]
pub fn book(s: &mut BookState, x: &BookIn, c: &BookTerms) -> Booked {
    // Stress gaming: pull part of the pipeline forward and inflate it.
    let gaming = x.u_game < x.p_game;
    let pulled = gaming::PULL_SHARE * s.pipeline;
    let mut pipeline = if gaming { s.pipeline - pulled } else { s.pipeline };
    let gamed_first = if gaming { pulled * x.conv * c.deal_size } else { 0.0 };
    let inflated = if gaming { gaming::INFLATED_SHARE * gamed_first } else { 0.0 };
    if gaming {
        s.relationship = (s.relationship - gaming::RELATIONSHIP_DAMAGE).max(0.0);
    }
    // Pulling deals across the period's end, at a price concession, where
    // closing now pays more than closing next period.
    let pulling = x.pull_share > 0.0;
    let pulled_in = x.pull_share * pipeline;
    let gamed_real =
        if pulling { gamed_first + pulled_in * x.conv * c.deal_size * (1.0 - x.concession) } else { gamed_first };
    // The same share of this week's own closings is secured with the concession.
    let sold = if pulling { x.sold * (1.0 - x.concession * x.pull_share) } else { x.sold };
    pipeline = if pulling { pipeline - pulled_in } else { pipeline };
    s.pipeline = pipeline;
    let booked = sold + gamed_real + inflated;

    // Commission on the bookings; the clawback if the gaming is caught.
    let gross = reward::commission(s.period_sales, s.period_sales + booked, s.quota, c.rate, c.accelerator, c.cap);
    let commission = gross * (1.0 - c.team_share);
    let flagged = booked > 0.0 && inflated > 0.0;
    let caught = flagged && x.u_detect < c.detection;
    let clawback = if caught { commission * (gamed_real + inflated) / booked } else { 0.0 };
    if caught {
        s.pressure += gaming::CAUGHT_PRESSURE;
    }
    if flagged && !caught {
        s.inflated_commission += commission * inflated / booked;
    }
    if flagged {
        s.inflated_pending += inflated;
    }
    Booked { booked, real: sold + gamed_real, gamed: gamed_real + inflated, commission, clawback }
}
