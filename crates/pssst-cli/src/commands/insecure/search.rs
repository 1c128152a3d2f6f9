//! `insecure python-random search`: find the seed by trying every candidate.

use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args};
use pssst_insecure::{Observation, Place, SearchOptions, Seed, SeedSpace, readable, search};

use super::explain::Observed;
use super::progress::Bar;
use super::range;
use super::reader::{Reader, read_text};
use super::{ObservationsFile, print_values};
use crate::error::{Failure, Outcome, note};

/// What `search --help` says about the size of a search.
pub(super) const LIMITS: &str = "\
Limits: a search tries at most 2^36 (68,719,476,736) seeds. At about 2.5 million seeds a
second per core, all 2^32 integer seeds take about 15 minutes on two free cores, and 2^36
nearly four hours: that is a minute of time.time_ns() seeds, or four and a half hours of
time.time() floats (2^22 of them per second). A larger range is refused with the time it
would take; search it in parts. Negative seeds are refused too: random.seed(-n) is the same
generator as random.seed(n).";

/// `pssst insecure python-random search --kind K [FILE] (--ints A..B | ...)`.
#[derive(Args, Debug)]
#[command(group(
    ArgGroup::new("space").required(true).args(["ints", "unix_seconds", "unix_float", "candidates"])
))]
pub(super) struct SearchArgs {
    #[command(flatten)]
    input: ObservationsFile,

    /// Integer seeds FROM..TO, both included, from 0 to 2^64 - 1 (random.seed(n),
    /// time.time_ns()); at most 2^36 of them
    #[arg(long, value_name = "FROM..TO", allow_hyphen_values = true)]
    ints: Option<String>,

    /// Unix times FROM..TO in whole seconds: random.seed(int(time.time())); at most 2^36
    #[arg(long, value_name = "FROM..TO", allow_hyphen_values = true)]
    unix_seconds: Option<String>,

    /// Every float time from the one nearest FROM to the one nearest TO, for
    /// random.seed(time.time()) (2^22 floats per second); a TO in digits only (1715000000)
    /// includes all of that second, one with a point (1715000000.0) ends at that float; at most
    /// 2^36 floats
    #[arg(long, value_name = "FROM..TO", allow_hyphen_values = true)]
    unix_float: Option<String>,

    /// A file of text seeds, one per line: random.seed('line')
    #[arg(long, value_name = "FILE")]
    candidates: Option<PathBuf>,

    /// 32-bit outputs (words) drawn between seeding and the first observation: a `random()`
    /// float takes 2, `getrandbits(k)` takes ceil(k / 32), at most 10,000,000
    #[arg(long, default_value_t = 0, value_parser = skip_words)]
    skip: u64,

    /// Worker threads, 1 to 1024 (default: every core)
    #[arg(long, value_parser = crate::parse::threads)]
    threads: Option<usize>,

    /// Report every matching seed, not just the first: each seed line is followed by its own
    /// predictions, and a blank line separates one seed's block from the next
    #[arg(long)]
    all: bool,

    /// How many values of the same kind to predict after the observations
    #[arg(short = 'n', long = "count", default_value_t = 1, value_parser = crate::parse::count)]
    count: u64,

    /// Characters per predicted token (default: as long as the last observed token), for the
    /// choices: and choice: kinds only
    #[arg(long, value_parser = crate::parse::length)]
    length: Option<usize>,
}

