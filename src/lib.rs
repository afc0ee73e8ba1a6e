//! Lectern: a terminal reader for guided reading of a corpus of related articles.

#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod curate;
pub mod geo;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod reader;
pub mod sanitize;
pub mod search;
pub mod session;
pub mod staged;
pub mod store;
pub mod text;
pub mod ui;
pub mod wrap;
