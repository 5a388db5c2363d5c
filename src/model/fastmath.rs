//! Elementary functions of the weekly loop (`exp`, `expm1`, `tanh`, and the
//! complementary error function behind the normal distribution function),
//! written with basic IEEE arithmetic only.
//!
//! Three reasons to carry our own instead of calling the platform's libm:
//! - vectorisation: `exp` and `tanh` are branch-free (selects only), inline and
//!   free of table lookups, so the lane-wise kernels of the weekly loop
//!   (`sim::kernels`) that call them compile to vector instructions with any
//!   vector width; a call into libm keeps a loop scalar, and table lookups
//!   need gathers, which compilers avoid where they are slow;
//! - speed in scalar code too: no call, no `errno` wrapper;
//! - reproducibility: libm implementations differ in the last bit between
//!   platforms and versions, while additions and multiplications are exactly
//!   specified by IEEE 754, so these give the same bits everywhere, in every
//!   vector width.
//!
//! Method: `x = k ln 2 + r` with `|r| <= ln 2 / 2` (Cody-Waite reduction with
//! a two-part constant, `k` rounded by the add-and-subtract trick), the Taylor
//! polynomial of degree 13 for `e^r - 1` (truncation below 5e-18 relative) in
//! Estrin's order (short dependency chains), and scaling by `2^k` through the
//! exponent bits. Integer steps use masks and shifts of the bits of the
//! rounded double, never a float-to-integer conversion, which vector units
//! lack for 64-bit integers. Relative error against the platform's functions
//! stays below 1e-15 (tests below).

/// `ln 2` split so that `k * LN2_HI` is exact for `|k| < 2^20`.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// `ln 2 - LN2_HI`.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Adding and subtracting this rounds a double of magnitude below 2^51 to the
/// nearest integer (ties to even), without a libm call.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;
/// Added to `k` so that every `k` of a clamped argument is non-negative.
const K_BIAS: u64 = 1100;
/// Inside `(-NORMAL_RANGE, NORMAL_RANGE)` both `e^x` and `2^k` are normal
/// doubles.
const NORMAL_RANGE: f64 = 708.0;

/// `e^r - 1` for `|r| <= ln 2 / 2`: Taylor terms up to `r^13 / 13!`.
#[inline(always)]
fn expm1_poly(r: f64) -> f64 {
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let low = r + r2 * (1.0 / 2.0 + r * (1.0 / 6.0));
    let mid = r4 * ((1.0 / 24.0 + r * (1.0 / 120.0)) + r2 * (1.0 / 720.0 + r * (1.0 / 5_040.0)));
    let high = r8
        * ((1.0 / 40_320.0 + r * (1.0 / 362_880.0))
            + r2 * (1.0 / 3_628_800.0 + r * (1.0 / 39_916_800.0))
            + r4 * (1.0 / 479_001_600.0 + r * (1.0 / 6_227_020_800.0)));
    low + (mid + high)
}

/// Splits `x` (`|x| <= 746`) as `x = k ln 2 + r`: returns `k + K_BIAS` and
/// `e^r - 1`.
#[inline(always)]
fn reduce(x: f64) -> (u64, f64) {
    let t = x * std::f64::consts::LOG2_E + ROUND_MAGIC;
    let kf = t - ROUND_MAGIC;
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    // k from the low bits of t, made non-negative by the bias, so that
    // logical shifts (which vector units have) finish the job.
    let biased = t.to_bits().wrapping_sub(ROUND_MAGIC.to_bits()).wrapping_add(K_BIAS);
    (biased, expm1_poly(r))
}

/// `2^(biased - K_BIAS)` for `biased - K_BIAS` in the normal exponent range.
#[inline(always)]
fn pow2_biased(biased: u64) -> f64 {
    f64::from_bits((biased + 1023 - K_BIAS) << 52)
}

/// `e^x`, relative error below 1e-15; overflows to infinity and underflows to
/// zero (through subnormals) like `f64::exp`; NaN gives NaN. Branch-free:
/// `2^k` is applied in two factors, both normal for every clamped argument,
/// so that overflow and gradual underflow happen in the last multiplication,
/// with one rounding.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    // Beyond +-746 the result is infinity or zero either way; clamping keeps
    // the rounding trick exact (NaN passes through and gives NaN).
    let (biased, p) = reduce(x.clamp(-746.0, 746.0));
    // 2^k = 2^floor(k / 2) * 2^(k - floor(k / 2)); K_BIAS is even, so
    // floor(k / 2) + K_BIAS / 2 = biased >> 1.
    let half = biased >> 1;
    let s1 = f64::from_bits((half + 1023 - K_BIAS / 2) << 52);
    let s2 = f64::from_bits((biased - half + 1023 - K_BIAS / 2) << 52);
    (1.0 + p) * s1 * s2
}

/// `e^x - 1`, accurate also for tiny `x` (relative error below 1e-15).
#[inline]
pub fn expm1(x: f64) -> f64 {
    if x < -40.0 {
        return -1.0;
    }
    if x >= NORMAL_RANGE || x.is_nan() {
        return exp(x) - 1.0;
    }
    expm1_core(x)
}

/// `e^x - 1` for `-64 ln 2 < x < NORMAL_RANGE`, branch-free: `(2^k - 1)` is
/// exact there, and for `|x| <= ln 2 / 2` (`k = 0`) the result is the
/// polynomial itself, so there is no cancellation near zero.
#[inline(always)]
fn expm1_core(x: f64) -> f64 {
    let (biased, p) = reduce(x);
    let scale = pow2_biased(biased);
    (scale - 1.0) + scale * p
}

