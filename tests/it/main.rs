//! The integration tests, in one binary so the crate and its dependencies
//! are linked once: each module was a test file of its own and keeps its
//! name. Shared helpers are in `common`; the tests that need a real
//! terminal (tmux, a pseudo-terminal) are in the `e2e` binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking"
)]

#[path = "../common/mod.rs"]
mod common;
/// The synthetic pack generator of the benchmarks.
#[path = "../../benches/support/gen.rs"]
mod generator;

mod article_links;
mod bookmarks_reader;
mod cache;
mod cli;
mod config;
mod curate;
mod curate_hints;
mod curate_properties;
mod curate_reader;
mod curate_relink;
mod curate_text;
mod curate_tours;
mod escapes;
mod fuzz_regressions;
mod generated_pack;
mod guided;
mod highlights;
mod hostile;
mod import;
mod import_quality;
mod limits;
mod link_overrides;
mod linking;
mod map;
mod map_reader;
mod nav;
mod properties;
mod reader_state;
mod render;
mod render_overlays;
mod render_readme;
mod reuse;
mod reuse_marks;
mod search_async;
mod search_index;
mod search_list;
mod store;
mod unicode;
mod validation;
mod wrap_cache;
