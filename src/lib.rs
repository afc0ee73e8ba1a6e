//! Lectern: a terminal reader for guided reading of a corpus of related articles.

pub mod cli;
pub mod corpus;
pub mod sanitize;
pub mod store;
