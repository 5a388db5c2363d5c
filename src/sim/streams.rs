//! Keyed random streams: every draw comes from a generator seeded by what it is
//! for (master seed, replication, purpose, rep slot, hire number, week), never by
//! the order of calls. Two strategies that share a replication therefore share the
//! starting team, the market and each person's luck (common random numbers), and
//! a rep who quits and is replaced shifts nobody else's draws. See
//! `docs/reproducibility.md`.

use rand::SeedableRng;
use rand_xoshiro::SplitMix64;

/// The named generator behind every stream: SplitMix64 (Steele, Lea and Flood
/// 2014), a Weyl counter passed through [`mix64`]. Draw `j` (from 1) of the
/// stream with seed `s` is `mix64(s + j * GOLDEN_GAMMA)`, so any draw can be
/// computed directly from the seed and its number: the weekly loop computes a
/// block of reps' draws lane-wise ([`draw_bits`]) and continues the same
/// streams one rep at a time where a rep needs more.
pub type StreamRng = SplitMix64;

/// SplitMix64's increment, `2^64` divided by the golden ratio, made odd.
pub const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// What a stream is used for; part of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Traits and starting state of the person in a slot.
    Person = 1,
    /// The common market index.
    Market = 2,
    /// A rep's weekly luck: deals, deal sizes, quitting, gaming.
    RepWeek = 3,
    /// Draws of uncertain behavioural parameters for a replication's world.
    World = 4,
    /// A rep's weekly luck during the burn-in before week 0 (shared by every
    /// strategy of a replication under common random numbers).
    BurnIn = 5,
}

/// SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Identifies a replication's family of streams. Under common random numbers the
/// strategy is not part of the key; with `--no-crn` it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamKey {
    base: u64,
}

impl StreamKey {
    /// Key of replication `replication` under master `seed`; `strategy` is
    /// `Some(i)` only when strategies must get independent streams.
    pub fn new(seed: u64, replication: u64, strategy: Option<u64>) -> Self {
        let mut base = mix64(seed ^ 0x5a1e_5000_0000_0001);
        base = mix64(base ^ replication);
        if let Some(s) = strategy {
            base = mix64(base ^ s.wrapping_add(0x9e37_79b9_7f4a_7c15));
        }
        StreamKey { base }
    }

    /// The 64-bit seed of one stream.
    #[inline]
    pub fn seed(&self, purpose: Purpose, slot: u64, hire: u64, week: u64) -> u64 {
        self.prefix(purpose, slot, hire).seed(week)
    }

