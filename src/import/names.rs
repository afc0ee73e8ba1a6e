//! Entity suggestions: proper-name phrases found across the corpus.
use super::pack::Article;
use crate::corpus::types::EntitySpec;
use std::collections::HashSet;
pub fn suggest(_a: &[Article], _s: &HashSet<String>, _i: &HashSet<String>) -> Vec<EntitySpec> {
    Vec::new()
}
