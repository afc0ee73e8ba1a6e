//! The index file's primitives: variable-length integers, strings and
//! ranges, written to a byte vector and read back with every length and
//! value checked, and the content hash that keys it.
//!
//! Nothing read is trusted: a length may not exceed the bytes left (so no
//! read allocates more than the file's size), a string must be UTF-8 that
//! [`crate::sanitize::clean`] leaves as it is, an index must be in range
//! and a range must lie on character boundaries of its text.

use std::borrow::Cow;
use std::ops::Range;

/// Why an index file was not used. Only ever reported as "rebuilt", so it
/// carries no detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bad;

pub type Res<T> = Result<T, Bad>;

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    pub fn n(&mut self, v: usize) {
        self.u(v as u64);
    }

    pub fn flag(&mut self, b: bool) {
        self.buf.push(u8::from(b));
    }

    pub fn s(&mut self, s: &str) {
        self.n(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn strs(&mut self, v: &[String]) {
        self.n(v.len());
        for s in v {
            self.s(s);
        }
    }

    pub fn range(&mut self, r: &Range<usize>) {
        self.n(r.start);
        self.n(r.end.saturating_sub(r.start));
    }

    pub fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_bits().to_le_bytes());
    }
}

pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// How far it has read.
    pub fn pos(&self) -> usize {
        self.at
    }

    /// What it has read since `start`.
    pub fn since(&self, start: usize) -> &'a [u8] {
        self.bytes.get(start..self.at).unwrap_or_default()
    }

    pub fn byte(&mut self) -> Res<u8> {
        let b = *self.bytes.get(self.at).ok_or(Bad)?;
        self.at += 1;
        Ok(b)
    }

    pub fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or(Bad)?;
        let s = self.bytes.get(self.at..end).ok_or(Bad)?;
        self.at = end;
        Ok(s)
    }

    pub fn u(&mut self) -> Res<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Bad)
    }

    /// A number that fits a `usize`.
    pub fn n(&mut self) -> Res<usize> {
        usize::try_from(self.u()?).map_err(|_| Bad)
    }

    /// A count of items still to read, each at least one byte long: never
    /// more than the bytes left, so a hostile count cannot make a reader
    /// reserve more memory than the file holds.
    pub fn count(&mut self) -> Res<usize> {
        let n = self.n()?;
        if n > self.bytes.len() - self.at {
            return Err(Bad);
        }
        Ok(n)
    }

    /// An index below `limit`.
    pub fn idx(&mut self, limit: usize) -> Res<usize> {
        let i = self.n()?;
        if i < limit { Ok(i) } else { Err(Bad) }
    }

    pub fn flag(&mut self) -> Res<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Bad),
        }
    }

    /// A string, which must be safe to show as it is.
    pub fn s(&mut self) -> Res<String> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        let s = std::str::from_utf8(bytes).map_err(|_| Bad)?;
        if plain(bytes) {
            return Ok(s.to_owned());
        }
        match crate::sanitize::clean(s) {
            Cow::Borrowed(_) => Ok(s.to_owned()),
            Cow::Owned(_) => Err(Bad),
        }
    }

    pub fn strs(&mut self) -> Res<Vec<String>> {
        let n = self.count()?;
        (0..n).map(|_| self.s()).collect()
    }

    /// A range within `text`, on character boundaries.
    pub fn range_in(&mut self, text: &str) -> Res<Range<usize>> {
        let start = self.n()?;
        let end = start.checked_add(self.n()?).ok_or(Bad)?;
        if end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end) {
            Ok(start..end)
        } else {
            Err(Bad)
        }
    }

    /// Ranges within `text` in order and not overlapping.
    pub fn ranges_in(&mut self, text: &str) -> Res<Vec<Range<usize>>> {
        let n = self.count()?;
        let mut out: Vec<Range<usize>> = Vec::with_capacity(n);
        for _ in 0..n {
            let r = self.range_in(text)?;
            if out.last().is_some_and(|l| l.end > r.start) {
                return Err(Bad);
            }
            out.push(r);
        }
        Ok(out)
    }

    pub fn f64(&mut self) -> Res<f64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(a)))
    }
}

