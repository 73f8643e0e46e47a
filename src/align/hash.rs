//! A fast, deterministic hasher for the aligner's internal maps and sets (token ids, concept
//! ids, token strings).
//!
//! The multiply-rotate scheme of rustc's `FxHasher`, fed 8 bytes at a time (a string's last 1
//! to 7 bytes as one word). Not resistant to chosen keys (a text crafted to collide could slow
//! a map down, never change a result: no output depends on iteration order of these maps); the
//! same in every run and on every thread. Measured on NTREX (123 documents, one thread): the std `SipHash` maps it replaced
//! cost about 2-4% of the align stage each.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// See the module docs.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl IntHasher {
    #[inline]
    fn add(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for IntHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        // the last 1 to 7 bytes from at most two loads that may overlap, not a copy of a
        // variable length (a call to `memcpy` per word of a text); the length goes in too,
        // so that different tails stay apart
        let rest = chunks.remainder();
        let n = rest.len();
        if n >= 4 {
            let lo = u32::from_le_bytes(rest[..4].try_into().unwrap_or_default()) as u64;
            let hi = u32::from_le_bytes(rest[n - 4..].try_into().unwrap_or_default()) as u64;
            self.add((lo | hi << 32) ^ (n as u64) << 61);
        } else if n > 0 {
            let w = rest[0] as u64 | (rest[n / 2] as u64) << 8 | (rest[n - 1] as u64) << 16;
            self.add(w | (n as u64) << 61);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` with [`IntHasher`].
pub(crate) type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;
/// A `HashSet` with [`IntHasher`].
pub(crate) type IntSet<K> = HashSet<K, BuildHasherDefault<IntHasher>>;
