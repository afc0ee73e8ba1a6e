//! Back and forward through jumps, like a browser, and the start of the
//! last run of jumps, like vim's `''`.
//!
//! A run of jumps: each jump made from the passage the one before landed
//! on. Reading on to another passage (scrolling, `}`, a click) between two
//! jumps ends the run, and the next jump starts a new one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub article: crate::corpus::ArticleIdx,
    pub focus: usize,
    pub scroll: usize,
}

impl Position {
    fn same_passage(&self, other: &Position) -> bool {
        self.article == other.article && self.focus == other.focus
    }
}

#[derive(Debug, Clone, Default)]
pub struct History {
    pub back: Vec<Position>,
    pub forward: Vec<Position>,
    /// Where the last run of jumps began: the position before its first jump.
    pub run_start: Option<Position>,
    /// Where the last jump landed, to tell whether the next one continues
    /// its run.
    pub landed: Option<Position>,
}

/// Enough for any reading session; the oldest entries go first.
const LIMIT: usize = 500;

impl History {
    /// Records a jump from `from`; [`History::land`] records where it went.
    pub fn push(&mut self, from: Position) {
        if !self.landed.is_some_and(|l| l.same_passage(&from)) {
            self.run_start = Some(from);
        }
        self.landed = None;
        if self.back.last() != Some(&from) {
            self.back.push(from);
            if self.back.len() > LIMIT {
                self.back.remove(0);
            }
        }
        self.forward.clear();
    }

    /// Where the jump just pushed landed.
    pub fn land(&mut self, at: Position) {
        self.landed = Some(at);
    }

    /// The position to return to from `current` to undo the whole run of
    /// jumps: its start, unless that is where the reader already is.
    pub fn run_origin(&self, current: Position) -> Option<Position> {
        self.run_start.filter(|s| !s.same_passage(&current))
    }

    pub fn back(&mut self, current: Position) -> Option<Position> {
        let to = self.back.pop()?;
        self.forward.push(current);
        Some(to)
    }

    pub fn forward(&mut self, current: Position) -> Option<Position> {
        let to = self.forward.pop()?;
        self.back.push(current);
        Some(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(article: usize, focus: usize) -> Position {
        Position {
            article: crate::corpus::ArticleIdx(article),
            focus,
            scroll: focus * 10,
        }
    }

    #[test]
    fn a_run_starts_where_its_first_jump_left_from() {
        let mut h = History::default();
        h.push(at(0, 0));
        h.land(at(1, 3));
        h.push(at(1, 3));
        h.land(at(2, 5));
        assert_eq!(h.run_origin(at(2, 5)), Some(at(0, 0)));
        // Reading on in between: the next jump starts a new run.
        h.push(at(2, 6));
        h.land(at(0, 1));
        assert_eq!(h.run_origin(at(0, 1)), Some(at(2, 6)));
        // Already there: nothing to return to.
        assert_eq!(h.run_origin(at(2, 6)), None);
    }
}
