//! `insecure python-random search`: find the seed by trying every candidate.

use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::{ArgGroup, Args};
use indicatif::{ProgressBar, ProgressStyle};
use pssst_insecure::{Observation, Progress, SearchOptions, Seed, SeedSpace, search};

use super::{ObservationsFile, last_token_length, print_values, read_observations};
use crate::error::{Failure, Outcome};

/// `pssst insecure python-random search --kind K [FILE] (--ints A..B | ...)`.
#[derive(Args, Debug)]
#[command(group(
    ArgGroup::new("space").required(true).args(["ints", "unix_seconds", "unix_float", "candidates"])
))]
pub(super) struct SearchArgs {
    #[command(flatten)]
    input: ObservationsFile,

    /// Integer seeds FROM..TO, both included (random.seed(n), time.time_ns())
    #[arg(long, value_name = "FROM..TO")]
    ints: Option<String>,

    /// Unix times FROM..TO in whole seconds: random.seed(int(time.time()))
    #[arg(long, value_name = "FROM..TO")]
    unix_seconds: Option<String>,

    /// Every float time FROM..TO: random.seed(time.time()) (2^22 floats per second)
    #[arg(long, value_name = "FROM..TO")]
    unix_float: Option<String>,

    /// A file of text seeds, one per line: random.seed('line')
    #[arg(long, value_name = "FILE")]
    candidates: Option<PathBuf>,

    /// 32-bit outputs (words) drawn between seeding and the first observation: a `random()`
    /// float takes 2, `getrandbits(k)` takes ceil(k / 32), at most 10,000,000
    #[arg(long, default_value_t = 0, value_parser = skip_words)]
    skip: u64,

    /// Worker threads (default: every core)
    #[arg(long)]
    threads: Option<usize>,

    /// Report every matching seed, not just the first
    #[arg(long)]
    all: bool,

    /// How many values of the same kind to predict after the observations
    #[arg(short = 'n', long = "count", default_value_t = 1, value_parser = crate::parse::count)]
    count: u64,

    /// Characters per predicted token (default: as long as the last observed token)
    #[arg(long, value_parser = crate::parse::length)]
    length: Option<usize>,
}

impl SearchArgs {
    /// Searches, then prints each seed found and the predictions from the first.
    pub(super) fn run(self) -> Outcome {
        let text = read_observations(self.input.file.as_deref())?;
        let mut observations = self.input.kind.parse_lines(&text)?;
        if self.skip > 0 {
            observations.insert(0, Observation::Skip { words: self.skip });
        }
        let space = self.space()?;
        let mut options = SearchOptions {
            stop_at_first: !self.all,
            ..SearchOptions::default()
        };
        if let Some(threads) = self.threads {
            options.threads = threads;
        }

        let bar = progress_bar(space.len());
        let outcome = search(&space, &observations, &options, |p| update(bar.as_ref(), p))?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        let Some(first) = outcome.found.first() else {
            return Err(Failure::no(format_args!(
                "none of the {} seeds tried reproduces these observations",
                outcome.tried
            )));
        };

        if !self.all && outcome.found.len() > 1 {
            eprintln!(
                "pssst: warning: {} seeds fit these observations before the search stopped, so \
                 the seed and prediction below are one of several: give more observations, or \
                 --all to list every match",
                outcome.found.len()
            );
        }
        let shown = if self.all {
            &outcome.found[..]
        } else {
            std::slice::from_ref(first)
        };
        let mut out = io::stdout().lock();
        for found in shown {
            writeln!(out, "random.seed({})", found.seed)?;
        }
        let length = self.length.unwrap_or_else(|| last_token_length(&text));
        let mut rng = first.after_observations.clone();
        print_values(&mut out, &self.input.kind, &mut rng, self.count, length)
    }

    /// The candidate seeds from whichever range was given.
    fn space(&self) -> Result<SeedSpace, Failure> {
        if let Some(range) = self.ints.as_deref().or(self.unix_seconds.as_deref()) {
            let (start, end) = parse_range::<u64>(range)?;
            return Ok(SeedSpace::Integers { start, end });
        }
        if let Some(range) = self.unix_float.as_deref() {
            let (start, end) = parse_range::<f64>(range)?;
            return Ok(SeedSpace::Floats { start, end });
        }
        let path = self.candidates.as_deref();
        let text = read_observations(path)?;
        let seeds: Vec<Seed> = text.lines().map(Seed::from).collect();
        Ok(SeedSpace::List(seeds))
    }
}

/// A number of 32-bit outputs to skip: at most 10,000,000, as far as `--rewind` reaches.
fn skip_words(text: &str) -> Result<u64, String> {
    const MAX_SKIP: u64 = 10_000_000;
    let n: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{:?} is not a whole number", crate::shown::text(text)))?;
    if n > MAX_SKIP {
        return Err(format!("{n} is too large: at most {MAX_SKIP} outputs"));
    }
    Ok(n)
}

/// `FROM..TO` (or `FROM..=TO`), both ends included.
fn parse_range<T: std::str::FromStr>(text: &str) -> Result<(T, T), Failure> {
    let bad = || {
        Failure::error(format_args!(
            "expected FROM..TO, got {}",
            crate::shown::text(text)
        ))
    };
    let (from, to) = text.split_once("..").ok_or_else(bad)?;
    let to = to.strip_prefix('=').unwrap_or(to);
    Ok((
        from.trim().parse().map_err(|_| bad())?,
        to.trim().parse().map_err(|_| bad())?,
    ))
}

/// A progress bar with the rate and time left, when someone watches stderr.
fn progress_bar(total: u64) -> Option<ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(total);
        let template = "{wide_bar} {percent}% {msg}";
        bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    })
}

fn update(bar: Option<&ProgressBar>, progress: &Progress) -> ControlFlow<()> {
    if let Some(bar) = bar {
        bar.set_position(progress.tried);
        let rate = progress.seeds_per_second() / 1e6;
        let left = progress
            .remaining()
            .map_or_else(|| "?".to_owned(), |d| duration(d.as_secs()));
        bar.set_message(format!("{rate:.1} M seeds/s, {left} left"));
    }
    ControlFlow::Continue(())
}

/// `1h 02m`, `3m 05s` or `12s`.
fn duration(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m {:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h {:02}m", seconds / 3600, seconds / 60 % 60),
    }
}
