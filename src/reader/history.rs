//! Back and forward through jumps, like a browser.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub article: crate::corpus::ArticleIdx,
    pub focus: usize,
    pub scroll: usize,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    pub back: Vec<Position>,
    pub forward: Vec<Position>,
}

/// Enough for any reading session; the oldest entries go first.
const LIMIT: usize = 500;

impl History {
    pub fn push(&mut self, from: Position) {
        if self.back.last() != Some(&from) {
            self.back.push(from);
            if self.back.len() > LIMIT {
                self.back.remove(0);
            }
        }
        self.forward.clear();
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
