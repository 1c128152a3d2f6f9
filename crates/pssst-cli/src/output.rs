//! Writing values to stdout: one per line or one JSON object per line, streamed, with a
//! progress bar on stderr for long runs into a file or pipe.

use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};

use indicatif::{ProgressBar, ProgressStyle};

use crate::describe::{Format, Record};

/// Runs with at least this many values show progress (when stderr is a terminal and stdout
/// is not).
const PROGRESS_MIN_COUNT: u64 = 200_000;
/// Values between two updates of the progress bar.
const PROGRESS_STEP: u64 = 1 << 14;

/// A stream of generated values on stdout.
pub(crate) struct Lines {
    out: BufWriter<StdoutLock<'static>>,
    json: bool,
    progress: Option<ProgressBar>,
    written: u64,
}

impl Lines {
    /// A stream of `total` values, as plain lines or JSON lines.
    pub(crate) fn new(json: bool, total: u64) -> Self {
        let progress = (total >= PROGRESS_MIN_COUNT && shows_progress()).then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(style("{wide_bar} {human_pos}/{human_len} eta {eta}"));
            bar
        });
        Self {
            out: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            json,
            progress,
            written: 0,
        }
    }

    /// Writes one value with its format.
    pub(crate) fn write(&mut self, value: &str, format: &Format) -> io::Result<()> {
        if self.json {
            let record = Record {
                value,
                bytes: value.len(),
                chars: value.chars().count(),
                format,
            };
            serde_json::to_writer(&mut self.out, &record)?;
        } else {
            self.out.write_all(value.as_bytes())?;
        }
        self.out.write_all(b"\n")?;
        self.written += 1;
        if let Some(bar) = &self.progress
            && self.written.is_multiple_of(PROGRESS_STEP)
        {
            bar.set_position(self.written);
        }
        Ok(())
    }

    /// Flushes stdout and clears the progress bar.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        Ok(())
    }
}

/// A progress bar over `total` bytes for long binary writes, when one should be shown.
pub(crate) fn byte_progress(total: u64) -> Option<ProgressBar> {
    const MIN_BYTES: u64 = 256 << 20;
    (total >= MIN_BYTES && shows_progress()).then(|| {
        let bar = ProgressBar::new(total);
        bar.set_style(style(
            "{wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ));
        bar
    })
}

/// Progress goes to a person watching stderr while stdout goes elsewhere; never to a log.
fn shows_progress() -> bool {
    io::stderr().is_terminal() && !io::stdout().is_terminal()
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}
