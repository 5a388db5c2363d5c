//! Order-independent running sums. Each value is rounded to a fixed-point integer
//! (resolution 2^-16) and summed exactly in integers: the sum in 128 bits and the
//! sum of squares in 192 bits (a 128-bit low word and a 64-bit high word), so
//! the sums never overflow for any value salesim can produce and the same
//! replications give bit-identical totals whatever the thread count, the order in
//! which replications finish or the way they are split into shards. Memory does
//! not grow with the number of replications.
//!
//! A value beyond [`LIMIT`] cannot be stored exactly. It is not clamped in
//! silence: it marks the sums as no longer exact ([`Moments::is_exact`]), the
//! mean and interval of such sums are undefined (shown as "n/a" and null), and
//! `salesim run` stops with an error naming the metric
//! ([`crate::experiment::accumulator::ExperimentTotals::check_exact`]).

use serde::{Deserialize, Serialize};

/// Fixed-point scale: values are stored as `round(x * SCALE)`.
pub const SCALE: f64 = 65_536.0;

/// Largest magnitude stored exactly: 10^18, far beyond the money values of any
/// valid scenario (the largest deal size and deal rate give about 10^12 USD
/// per slot-year).
pub const LIMIT: f64 = 1.0e18;

/// The high word of the sum of squares at this value marks sums that are no
/// longer exact. A value within [`LIMIT`] adds less than 2^24 to the high word,
/// so honest sums stay below it for 2^39 values, far more replications than a
/// run may have.
const POISON: u64 = u64::MAX;

/// Converts a value to fixed point (non-finite values count as 0; values beyond
/// [`LIMIT`] are clamped to it: use [`Moments::push`], which flags them).
#[inline]
pub fn quantize(x: f64) -> i128 {
    if x.is_finite() { (x.clamp(-LIMIT, LIMIT) * SCALE).round() as i128 } else { 0 }
}

/// Count, sum and sum of squares of a metric, in fixed point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moments {
    /// Number of values.
    pub n: u64,
    /// High 64 bits of the sum of squares (bits 128 to 191); [`u64::MAX`]
    /// marks sums that are no longer exact.
    sum_sq_hi: u64,
    /// Sum of the fixed-point values.
    pub sum: i128,
    /// Low 128 bits of the sum of squares of the fixed-point values.
    sum_sq_lo: u128,
}

