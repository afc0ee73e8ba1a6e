//! A progress bar for the first open of a large pack, while its index is
//! built: on standard error, only when that is a terminal, and only once
//! the work has taken long enough to be noticed, so that a small pack
//! opens without a flash of it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long building an index runs before the bar is shown.
const QUIET_FOR: Duration = Duration::from_millis(300);

/// Where the work of building an index has got to. The default shows
/// nothing.
#[derive(Default)]
pub struct Progress {
    bar: Option<(ProgressBar, Instant)>,
}

impl Progress {
    /// A bar on standard error if it is a terminal, else nothing.
    pub fn on_stderr() -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::default();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        Progress {
            bar: Some((bar, Instant::now())),
        }
    }

    /// A new stage of `len` steps (0: a stage without steps).
    pub fn stage(&self, msg: &'static str, len: usize) {
        if let Some((bar, _)) = &self.bar {
            // A stage without steps has a spinner and no bar.
            let template = if len == 0 {
                "lectern: indexing the pack (first open only) {spinner} {msg}"
            } else {
                "lectern: indexing the pack (first open only) {spinner} {bar:30} {pos}/{len} {msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_length(len as u64);
            bar.set_position(0);
            bar.set_message(msg);
            self.show();
        }
    }

    /// One step of the stage done.
    pub fn step(&self) {
        if let Some((bar, _)) = &self.bar {
            bar.inc(1);
            self.show();
        }
    }

    fn show(&self) {
        if let Some((bar, since)) = &self.bar
            && bar.is_hidden()
            && since.elapsed() >= QUIET_FOR
        {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
            bar.enable_steady_tick(Duration::from_millis(100));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some((bar, _)) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
