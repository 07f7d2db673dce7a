//! A hash map for the core's own small keys, hashed by multiply-rotate.
//!
//! The standard `HashMap` hashes with SipHash, which is built to resist hash
//! flooding by adversarial keys. The core's memo tables (the Pareto/NBD score
//! memo, the KPI engine's horizon caches) are keyed by integers and float bit
//! patterns it computes itself, and are looked up once per customer and date,
//! where SipHash costs more than the work it saves. [`FastHasher`] is the
//! multiply-rotate hash of Firefox and rustc (`FxHasher`, after
//! `h = (h.rotate_left(5) ^ word) · 0x517cc1b727220a95`), on whole 64-bit words.
//!
//! Never key a [`FastMap`] by data a user could choose to collide: keys here
//! are the core's own numbers.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` hashed by [`FastHasher`]; make one with `FastMap::default()`.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The multiply-rotate hash of Firefox and rustc (`FxHasher`), on whole words.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(value: T) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn a_word_hashes_to_the_multiply_rotate_formula() {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        assert_eq!(hash(1u64), K);
        assert_eq!(hash(7u64), 7u64.wrapping_mul(K));
        // Two words: (rotl(h1, 5) ^ w2) · K.
        assert_eq!(hash((1u64, 2u64)), (K.rotate_left(5) ^ 2).wrapping_mul(K));
        // Narrower integers hash as their 64-bit word.
        assert_eq!(hash(7u32), hash(7u64));
        assert_eq!(hash(-1i64), hash(u64::MAX));
        // Bytes go in little-endian words, a short tail padded with zeros.
        let mut h = FastHasher::default();
        h.write(&[1, 0, 0, 0, 0, 0, 0, 0, 2]);
        assert_eq!(h.finish(), hash((1u64, 2u64)));
    }

    #[test]
    fn a_fast_map_keeps_and_finds_its_entries() {
        let mut map: FastMap<(u32, i64, i64), f64> = FastMap::default();
        for x in 0..200u32 {
            for t in -5..5i64 {
                map.insert((x, t, t * 7), f64::from(x) + t as f64);
            }
        }
        assert_eq!(map.len(), 2000);
        assert_eq!(map.get(&(3, -2, -14)), Some(&1.0));
        assert_eq!(map.get(&(3, -2, -13)), None);
        let mut bits: FastMap<(u64, u64), f64> = FastMap::default();
        bits.insert((0.5f64.to_bits(), 2.0f64.to_bits()), 1.0);
        assert_eq!(bits[&(0.5f64.to_bits(), 2.0f64.to_bits())], 1.0);
    }
}