impl SearchArgs {
    /// Searches, then prints each seed found and the predictions from the first.
    pub(super) fn run(self) -> Outcome {
        let mut options = SearchOptions {
            stop_at_first: !self.all,
            ..SearchOptions::default()
        };
        if let Some(threads) = self.threads {
            options.threads = threads;
        }
        // The range first: a search refused for its size should not wait for stdin.
        let space = self.space(options.threads)?;
        let kind = &self.input.kind;
        super::check_length(kind, self.length)?;
        let mut reader = Reader::open(self.input.file.as_deref(), kind)?;
        let mut observed = Observed::new(kind, usize::from(self.skip > 0));
        let mut window = Vec::new();
        if self.skip > 0 {
            window.push(Observation::Skip { words: self.skip });
        }
        let mut more = true;
        let mut evidence = 0.0;
        while more && window.len() < SEARCH_WINDOW {
            more = reader.next_line(|observation, place| {
                observed.read(place, true);
                evidence += observation.evidence_bits();
                window.push(observation);
                Ok(())
            })?;
        }
        if !more {
            reader.finish()?;
        }

        let bar = Bar::new(space.len(), "seeds");
        let outcome = search(&space, &window, &options, |p| bar.update(p));
        bar.finish();
        let outcome = outcome.map_err(|err| observed.failure(err))?;
        let tried = outcome.tried;
        let mut found = outcome.found;
        let matched = found.len();
        let mut mismatch = None;
        while more && !found.is_empty() {
            more = reader.next_line(|observation, place| {
                observed.read(place, false);
                evidence += observation.evidence_bits();
                found.retain_mut(|seed| seed.after_observations.replay(&observation));
                if found.is_empty() && mismatch.is_none() {
                    mismatch = Some(place);
                }
                Ok(())
            })?;
        }
        let Some(first) = found.first() else {
            return Err(not_found(tried, matched, window.len(), mismatch));
        };

        if let Some(warning) = weak_evidence(evidence, space.len(), self.all) {
            note(format_args!("{warning}"));
        } else if !self.all && found.len() > 1 {
            note(format_args!(
                "warning: {} seeds fit these observations before the search stopped, so \
                 the seed and prediction below are one of several: give more observations, or \
                 --all to list every match",
                found.len()
            ));
        }
        let shown = if self.all {
            &found[..]
        } else {
            std::slice::from_ref(first)
        };
        let length = self.length.unwrap_or(reader.last_length());
        let mut out = super::stdout();
        for (i, found) in shown.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "random.seed({})", found.seed)?;
            let mut rng = found.after_observations.clone();
            print_values(&mut out, &self.input.kind, &mut rng, self.count, length)?;
        }
        Ok(())
    }

    /// The candidate seeds from whichever range was given, refused past [`range::MAX_SEEDS`].
    fn space(&self, threads: usize) -> Result<SeedSpace, Failure> {
        let ranges = [
            ("--ints", &self.ints),
            ("--unix-seconds", &self.unix_seconds),
            ("--unix-float", &self.unix_float),
        ];
        for (flag, text) in ranges {
            let Some(text) = text.as_deref() else {
                continue;
            };
            let space = if flag == "--unix-float" {
                range::floats(flag, text)?
            } else {
                range::integers(flag, text)?
            };
            range::check_size(flag, text, &space, threads)?;
            return Ok(space);
        }
        let path = self.candidates.as_deref();
        let text = read_text(path)?;
        let seeds: Vec<Seed> = text.lines().map(Seed::from).collect();
        if seeds.is_empty() {
            let name = path.map_or_else(
                || "stdin".to_owned(),
                |p| readable(&p.display().to_string()),
            );
            return Err(Failure::error(format_args!(
                "--candidates {name} holds no seeds: expected one text seed per line, each tried \
                 as random.seed('line')"
            )));
        }
        Ok(SeedSpace::List(seeds))
    }
}

/// Observations a search compares each seed with: 4096 show at least 4096 bits, and a
/// wrong seed matches them with odds of 2^-4096, where a search tries at most 2^36 seeds. The
/// seeds that match are then checked against the rest of the file as it is read, so the rest
/// is never kept.
const SEARCH_WINDOW: usize = 4096;

/// A warning when `evidence` bits are too few to single out one of `seeds`: fewer than
/// log2(seeds) + 8, so that more than one wrong seed in 256 searches would match by chance.
fn weak_evidence(evidence: f64, seeds: u64, all: bool) -> Option<String> {
    let range_bits = (seeds as f64).log2();
    if evidence >= range_bits + 8.0 {
        return None;
    }
    let what_next = if all {
        "more observations are needed to tell them apart"
    } else {
        "the seed below may be a wrong one: --all lists every match, and more observations \
         would single out the right one"
    };
    Some(format!(
        "warning: these observations hold about {evidence:.0} bits, and the {seeds} seeds \
         searched need about {:.0}: about 2^{:.0} seeds are expected to match by chance, so \
         {what_next}",
        range_bits + 8.0,
        range_bits - evidence
    ))
}

/// Exit 1: no seed matched, or those that matched the first observations failed later.
fn not_found(tried: u64, matched: usize, window: usize, mismatch: Option<Place>) -> Failure {
    match mismatch {
        Some(place) => Failure::no(format_args!(
            "no seed reproduces these observations: {matched} of the {} tried matched the first \
             {window} but not {place}",
            super::counted(tried, "seed")
        )),
        None if tried == 1 => {
            Failure::no("the one seed tried does not reproduce these observations")
        }
        None => Failure::no(format_args!(
            "none of the {tried} seeds tried reproduces these observations"
        )),
    }
}

/// A number of 32-bit outputs to skip: at most 10,000,000, as far as `--rewind` reaches.
fn skip_words(text: &str) -> Result<u64, String> {
    const MAX_SKIP: u64 = 10_000_000;
    let n: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{:?} is not a whole number", text.trim()))?;
    if n > MAX_SKIP {
        return Err(format!("{n} is too large: at most {MAX_SKIP} outputs"));
    }
    Ok(n)
}