impl Moments {
    /// Adds one value. Undefined (non-finite) values are left out, so `n` counts
    /// the replications where the metric exists (cost of sales without revenue).
    /// A value beyond [`LIMIT`] marks the sums as not exact.
    #[inline]
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.n += 1;
        if x.abs() > LIMIT {
            self.sum_sq_hi = POISON;
            return;
        }
        let q = (x * SCALE).round() as i128;
        let (lo, hi) = square(q.unsigned_abs());
        self.add_square(lo, hi);
        self.add_sum(q);
    }

    #[inline]
    fn add_square(&mut self, lo: u128, hi: u64) {
        let (lo, carry) = self.sum_sq_lo.overflowing_add(lo);
        self.sum_sq_lo = lo;
        self.sum_sq_hi = self.sum_sq_hi.saturating_add(hi).saturating_add(u64::from(carry));
    }

    #[inline]
    fn add_sum(&mut self, q: i128) {
        match self.sum.checked_add(q) {
            Some(s) => self.sum = s,
            None => self.sum_sq_hi = POISON,
        }
    }

    /// Adds another set of sums (exact and commutative).
    #[inline]
    pub fn merge(&mut self, other: &Moments) {
        self.n = self.n.saturating_add(other.n);
        if self.n == u64::MAX {
            self.sum_sq_hi = POISON;
        }
        self.add_square(other.sum_sq_lo, other.sum_sq_hi);
        self.add_sum(other.sum);
    }

    /// Whether the sums are exact: no value was beyond [`LIMIT`] and no sum
    /// reached its bound. Only exact sums have a mean and an interval.
    pub fn is_exact(&self) -> bool {
        self.sum_sq_hi != POISON
    }

    /// Whether the sums could come from `n` values within [`LIMIT`]: the sum
    /// at most `n` times the largest value, the sum of squares at most `n`
    /// times its square, and `sum^2 <= n * sum_sq` (Cauchy-Schwarz). Sums read
    /// from a file are checked with it.
    pub fn is_consistent(&self) -> bool {
        let top = (LIMIT * SCALE) as u128;
        let sum_ok = self.sum.unsigned_abs() <= u128::from(self.n).saturating_mul(top);
        let sq = U256::from_parts(self.sum_sq_lo, u128::from(self.sum_sq_hi));
        let (t_lo, t_hi) = square(top);
        let sq_ok = U256::from_parts(t_lo, u128::from(t_hi)).mul_u64(self.n).checked_sub(sq).is_some();
        let (s_lo, s_hi) = mul_wide(self.sum.unsigned_abs(), self.sum.unsigned_abs());
        let cs_ok = sq.mul_u64(self.n).checked_sub(U256::from_parts(s_lo, s_hi)).is_some();
        self.is_exact() && sum_ok && sq_ok && cs_ok
    }

    /// The exact sum of squares of the fixed-point values, as (low 128 bits,
    /// high 64 bits).
    pub fn sum_sq(&self) -> (u128, u64) {
        (self.sum_sq_lo, self.sum_sq_hi)
    }

    /// Mean of the values (NaN when there are none or the sums are not exact;
    /// JSON shows it as null).
    pub fn mean(&self) -> f64 {
        if self.n == 0 || !self.is_exact() { f64::NAN } else { self.sum as f64 / self.n as f64 / SCALE }
    }

    /// Sample variance (n - 1 denominator), computed exactly in integers
    /// (`n * sum_sq - sum^2`, up to 256 bits) and rounded once to a float.
    /// NaN when the sums are not exact.
    pub fn variance(&self) -> f64 {
        if !self.is_exact() {
            return f64::NAN;
        }
        if self.n < 2 {
            return 0.0;
        }
        let n = i128::from(self.n);
        // n * sum_sq, a 256-bit product of a 192-bit and a 64-bit number.
        let nsq = U256::from_parts(self.sum_sq_lo, u128::from(self.sum_sq_hi)).mul_u64(self.n);
        let (s_lo, s_hi) = square(self.sum.unsigned_abs());
        let numerator = nsq.checked_sub(U256::from_parts(s_lo, u128::from(s_hi)));
        // Cauchy-Schwarz makes the difference non-negative; the guard keeps a
        // broken (hand-edited) set of sums from wrapping.
        let numerator = numerator.map_or(0.0, U256::to_f64);
        (numerator / (n as f64 * (n - 1) as f64)).max(0.0) / (SCALE * SCALE)
    }

    /// Sample standard deviation.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }
}

/// The square of `a < 2^96` as (low 128 bits, high 64 bits).
#[inline]
fn square(a: u128) -> (u128, u64) {
    if a >> 64 == 0 {
        // Up to 2^128 - 2^65 + 1: fits the low word.
        return (a * a, 0);
    }
    let (lo, hi) = mul_wide(a, a);
    (lo, hi as u64)
}

/// The full 256-bit product of two 128-bit numbers, as (low, high).
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a0, a1, b0, b1) = (a & MASK, a >> 64, b & MASK, b >> 64);
    let ll = a0 * b0;
    let lh = a0 * b1;
    let hl = a1 * b0;
    let hh = a1 * b1;
    let (mid, mid_carry) = lh.overflowing_add(hl);
    let (lo, lo_carry) = ll.overflowing_add(mid << 64);
    let hi = hh + (mid >> 64) + (u128::from(mid_carry) << 64) + u128::from(lo_carry);
    (lo, hi)
}

/// An unsigned 256-bit number, just enough for the exact variance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct U256 {
    lo: u128,
    hi: u128,
}

impl U256 {
    fn from_parts(lo: u128, hi: u128) -> Self {
        U256 { lo, hi }
    }

