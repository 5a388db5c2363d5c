//! Order-independent running sums. Each value is rounded to a fixed-point integer
//! (resolution 2^-16) and summed in 128-bit integers, so sums are exact: the same
//! replications give bit-identical totals whatever the thread count, the order in
//! which replications finish or the way they are split into shards. Memory does not
//! grow with the number of replications.

use serde::{Deserialize, Serialize};

/// Fixed-point scale: values are stored as `round(x * SCALE)`.
pub const SCALE: f64 = 65_536.0;

/// Largest magnitude stored; larger values are clamped (far beyond any valid scenario).
const LIMIT: f64 = 1.0e18;

/// Converts a value to fixed point (non-finite values count as 0).
#[inline]
pub fn quantize(x: f64) -> i128 {
    if x.is_finite() { (x.clamp(-LIMIT, LIMIT) * SCALE).round() as i128 } else { 0 }
}

/// Count, sum and sum of squares of a metric, in fixed point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moments {
    /// Number of values.
    pub n: u64,
    /// Sum of the fixed-point values.
    #[serde(with = "i128_text")]
    pub sum: i128,
    /// Sum of squares of the fixed-point values.
    #[serde(with = "i128_text")]
    pub sum_sq: i128,
}

impl Moments {
    /// Adds one value. Undefined (non-finite) values are left out, so `n` counts
    /// the replications where the metric exists (cost of sales without revenue).
    #[inline]
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        let q = quantize(x);
        self.n += 1;
        self.sum = self.sum.saturating_add(q);
        self.sum_sq = self.sum_sq.saturating_add(q.saturating_mul(q));
    }

    /// Adds another set of sums (exact and commutative).
    #[inline]
    pub fn merge(&mut self, other: &Moments) {
        self.n += other.n;
        self.sum = self.sum.saturating_add(other.sum);
        self.sum_sq = self.sum_sq.saturating_add(other.sum_sq);
    }

    /// Mean of the values (NaN when there are none; JSON shows it as null).
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.sum as f64 / self.n as f64 / SCALE }
    }

    /// Sample variance (n - 1 denominator), computed exactly in integers where they fit.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = i128::from(self.n);
        let exact = n.checked_mul(self.sum_sq).zip(self.sum.checked_mul(self.sum)).and_then(|(a, b)| a.checked_sub(b));
        let numerator = match exact {
            Some(v) => v as f64,
            None => n as f64 * self.sum_sq as f64 - (self.sum as f64) * (self.sum as f64),
        };
        (numerator / (n as f64 * (n - 1) as f64)).max(0.0) / (SCALE * SCALE)
    }

    /// Sample standard deviation.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }
}

/// Serialises 128-bit integers as decimal strings (JSON numbers cannot hold them).
mod i128_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn mean_and_variance_match_the_textbook_formulas() {
        let xs = [1.5, 2.25, 3.0, 10.0, -4.0];
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        let mean = xs.iter().sum::<f64>() / 5.0;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4.0;
        assert_relative_eq!(m.mean(), mean, epsilon = 1e-9);
        assert_relative_eq!(m.variance(), var, epsilon = 1e-6);
    }

    #[test]
    fn merging_in_any_order_gives_identical_sums() {
        let xs: Vec<f64> = (0..100).map(|i| (i as f64 * 0.731).sin() * 1e5).collect();
        let mut forward = Moments::default();
        xs.iter().for_each(|&x| forward.push(x));
        let mut parts = [Moments::default(); 3];
        for (i, &x) in xs.iter().enumerate().rev() {
            parts[i % 3].push(x);
        }
        let mut merged = parts[2];
        merged.merge(&parts[0]);
        merged.merge(&parts[1]);
        assert_eq!(forward, merged);
        assert_eq!(forward.mean().to_bits(), merged.mean().to_bits());
    }

    #[test]
    fn undefined_values_are_left_out() {
        let mut m = Moments::default();
        m.push(f64::NAN);
        assert_eq!(m.n, 0);
        assert!(m.mean().is_nan());
        m.push(2.0);
        assert_eq!(m.mean(), 2.0);
    }

    #[test]
    fn round_trips_through_json() {
        let mut m = Moments::default();
        m.push(123_456.789);
        m.push(-5.0);
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Moments>(&text).unwrap(), m);
    }
}