    /// The part of a stream's key that does not depend on the week: computed once
    /// per slot (and hire), it leaves one mixing round per weekly stream.
    #[inline]
    pub fn prefix(&self, purpose: Purpose, slot: u64, hire: u64) -> StreamPrefix {
        let mut h = mix64(self.base ^ (purpose as u64).wrapping_mul(0xd6e8_feb8_6659_fd93));
        h = mix64(h ^ slot);
        StreamPrefix(mix64(h ^ hire.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }

    /// A generator for one stream.
    #[inline]
    pub fn rng(&self, purpose: Purpose, slot: u64, hire: u64, week: u64) -> StreamRng {
        self.prefix(purpose, slot, hire).rng(week)
    }
}

/// A stream key with everything but the week fixed (see [`StreamKey::prefix`]);
/// `key.prefix(p, s, h).rng(w)` is the same generator as `key.rng(p, s, h, w)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamPrefix(u64);

impl StreamPrefix {
    /// The 64-bit seed of the stream of week `week`.
    #[inline]
    pub fn seed(self, week: u64) -> u64 {
        mix64(self.0 ^ week)
    }

    /// The generator of week `week`.
    #[inline]
    pub fn rng(self, week: u64) -> StreamRng {
        SplitMix64::seed_from_u64(self.seed(week))
    }
}

/// Draw number `j` (from 1) of the stream with seed `seed`: the same 64 bits
/// as the `j`-th `next_u64` of `StreamRng::seed_from_u64(seed)`, without
/// stepping through the ones before it.
#[inline(always)]
pub fn draw_bits(seed: u64, j: u64) -> u64 {
    mix64(seed.wrapping_add(j.wrapping_mul(GOLDEN_GAMMA)))
}

/// The stream with seed `seed`, positioned after its first `used` draws: its
/// next draw is `draw_bits(seed, used + 1)`.
#[inline]
pub fn rng_after(seed: u64, used: u64) -> StreamRng {
    SplitMix64::seed_from_u64(seed.wrapping_add(used.wrapping_mul(GOLDEN_GAMMA)))
}

/// The uniform of [`uniform`] from 64 random bits.
#[inline(always)]
pub fn uniform_from_bits(bits: u64) -> f64 {
    ((bits >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// Uniform draw in the open interval (0, 1) from 53 random bits.
#[inline]
pub fn uniform<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    uniform_from_bits(rng.next_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_every_part_of_the_key() {
        let k = StreamKey::new(7, 3, None);
        let base = k.seed(Purpose::RepWeek, 1, 0, 5);
        assert_ne!(base, k.seed(Purpose::Person, 1, 0, 5));
        assert_ne!(base, k.seed(Purpose::RepWeek, 2, 0, 5));
        assert_ne!(base, k.seed(Purpose::RepWeek, 1, 1, 5));
        assert_ne!(base, k.seed(Purpose::RepWeek, 1, 0, 6));
        assert_ne!(base, StreamKey::new(7, 4, None).seed(Purpose::RepWeek, 1, 0, 5));
        assert_ne!(base, StreamKey::new(8, 3, None).seed(Purpose::RepWeek, 1, 0, 5));
        assert_ne!(base, StreamKey::new(7, 3, Some(1)).seed(Purpose::RepWeek, 1, 0, 5));
    }

    #[test]
    fn a_prefix_gives_the_same_stream_as_the_full_key() {
        let k = StreamKey::new(5, 9, None);
        for (slot, hire, week) in [(0, 0, 0), (3, 0, 17), (99, 2, 155)] {
            let p = k.prefix(Purpose::RepWeek, slot, hire);
            assert_eq!(p.seed(week), k.seed(Purpose::RepWeek, slot, hire, week));
            let (mut a, mut b) = (p.rng(week), k.rng(Purpose::RepWeek, slot, hire, week));
            assert_eq!(uniform(&mut a).to_bits(), uniform(&mut b).to_bits());
        }
    }

    #[test]
    fn direct_draws_and_repositioned_streams_follow_the_stream() {
        use rand::Rng;
        for seed in [0, 1, 0x1234_5678_9abc_def0, u64::MAX] {
            let mut r = StreamRng::seed_from_u64(seed);
            for j in 1..=12 {
                let bits = r.next_u64();
                assert_eq!(bits, draw_bits(seed, j));
                assert_eq!(rng_after(seed, j - 1).next_u64(), bits);
            }
        }
        // SplitMix64's published first output for seed 1477776061723855037
        // (the reference value rand_xoshiro checks against splitmix64.c).
        assert_eq!(draw_bits(1_477_776_061_723_855_037, 1), 1_985_237_415_132_408_290);
    }

    #[test]
    fn same_key_gives_same_draws() {
        let k = StreamKey::new(1, 2, None);
        let mut a = k.rng(Purpose::Market, 0, 0, 9);
        let mut b = k.rng(Purpose::Market, 0, 0, 9);
        for _ in 0..10 {
            assert_eq!(uniform(&mut a).to_bits(), uniform(&mut b).to_bits());
        }
    }

    #[test]
    fn uniform_stays_inside_the_open_unit_interval_and_has_mean_one_half() {
        let mut r = StreamKey::new(0, 0, None).rng(Purpose::World, 0, 0, 0);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = uniform(&mut r);
            assert!(u > 0.0 && u < 1.0);
            sum += u;
        }
        assert!((sum / n as f64 - 0.5).abs() < 0.005);
    }
}
