//! The tests that run the program in a real terminal: tmux sessions and
//! pseudo-terminals. Kept apart from the `it` binary so that one can be run
//! alone while these, slower, are not.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking"
)]

#[path = "../common/mod.rs"]
mod common;

mod config_tmux;
mod curate_tmux;
mod e2e_tmux;
mod exits_tmux;
mod hangup;
mod highlights_tmux;
mod map_tmux;
