//! One representative per class of characters that case-insensitive search
//! treats as equal, so the index can be built once for either case mode.
//!
//! The classes are exactly the ones the matcher uses (Unicode simple case
//! folding, as `regex` applies it to a literal character): a text the
//! matcher accepts for a query therefore folds to the same characters as
//! the query. The representative is the smallest character of the class.

use std::collections::HashMap;

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// The representative of `c`'s class, without a cache.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        // Every ASCII letter's class holds its two ASCII cases and at most
        // one character above ASCII (K: the Kelvin sign, S: long s), so
        // the smallest is the capital.
        return c.to_ascii_uppercase();
    }
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges().first().map_or(c, ClassUnicodeRange::start)
}

/// [`fold`] with a memory of the characters above ASCII already seen:
/// texts use few of them, many times.
#[derive(Debug, Default)]
pub struct Folder {
    seen: HashMap<char, char>,
}

impl Folder {
    pub fn fold(&mut self, c: char) -> char {
        if c.is_ascii() {
            return c.to_ascii_uppercase();
        }
        *self.seen.entry(c).or_insert_with(|| fold(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_has_one_representative() {
        // Kelvin sign, long s, sharp s, final sigma, Å and the Ångström sign.
        for group in [
            &['k', 'K', '\u{212A}'][..],
            &['s', 'S', 'ſ'],
            &['ß', 'ẞ'],
            &['σ', 'ς', 'Σ'],
            &['å', 'Å', '\u{212B}'],
        ] {
            let reps: Vec<char> = group.iter().map(|&c| fold(c)).collect();
            assert!(reps.iter().all(|&r| r == reps[0]), "{group:?} → {reps:?}");
        }
        assert_ne!(fold('a'), fold('b'));
        assert_eq!(fold('7'), '7');
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_the_classes() {
        for b in 0u8..128 {
            let c = char::from(b);
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            class.case_fold_simple();
            assert_eq!(fold(c), class.ranges()[0].start(), "{c:?}");
        }
    }

    #[test]
    fn the_memory_gives_what_fold_gives() {
        let mut f = Folder::default();
        for c in "Ärger ÄRGER straße STRASSE ΣΊΣΥΦΟΣ σίσυφος K".chars() {
            assert_eq!(f.fold(c), fold(c));
            assert_eq!(f.fold(c), fold(c));
        }
    }
}