/// Hyperbolic tangent, relative error below 1e-15; odd, saturating at +-1.
/// Branch-free (selects only), so that loops over it vectorise.
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let a = x.abs();
    // tanh a = -expm1(-2a) / (2 + expm1(-2a)), no cancellation for any a; the
    // argument stays inside expm1_core's range, and beyond 22 tanh rounds to 1.
    let m = expm1_core(-2.0 * if a > 22.0 { 22.0 } else { a });
    let t = if a > 22.0 { 1.0 } else { -m / (2.0 + m) };
    if x.is_nan() { x } else { t.copysign(x) }
}

/// `p` of the rational approximation of `erfc` (Abramowitz & Stegun 1964,
/// 7.1.26, after Hastings 1955).
const ERFC_P: f64 = 0.327_591_1;
/// The polynomial coefficients `a1..a5` of the same approximation.
const ERFC_A: [f64; 5] = [0.254_829_592, -0.284_496_736, 1.421_413_741, -1.453_152_027, 1.061_405_429];

/// `erfc(x)` for `x >= 0`, absolute error below 1.5e-7 (Abramowitz & Stegun
/// 7.1.26): `t (a1 + a2 t + ... + a5 t^4) e^(-x^2)` with `t = 1 / (1 + p x)`.
/// Branch-free, so that loops over it vectorise.
#[inline(always)]
fn erfc_nonnegative(x: f64) -> f64 {
    let t = 1.0 / (1.0 + ERFC_P * x);
    let [a1, a2, a3, a4, a5] = ERFC_A;
    let poly = t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5))));
    poly * exp(-x * x)
}

/// The standard normal distribution function `P(Z <= z)`, absolute error
/// below 1e-7 (from [`erfc_nonnegative`]: `Phi(z) = erfc(-z / sqrt 2) / 2`,
/// by symmetry). Branch-free (a select on the sign), so that the lane-wise
/// kernels that call it vectorise; monotone in `z` and inside `[0, 1]`.
#[inline(always)]
pub fn normal_cdf(z: f64) -> f64 {
    let tail = 0.5 * erfc_nonnegative(z.abs() * std::f64::consts::FRAC_1_SQRT_2);
    if z >= 0.0 { 1.0 - tail } else { tail }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative error of `got` against `want`.
    fn rel(got: f64, want: f64) -> f64 {
        if got == want { 0.0 } else { ((got - want) / want).abs() }
    }

    /// Points spread over `[lo, hi]`: a fine regular grid plus a deterministic
    /// pseudo-random scatter.
    fn points(lo: f64, hi: f64) -> Vec<f64> {
        let mut xs: Vec<f64> = (0..=200_000).map(|i| lo + (hi - lo) * f64::from(i) / 200_000.0).collect();
        let mut s = 0x1234_5678_9abc_def0u64;
        for _ in 0..200_000 {
            s = crate::sim::streams::mix64(s);
            xs.push(lo + (hi - lo) * ((s >> 11) as f64 / (1u64 << 53) as f64));
        }
        xs
    }

    #[test]
    fn exp_matches_the_platform_exp_to_1e_15_relative() {
        let mut worst = 0.0f64;
        for x in points(-708.0, 709.7) {
            worst = worst.max(rel(exp(x), x.exp()));
        }
        for x in points(-2.0, 2.0) {
            worst = worst.max(rel(exp(x), x.exp()));
        }
        assert!(worst < 1e-15, "worst relative error {worst:e}");
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn exp_edges_behave_like_the_platform_exp() {
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(-746.0), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert!(exp(f64::NAN).is_nan());
        for x in [-708.5, -720.0, -740.0, -745.0] {
            let (got, want) = (exp(x), x.exp());
            assert!(got > 0.0 && (got - want).abs() <= 2.0 * f64::from_bits(1), "{x}: {got:e} vs {want:e}");
        }
    }

    #[test]
    fn expm1_is_accurate_near_zero_and_far_from_it() {
        let mut worst = 0.0f64;
        for x in points(-1e-6, 1e-6).into_iter().chain(points(-50.0, 50.0)).chain(points(-0.4, 0.4)) {
            worst = worst.max(rel(expm1(x), x.exp_m1()));
        }
        assert!(worst < 1e-15, "worst relative error {worst:e}");
        assert_eq!(expm1(0.0), 0.0);
    }

    #[test]
    fn tanh_matches_the_platform_tanh_and_is_odd() {
        let mut worst = 0.0f64;
        for x in points(-30.0, 30.0).into_iter().chain(points(-1e-5, 1e-5)).chain(points(-3.0, 3.0)) {
            worst = worst.max(rel(tanh(x), x.tanh()));
            assert_eq!(tanh(-x), -tanh(x));
        }
        assert!(worst < 1e-15, "worst relative error {worst:e}");
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
    }

    #[test]
    fn normal_cdf_is_within_1e_7_of_the_exact_one_and_monotone() {
        let exact = |z: f64| 0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2);
        let mut worst = 0.0f64;
        let mut last = 0.0;
        for i in 0..=400_000 {
            let z = -12.0 + 24.0 * f64::from(i) / 400_000.0;
            let got = normal_cdf(z);
            worst = worst.max((got - exact(z)).abs());
            assert!((0.0..=1.0).contains(&got), "{z}: {got}");
            assert!(got >= last, "not monotone at {z}: {got} < {last}");
            last = got;
        }
        assert!(worst < 1e-7, "worst absolute error {worst:e}");
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-9);
        assert_eq!(normal_cdf(f64::INFINITY), 1.0);
        assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
        assert!((normal_cdf(1.0) + normal_cdf(-1.0) - 1.0).abs() < 1e-15);
    }
}