/// Whether `bytes` are only printable ASCII and newlines, which cleaning
/// leaves as they are; checked a block at a time without stopping early,
/// so that it compiles to vector code.
pub fn plain(bytes: &[u8]) -> bool {
    bytes.chunks(64).all(|c| {
        !c.iter().fold(false, |bad, &b| {
            bad | (b < 0x20 && b != b'\n') | (b >= 0x7f)
        })
    })
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn round(acc: u64, lane: u64) -> u64 {
    acc.wrapping_add(lane.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn lane(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// XXH64 of `bytes` (seed 0): fast enough to hash every file of a pack on
/// each open (several GB/s, four independent lanes), and stable across
/// runs and platforms, unlike the standard library's hasher.
pub fn hash(bytes: &[u8]) -> u64 {
    let len = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(32);
    let mut h = if bytes.len() >= 32 {
        let mut v = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
        for c in &mut chunks {
            for (i, acc) in v.iter_mut().enumerate() {
                *acc = round(*acc, lane(&c[i * 8..]));
            }
        }
        let mut h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for acc in v {
            h = (h ^ round(0, acc)).wrapping_mul(P1).wrapping_add(P4);
        }
        h
    } else {
        P5
    };
    h = h.wrapping_add(len);
    let rest = chunks.remainder();
    let mut words = rest.chunks_exact(8);
    for w in &mut words {
        h = (h ^ round(0, lane(w)))
            .rotate_left(27)
            .wrapping_mul(P1)
            .wrapping_add(P4);
    }
    let mut tail = words.remainder();
    if tail.len() >= 4 {
        let mut a = [0u8; 4];
        a.copy_from_slice(&tail[..4]);
        h = (h ^ u64::from(u32::from_le_bytes(a)).wrapping_mul(P1))
            .rotate_left(23)
            .wrapping_mul(P2)
            .wrapping_add(P3);
        tail = &tail[4..];
    }
    for &b in tail {
        h = (h ^ u64::from(b).wrapping_mul(P5))
            .rotate_left(11)
            .wrapping_mul(P1);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_xxh64() {
        // Reference values of XXH64 with seed 0.
        assert_eq!(hash(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(hash(b"a"), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(hash(b"abc"), 0x44BC_2CF5_AD77_0999);
        assert_eq!(
            hash(b"Nobody inspects the spammish repetition"),
            0xFBCE_A83C_8A37_8BF1
        );
    }

    #[test]
    fn numbers_round_trip_and_truncation_is_refused() {
        let mut w = Writer::default();
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            w.u(v);
        }
        let mut r = Reader::new(&w.buf);
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.u(), Ok(v));
        }
        assert!(r.is_done());
        assert_eq!(r.u(), Err(Bad));
        assert_eq!(Reader::new(&[0xff; 11]).u(), Err(Bad));
    }

    #[test]
    fn counts_cannot_exceed_the_bytes_left() {
        let mut w = Writer::default();
        w.u(1 << 40);
        assert_eq!(Reader::new(&w.buf).count(), Err(Bad));
        assert_eq!(Reader::new(&w.buf).s(), Err(Bad));
    }

    #[test]
    fn unsafe_strings_and_split_characters_are_refused() {
        let mut w = Writer::default();
        w.s("a\u{1b}[2J");
        assert_eq!(Reader::new(&w.buf).s(), Err(Bad));
        let mut w = Writer::default();
        w.range(&(1..2));
        assert_eq!(Reader::new(&w.buf).range_in("é"), Err(Bad));
        assert_eq!(Reader::new(&w.buf).range_in("ab"), Ok(1..2));
    }
}
