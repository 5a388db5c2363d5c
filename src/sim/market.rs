//! The common market index: a yearly cycle plus an AR(1) shock shared by every rep
//! of a replication (and, under common random numbers, by every strategy).

use rand_distr::{Distribution, StandardNormal};

use super::streams::{Purpose, StreamKey};
use crate::config::Market;

/// Persistence of the weekly market shock.
pub const SHOCK_PERSISTENCE: f64 = 0.9;

/// Demand multiplier for each week (1 = normal demand, never below 0.05).
pub fn market_path(market: &Market, weeks: u32, key: &StreamKey) -> Vec<f64> {
    let mut rng = key.rng(Purpose::Market, 0, 0, 0);
    let mut shock = 0.0;
    (0..weeks)
        .map(|t| {
            let z: f64 = StandardNormal.sample(&mut rng);
            shock = SHOCK_PERSISTENCE * shock + market.shock_sd * z;
            let season = market.seasonality
                * (std::f64::consts::TAU * f64::from(t) / f64::from(crate::model::WEEKS_PER_YEAR)).sin();
            (1.0 + season + shock).max(0.05)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calm_market_stays_at_one() {
        let m = Market { seasonality: 0.0, shock_sd: 0.0, ..Market::default() };
        let path = market_path(&m, 10, &StreamKey::new(1, 1, None));
        assert!(path.iter().all(|&x| x == 1.0));
    }

    #[test]
    fn the_path_never_goes_below_the_floor() {
        let m = Market { seasonality: 0.9, shock_sd: 1.0, ..Market::default() };
        let path = market_path(&m, 520, &StreamKey::new(1, 1, None));
        assert!(path.iter().all(|&x| x >= 0.05 && x.is_finite()));
    }
}
