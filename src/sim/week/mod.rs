//! The readable reference of one rep's week: the mechanisms of
//! [`crate::model`] composed by name, phase by phase, for one rep at a time.
//! Start here to see what a rep does in a week; `docs/model.md` gives the
//! equations with their defaults and evidence.
//!
//! # The order of a week
//!
//! Each week the weekly loop (`sim::replication`) first fills vacancies and
//! opens a quota period (new quotas, [`period::period_quota`]), then reads
//! the team-level signals every rep reacts to (leaderboard ranks, contest
//! cut-offs, team head counts: a [`choose::TeamView`] per rep and one
//! [`WeekContext`] for all). Then every rep in post goes through the phases
//! below, in this order:
//!
//! 1. **Choose effort** ([`choose::choose`]): capacity, the pressure the rep
//!    feels, the rewards at the margin (commission, bonus, contest, spot,
//!    recognition), the effort it gives, its pipeline and the deals it can
//!    expect; and its gaming intentions ([`choose::gaming_chance`]).
//! 2. **Sell** ([`sell::luck`], [`sell::deal_count_head`],
//!    [`sell::close_deals`]): the week's draws from the rep's own stream, the
//!    deal count, the deal sizes.
//! 3. **Book and pay** ([`book::book`]): stress gaming, pulling deals in for a
//!    step bonus, the bookings, commission on them, clawbacks of gaming that
//!    is caught.
//! 4. **Settle** ([`settle::settle`]): period, quarter, year, contest and
//!    recognition totals and quota accruals; fatigue and burnout; customer
//!    relationships; skill; tenure.
//!
//! Then the team-level events of the week close rounds and periods: contest
//! prizes, recognition awards, the period's bonus or penalty and the
//! improvement-plan review ([`period::period_pay`], [`period::review`]), the
//! team bonus, the quarter's attainment metric. The week's pay is then
//! complete, and every rep in post goes on:
//!
//! 5. **Feel** ([`feel::feel`]): pay memory, intrinsic motivation (crowding
//!    out and in), adaptation to rewards, satisfaction, the recognition
//!    glow's decay.
//! 6. **Leave** ([`leave::leave`]): morale drifts toward the team's mean, and
//!    the rep decides whether to quit.
//!
//! Forced ranking at each year end, exits, vacancies and the team's memory
//! of quits end the week.
//!
//! # How the weekly loop uses this module
//!
//! Each phase is a short `#[inline(always)]` function over one rep's scalar
//! state (a small per-phase struct with the fields of
//! [`Rep`](crate::model::rep::Rep) it reads and
//! writes) and the week's and team's side inputs. The lane-wise kernels of
//! `sim::kernels` call these functions lane by lane on blocks of reps (the
//! compiler vectorises the inlined arithmetic), so each equation exists
//! once; the weekly loop calls the scalar ones (deal sizes, period ends)
//! directly. A unit test (`tests.rs` here) runs every kernel on every
//! instruction set on random reps, side inputs and policies and compares
//! every output bit with these functions applied to one
//! [`Rep`](crate::model::rep::Rep) at a time.

pub mod book;
pub mod choose;
pub mod feel;
pub mod leave;
pub mod period;
pub mod sell;
pub mod settle;

#[cfg(test)]
mod tests;

use crate::config::Scenario;
use crate::model::fatigue;
use crate::model::policy::Policy;
use crate::model::rep::{Rep, Traits};