    /// `self * m`; the caller keeps the product below 2^256 (a 192-bit number
    /// times a 64-bit one).
    fn mul_u64(self, m: u64) -> Self {
        let (lo, carry) = mul_wide(self.lo, u128::from(m));
        let hi = self.hi.wrapping_mul(u128::from(m)).wrapping_add(carry);
        U256 { lo, hi }
    }

    fn checked_sub(self, o: U256) -> Option<U256> {
        let (lo, borrow) = self.lo.overflowing_sub(o.lo);
        let hi = self.hi.checked_sub(o.hi)?.checked_sub(u128::from(borrow))?;
        Some(U256 { lo, hi })
    }

    /// The nearest float (ties to even), as `u128 as f64` rounds.
    fn to_f64(self) -> f64 {
        if self.hi == 0 {
            return self.lo as f64;
        }
        // Keep the top 128 significant bits and fold the rest into a sticky bit
        // below the rounding position: rounding the 128-bit value then rounds
        // the 256-bit one correctly.
        let shift = 128 - self.hi.leading_zeros();
        let (top, sticky) = if shift == 128 {
            (self.hi, self.lo != 0)
        } else {
            ((self.hi << (128 - shift)) | (self.lo >> shift), self.lo << (128 - shift) != 0)
        };
        let sticky = u128::from(sticky);
        (top | sticky) as f64 * 2f64.powi(shift as i32)
    }

    /// Decimal digits.
    fn to_decimal(self) -> String {
        if self.hi == 0 {
            return self.lo.to_string();
        }
        // Repeated division by 10^19 on 64-bit limbs.
        const CHUNK: u64 = 10_000_000_000_000_000_000;
        let mut limbs = [self.lo as u64, (self.lo >> 64) as u64, self.hi as u64, (self.hi >> 64) as u64];
        let mut parts = Vec::new();
        while limbs.iter().any(|&l| l != 0) {
            let mut rem: u128 = 0;
            for limb in limbs.iter_mut().rev() {
                let cur = (rem << 64) | u128::from(*limb);
                *limb = (cur / u128::from(CHUNK)) as u64;
                rem = cur % u128::from(CHUNK);
            }
            parts.push(rem as u64);
        }
        let mut text = parts.pop().unwrap_or(0).to_string();
        for p in parts.iter().rev() {
            text.push_str(&format!("{p:019}"));
        }
        text
    }

    /// Parses decimal digits; `None` beyond 2^256 or on anything but digits.
    fn from_decimal(text: &str) -> Option<U256> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut v = U256 { lo: 0, hi: 0 };
        for b in text.bytes() {
            let (lo, carry) = mul_wide(v.lo, 10);
            let hi = v.hi.checked_mul(10)?.checked_add(carry)?;
            let (lo, c) = lo.overflowing_add(u128::from(b - b'0'));
            let hi = hi.checked_add(u128::from(c))?;
            v = U256 { lo, hi };
        }
        Some(v)
    }
}

/// The file form: the sums as decimal text (JSON numbers cannot hold them), and
/// `"not exact"` for the sum of squares of sums that are no longer exact.
#[derive(Serialize, Deserialize)]
struct MomentsText {
    n: u64,
    sum: String,
    sum_sq: String,
}

/// What a set of sums that are no longer exact says in place of its sum of squares.
const NOT_EXACT: &str = "not exact";

