//! The keys as the person reading has bound them, so that a message naming
//! a key names the one that works. Whoever drives the reader fills this in;
//! the reader itself knows no key table.

use super::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyNames {
    /// Each action with its keys, first key first; None until filled in.
    names: Option<Vec<(Action, Vec<String>)>>,
}

impl KeyNames {
    pub fn new(names: Vec<(Action, Vec<String>)>) -> Self {
        KeyNames { names: Some(names) }
    }

    /// The keys of an action, or None when no table was given.
    pub fn of(&self, action: Action) -> Option<&[String]> {
        let names = self.names.as_ref()?;
        Some(
            names
                .iter()
                .find(|(a, _)| *a == action)
                .map_or(&[][..], |(_, k)| k.as_slice()),
        )
    }

    /// The first key of an action for a message; `default` is the key the
    /// default table gives it, for a reader driven without a table.
    pub fn first<'a>(&'a self, action: Action, default: &'a str) -> &'a str {
        match self.of(action) {
            None => default,
            Some([]) => "(unbound)",
            Some([first, ..]) => first,
        }
    }
}