/// The week as every rep sees it while choosing: the calendar, the market
/// and the rounds running.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekContext {
    /// Weeks in a quota period.
    pub period_weeks: u32,
    /// Market demand index this week.
    pub demand: f64,
    /// Weeks left in the quota period, this one included.
    pub weeks_left: f64,
    /// Share of an open pipeline that would mature after the period's end
    /// (`gaming::movable_share`): the deals a timing game can move.
    pub movable: f64,
    /// Share of what one more unit of effort this week adds to sales that
    /// lands before the period's end (`goal::effort_this_period`).
    pub effort_this_period: f64,
    /// Week-to-week coefficient of variation of a rep's sales
    /// (`reward::sales_cv`).
    pub cv: f64,
    /// Chance that one deal earns a spot award.
    pub spot_chance: f64,
    /// Whether a team bonus is at stake (a team share of a quota bonus):
    /// only then does the choosing phase read the team's distance to its
    /// quota (`choose::TeamView`).
    pub team_bonus: bool,
    /// The running contest, if any.
    pub contest: Option<ContestView>,
    /// The running recognition round, if any.
    pub recognition: Option<RecognitionView>,
}

/// A running sales contest as the reps see it this week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContestView {
    /// Prize of the round (USD), shared by the winners.
    pub prize: f64,
    /// Number of winners.
    pub winners: usize,
    /// Whether teams compete (scores are team sums) rather than reps.
    pub team: bool,
    /// Score of the last winner so far.
    pub last_in: f64,
    /// Score of the best non-winner so far (0 if none).
    pub first_out: f64,
    /// Weeks left in the round, this one included.
    pub weeks_left: f64,
}

/// A running recognition round as the reps see it this week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecognitionView {
    /// Whether only the best rep of each team is recognised (otherwise all
    /// who clear the bar).
    pub top_only: bool,
    /// Attainment of the round's accrued quota that earns an award.
    pub bar: f64,
    /// Weeks left in the round, this one included.
    pub weeks_left: f64,
}

/// Effort a person can sustain (`fatigue::sustainable_effort`), fixed per
/// person: the weekly loop computes it once per hire.
#[inline]
pub fn sustainable(traits: &Traits, scenario: &Scenario) -> f64 {
    fatigue::sustainable_effort(&scenario.behavior, traits.tolerance)
}

/// The open pipeline (expected deals) of a rep of base skill `skill` and
/// `tenure` weeks in steady state: a sales cycle of the deals the rep opens a
/// week at normal effort, `sales_cycle_weeks · deals_per_week · skill ·
/// ramp(tenure)`. The starting team is drawn with it, and a new hire starts
/// with it at tenure 0: the open opportunities of the territory handed over
/// at the ramp's starting level, so that a hire's sales follow the ramp
/// curve (which, as surveys measure it, includes building a pipeline)
/// rather than lagging it by a sales cycle.
#[inline]
pub fn steady_pipeline(skill: f64, tenure: u32, scenario: &Scenario) -> f64 {
    let (team, mkt) = (&scenario.team, &scenario.market);
    mkt.sales_cycle_weeks * mkt.deals_per_week * skill * Rep::ramp(tenure, team.ramp_weeks, team.ramp_start)
}

/// A person's outside pay offer per year, fixed per person: the drawn
/// outside option x OTE x base skill^`outside_skill_elasticity`. Stars get
/// better offers (item 9 of the model issue): the market pays for
/// productivity about as a typical pay mix does (assumption, the default
/// 0.4 is the contingent share of a 60/40 plan).
#[inline]
pub fn outside_pay(traits: &Traits, scenario: &Scenario) -> f64 {
    let team = &scenario.team;
    traits.outside_option * team.ote * traits.skill.powf(team.outside_skill_elasticity)
}

/// The regime a rep lives under this week, the same for every rep: how
/// controlling it feels per unit of contingent share of pay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regime {
    /// How controlling the regime feels at fully contingent pay
    /// (`motivation::controlling` at a contingent share of 1); each rep
    /// feels it in proportion to the realised contingent share of its pay
    /// (`reward::contingent_share`).
    pub control: f64,
}

impl Regime {
    /// The regime of `policy`.
    #[inline]
    pub fn of(policy: &Policy) -> Regime {
        Regime {
            control: crate::model::motivation::controlling(
                1.0,
                policy.monitoring,
                policy.leaderboard,
                policy.miss_penalty,
            ),
        }
    }
}
