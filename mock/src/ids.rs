//! Unique identifiers for everything the mock creates.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// Mints identifiers in UUID form. Uniqueness within an instance is guaranteed (a
/// counter passed through a bijection), and a random per-instance prefix makes ids
/// from different instances differ, so a foreign id or token is never mistaken.
#[derive(Debug)]
pub struct IdGenerator {
    prefix: u64,
    salt: u64,
    counter: AtomicU64,
}

const LOW_62: u64 = (1 << 62) - 1;

impl IdGenerator {
    /// A generator with a fresh random prefix.
    pub fn new() -> Self {
        Self {
            prefix: random_u64(),
            salt: random_u64(),
            counter: AtomicU64::new(0),
        }
    }

    /// The next identifier, e.g. `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
    pub fn next_uuid(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let hi = (self.prefix & !0xF000) | 0x4000;
        let lo = (0b10 << 62) | mix62(n.wrapping_add(self.salt));
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xFFFF,
            hi & 0xFFFF,
            lo >> 48,
            lo & 0xFFFF_FFFF_FFFF
        )
    }
}

impl Default for IdGenerator {
    fn default() -> Self {
        Self::new()
    }
}

/// A bijection on 62-bit values (inputs are taken modulo 2^62, and a counter never
/// wraps that far), so consecutive counters give distinct, unrelated-looking ids.
fn mix62(n: u64) -> u64 {
    let mut x = n & LOW_62;
    x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15) & LOW_62;
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9) & LOW_62;
    x ^ (x >> 32)
}

/// 64 bits of per-process randomness from the standard library's hasher seeds.
pub fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_uuid_shaped() {
        let ids = IdGenerator::new();
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let id = ids.next_uuid();
            assert_eq!(id.len(), 36);
            assert_eq!(&id[14..15], "4");
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn instances_differ() {
        assert_ne!(
            IdGenerator::new().next_uuid(),
            IdGenerator::new().next_uuid()
        );
    }
}