impl Serialize for Moments {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sum_sq = if self.is_exact() {
            U256::from_parts(self.sum_sq_lo, u128::from(self.sum_sq_hi)).to_decimal()
        } else {
            NOT_EXACT.to_string()
        };
        MomentsText { n: self.n, sum: self.sum.to_string(), sum_sq }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Moments {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let t = MomentsText::deserialize(d)?;
        let sum: i128 = t.sum.parse().map_err(|e| D::Error::custom(format!("sum `{}`: {e}", t.sum)))?;
        if t.sum_sq == NOT_EXACT {
            return Ok(Moments { n: t.n, sum_sq_hi: POISON, sum, sum_sq_lo: 0 });
        }
        let sq = U256::from_decimal(&t.sum_sq)
            .filter(|v| v.hi < u128::from(POISON))
            .ok_or_else(|| D::Error::custom(format!("sum_sq `{}` is not a whole number below 2^192", t.sum_sq)))?;
        Ok(Moments { n: t.n, sum_sq_hi: sq.hi as u64, sum, sum_sq_lo: sq.lo })
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
    #[test]
    fn huge_money_values_keep_an_exact_sum_of_squares() {
        // The issue's case: revenue near 6.6e11 per slot-year, spread by a
        // log-normal deal size, over 100,000 replications. The 128-bit sum of
        // squares saturated here and the interval collapsed to zero width.
        let xs: Vec<f64> = (0..100_000).map(|i| 6.57e11 * (1.0 + 0.5 * ((i as f64) * 0.618).sin())).collect();
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        assert!(m.is_exact());
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        assert_relative_eq!(m.mean(), mean, max_relative = 1e-12);
        assert_relative_eq!(m.variance(), var, max_relative = 1e-9);
        assert!(m.sd() > 1e11);
        // Still exact and order-independent when split and merged.
        let mut parts = [Moments::default(); 4];
        for (i, &x) in xs.iter().enumerate().rev() {
            parts[i % 4].push(x);
        }
        let mut merged = parts[3];
        parts[..3].iter().for_each(|p| merged.merge(p));
        assert_eq!(merged, m);
        assert_eq!(merged.variance().to_bits(), m.variance().to_bits());
    }

    #[test]
    fn the_largest_stored_values_do_not_overflow() {
        let mut m = Moments::default();
        for _ in 0..1000 {
            m.push(LIMIT);
            m.push(-LIMIT);
        }
        assert!(m.is_exact());
        assert_eq!(m.mean(), 0.0);
        assert_relative_eq!(m.sd(), LIMIT * (2000.0f64 / 1999.0).sqrt(), max_relative = 1e-12);
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Moments>(&text).unwrap(), m);
    }

    #[test]
    fn a_value_beyond_the_limit_is_flagged_not_clamped() {
        let mut m = Moments::default();
        m.push(1.0);
        m.push(2.0 * LIMIT);
        m.push(3.0);
        assert!(!m.is_exact());
        assert!(m.mean().is_nan() && m.variance().is_nan());
        let mut other = Moments::default();
        other.push(5.0);
        other.merge(&m);
        assert!(!other.is_exact(), "merging keeps the flag");
        let text = serde_json::to_string(&m).unwrap();
        assert!(text.contains("not exact"), "{text}");
        assert!(!serde_json::from_str::<Moments>(&text).unwrap().is_exact());
    }

    #[test]
    fn wide_integers_convert_and_print_exactly() {
        let big = U256::from_parts(u128::MAX, 12_345);
        assert_eq!(U256::from_decimal(&big.to_decimal()), Some(big));
        assert_eq!(U256::from_parts(7, 0).to_decimal(), "7");
        assert_eq!(U256::from_parts(0, 1).to_decimal(), "340282366920938463463374607431768211456");
        assert_eq!(U256::from_parts(0, 1).to_f64(), 2f64.powi(128));
        assert_eq!(U256::from_parts(0, 1u128 << 127).to_f64(), 2f64.powi(255));
        // Ties to even with a sticky bit far below.
        let v = U256::from_parts(1, 1u128 << 53);
        assert_eq!(v.to_f64(), 2f64.powi(181));
        assert_eq!(mul_wide(u128::MAX, u128::MAX), (1, u128::MAX - 1));
        assert!(U256::from_decimal("12a").is_none());
        assert!(U256::from_decimal(&"9".repeat(80)).is_none());
        for bad in [r#"{"n":1,"sum":"1","sum_sq":"-1"}"#, r#"{"n":1,"sum":"x","sum_sq":"1"}"#] {
            assert!(serde_json::from_str::<Moments>(bad).is_err(), "{bad}");
        }
    }
}
