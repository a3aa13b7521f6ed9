//! The random source of one generated case: SplitMix64, seeded with one draw from the test
//! runner's RNG (ChaCha in the engine), so a case stays a deterministic function of the run seed
//! while each of its thousands of decisions (a character is one) costs a few instructions instead
//! of a ChaCha draw.

use proptest::prelude::Rng as _;
use proptest::test_runner::TestRunner;

/// SplitMix64 (Steele, Lea and Flood): 64 bits of state, passes BigCrush, ample for choosing
/// test inputs.
#[derive(Debug, Clone)]
pub(crate) struct Fast(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Fast {
    /// A generator seeded with one draw from `runner`.
    pub fn from_runner(runner: &mut TestRunner) -> Self {
        Fast(runner.rng().next_u64())
    }

    /// An independent stream for `index` under `seed` (lazily generated alternatives).
    pub fn derived(seed: u64, index: u64) -> Self {
        let mut mix = Fast(seed ^ index.wrapping_mul(GOLDEN).rotate_left(29));
        Fast(mix.next_u64())
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift (bias below 2⁻³²  for any `n` used here).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `low..=high`.
    #[inline]
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        debug_assert!(low <= high);
        low + self.below((high - low) as u64 + 1) as usize
    }

    /// Uniform in `low..=high` for the full `i64` range.
    pub fn between_i64(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        let span = high.wrapping_sub(low) as u64;
        let offset = if span == u64::MAX {
            self.next_u64()
        } else {
            self.below(span + 1)
        };
        low.wrapping_add(offset as i64)
    }

    /// A fair coin.
    #[inline]
    pub fn coin(&mut self) -> bool {
        self.next_u64() >> 63 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_covered_and_respected() {
        let mut rng = Fast(7);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let x = rng.between(3, 8);
            assert!((3..=8).contains(&x));
            seen[x - 3] = true;
        }
        assert!(seen.iter().all(|s| *s));
        for _ in 0..100 {
            let x = rng.between_i64(-2, 2);
            assert!((-2..=2).contains(&x));
        }
        let _ = rng.between_i64(i64::MIN, i64::MAX);
        assert_eq!(rng.between_i64(5, 5), 5);
    }

    #[test]
    fn derived_streams_differ_and_repeat() {
        let a: Vec<u64> = (0..4).map(|_| Fast::derived(1, 0).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Fast::derived(1, 0).next_u64(),
            Fast::derived(1, 1).next_u64()
        );
    }
}
