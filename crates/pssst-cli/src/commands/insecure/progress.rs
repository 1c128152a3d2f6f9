//! The progress bar of a long search (seeds tried, or outputs checked for a seeding point):
//! on stderr, and only when stderr is a terminal, so logs and pipes get none.

use std::io::{self, IsTerminal};
use std::ops::ControlFlow;

use indicatif::{ProgressBar, ProgressStyle};
use pssst_insecure::Progress;

/// A bar with the rate and the time left, counting `unit` (`seeds`, `outputs`), when someone
/// watches stderr.
pub(super) struct Bar {
    bar: Option<ProgressBar>,
    unit: &'static str,
}

impl Bar {
    /// A bar for `total` items of `unit`; nothing is drawn unless stderr is a terminal.
    pub(super) fn new(total: u64, unit: &'static str) -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template("{wide_bar} {percent}% {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Self { bar, unit }
    }

    /// Shows `progress`; never stops the search.
    pub(super) fn update(&self, progress: &Progress) -> ControlFlow<()> {
        if let Some(bar) = &self.bar {
            bar.set_position(progress.tried);
            let rate = progress.seeds_per_second() / 1e6;
            let left = progress
                .remaining()
                .map_or_else(|| "?".to_owned(), |d| duration(d.as_secs()));
            bar.set_message(format!("{rate:.1} M {}/s, {left} left", self.unit));
        }
        ControlFlow::Continue(())
    }

    /// Removes the bar from the terminal.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `1h 02m`, `3m 05s` or `12s`.
fn duration(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m {:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h {:02}m", seconds / 3600, seconds / 60 % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_left_read_in_hours_minutes_or_seconds() {
        assert_eq!(duration(12), "12s");
        assert_eq!(duration(185), "3m 05s");
        assert_eq!(duration(3720), "1h 02m");
    }
}
