//! Phase 2, sell: the week's luck, drawn from the rep's own rep-week stream
//! (`sim::streams`), turns the expected deals of the choosing phase into a
//! deal count and deal sizes.
//!
//! Draws 1 to 4 of the stream are the week's uniforms ([`luck`]): the deal
//! count (by inversion of the Poisson distribution, so that more expected
//! deals never give fewer deals for the same luck), gaming, its detection and
//! quitting. The deal count's first [`sales::POISSON_TERMS`] values come
//! from a fixed number of steps ([`deal_count_head`]); a larger count, and
//! the deal sizes, continue the same stream from draw 5 on
//! ([`close_deals`]).

use crate::config::Scenario;
use crate::model::policy::Policy;
use crate::model::sales;
use crate::sim::streams::{self, StreamPrefix};

/// The draws of a rep-week stream taken before the deal sizes (numbers 1 to
/// 4); [`close_deals`] continues after them.
pub const LANE_DRAWS: u64 = 4;

/// One rep's uniforms of one week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Luck {
    /// The rep-week stream's seed.
    pub seed: u64,
    /// Draw 1: the uniform behind the deal count.
    pub deals: f64,
    /// Draw 2: the uniform that decides gaming.
    pub game: f64,
    /// Draw 3: the uniform that decides whether gaming is caught.
    pub detect: f64,
    /// Draw 4: the uniform that decides quitting.
    pub quit: f64,
}

/// The uniforms of week `week` from a rep's stream `stream`.
#[inline(always)]
pub fn luck(stream: StreamPrefix, week: u64) -> Luck {
    let seed = stream.seed(week);
    let u = |j| streams::uniform_from_bits(streams::draw_bits(seed, j));
    Luck { seed, deals: u(1), game: u(2), detect: u(3), quit: u(4) }
}

/// The deal count by inversion from the uniform `u` over its first
/// [`sales::POISSON_TERMS`] values (`sales::poisson_head`): the count when it
/// is smaller, otherwise `POISSON_TERMS`, which [`close_deals`] finishes.
#[inline(always)]
pub fn deal_count_head(lambda: f64, p_zero: f64, u: f64) -> f64 {
    sales::poisson_head(lambda, p_zero, u)
}

/// What a rep's closed deals bring this week.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sold {
    /// Revenue of the deals closed (USD).
    pub revenue: f64,
    /// Spot awards earned on them (USD).
    pub spot: f64,
}

/// The deals a rep closes this week: the count from its head `head`
/// ([`deal_count_head`], finished here when it is `POISSON_TERMS`), then one
/// log-normal size per deal and a spot award for each large one, continuing
/// the rep-week stream with seed `seed` after its first [`LANE_DRAWS`].
#[inline]
pub fn close_deals(
    seed: u64,
    head: f64,
    lambda: f64,
    p_zero: f64,
    u_deals: f64,
    scenario: &Scenario,
    policy: &Policy,
) -> Sold {
    let mkt = &scenario.market;
    let mut rng = streams::rng_after(seed, LANE_DRAWS);
    let deals = match head as u32 {
        sales::POISSON_TERMS => sales::poisson_given_zero(lambda, p_zero, u_deals, &mut rng),
        head => head,
    };
    let mut sold = Sold::default();
    for _ in 0..deals {
        let size = sales::deal_size(mkt.deal_size, mkt.deal_size_sd, &mut rng);
        sold.revenue += size;
        if policy.spot.0 > 0.0 && size >= policy.spot.1 {
            sold.spot += policy.spot.0;
        }
    }
    sold
}
