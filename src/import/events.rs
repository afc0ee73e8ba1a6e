//! Event suggestions.
use super::pack::Article;
use crate::corpus::types::{EntitySpec, EventSpec};
use std::collections::HashSet;
pub fn suggest(_a: &[Article], _e: &[EntitySpec], _i: &HashSet<String>) -> Vec<EventSpec> {
    Vec::new()
}
