//! `insecure python-random predict`: recover the generator from its outputs.

use std::io::Write;
use std::path::Path;

use clap::Args;
use pssst_insecure::{MAX_OUTPUTS_BACK, Observation, ObservationKind, Recoverer, Recovery};

use super::explain::{self, Observed};
use super::progress::Bar;
use super::reader::Reader;
use super::{ObservationsFile, counted, print_values};
use crate::error::{Failure, Outcome, note};

/// `pssst insecure python-random predict --kind K [FILE] [-n N] [--rewind N] [--find-seed]`.
#[derive(Args, Debug)]
pub(super) struct PredictArgs {
    #[command(flatten)]
    input: ObservationsFile,

    /// How many values to predict after the last one observed
    #[arg(short = 'n', long = "count", default_value_t = 5, value_parser = crate::parse::count)]
    count: u64,

    /// Print instead the N values of this kind that came before the first one observed, as
    /// far back as the seeding point (refused past it) and 10,000,000 outputs (not with -n)
    #[arg(
        long,
        value_name = "N",
        conflicts_with_all = ["find_seed", "count"],
        value_parser = crate::parse::count
    )]
    rewind: Option<u64>,

    /// Look for the seeding point up to MAX 32-bit outputs (default 100,000; at most
    /// 10,000,000, about a minute) before the first observation and print the seed instead;
    /// a progress bar shows on stderr when it is a terminal (not with -n or --length)
    #[arg(
        long,
        value_name = "MAX",
        conflicts_with_all = ["count", "length"],
        num_args = 0..=1,
        default_missing_value = "100000",
        value_parser = outputs_back
    )]
    find_seed: Option<u64>,

    /// Characters per predicted token (default: as long as the last observed token), for the
    /// choices: kind only
    #[arg(long, value_parser = crate::parse::length)]
    length: Option<usize>,
}

impl PredictArgs {
    /// Recovers, then predicts, rewinds or finds the seed.
    pub(super) fn run(self) -> Outcome {
        let kind = &self.input.kind;
        super::check_length(kind, self.length)?;
        let (recovery, first, last_length) = recover_from(kind, self.input.file.as_deref())?;
        let length = self.length.unwrap_or(last_length);
        if !recovery.is_checked() {
            note(format_args!(
                "note: nothing was left to check the recovered state against: these values are \
                 right only if the observations are consecutive outputs of one generator; one \
                 more observation would confirm it"
            ));
        }
        let mut out = super::stdout();

        if let Some(max_back) = self.find_seed {
            return print_seed(&mut out, &recovery, max_back);
        }
        if let Some(count) = self.rewind {
            let words = words_per_value(kind, &first, length)?;
            let back = count
                .checked_mul(words)
                .filter(|&back| back <= MAX_OUTPUTS_BACK)
                .ok_or_else(|| {
                    Failure::error(format_args!(
                        "--rewind {count} reaches further back than the {MAX_OUTPUTS_BACK} \
                         outputs rewinding goes (at most {} of this kind)",
                        counted(MAX_OUTPUTS_BACK / words, "value")
                    ))
                })?;
            check_seeding_point(&recovery, count, back, words)?;
            let mut rng = recovery
                .before_observations(back)
                .map_err(explain::failure)?;
            return print_values(&mut out, kind, &mut rng, count, length);
        }
        print_values(
            &mut out,
            kind,
            &mut recovery.after_observations(),
            self.count,
            length,
        )
    }
}

/// Refuses a rewind past the seeding point, where the values would be made up; when no
/// seeding point is in reach, says that the values are real only if the generator ran that
/// long.
fn check_seeding_point(recovery: &Recovery, count: u64, back: u64, words: u64) -> Outcome {
    let bar = Bar::new(back + 1, "outputs");
    let found = recovery.find_seed_with_progress(back, |p| bar.update(p));
    bar.finish();
    match found.map_err(explain::failure)? {
        Some(seeded) if seeded.outputs_before < back => {
            let most = seeded.outputs_before / words;
            Err(Failure::error(format_args!(
                "--rewind {count} goes back past the seeding point: random.seed({}) was called \
                 {} before the first observation, so at most {} of this kind came before it \
                 (--rewind {most} or less) and nothing earlier existed",
                seeded.seed,
                counted(seeded.outputs_before, "output"),
                counted(most, "value"),
            )))
        }
        Some(_) => Ok(()),
        None => {
            note(format_args!(
                "note: no seeding point in the {} before the first observation, so these \
                 values are real only if the generator had run that long (a seed from \
                 os.urandom, or longer than 621 words, cannot be found)",
                counted(back, "output")
            ));
            Ok(())
        }
    }
}

/// A number of 32-bit outputs to look back for the seeding point: 1 to 10,000,000.
fn outputs_back(text: &str) -> Result<u64, String> {
    let n = crate::parse::count(text)?;
    if n > MAX_OUTPUTS_BACK {
        return Err(format!(
            "{n} is too far: at most {MAX_OUTPUTS_BACK} outputs back (about a minute of checks)"
        ));
    }
    Ok(n)
}

/// `random.seed(S)  # K outputs before the first observation`, or exit 1.
fn print_seed(out: &mut impl Write, recovery: &Recovery, max_back: u64) -> Outcome {
    let bar = Bar::new(max_back + 1, "outputs");
    let found = recovery.find_seed_with_progress(max_back, |p| bar.update(p));
    bar.finish();
    let Some(found) = found.map_err(explain::failure)? else {
        return Err(Failure::no(format_args!(
            "no seeding point within {} before the first observation (seeded earlier, \
             from os.urandom, or with a seed longer than 621 words)",
            counted(max_back, "output")
        )));
    };
    writeln!(
        out,
        "random.seed({})  # {} before the first observation",
        found.seed,
        counted(found.outputs_before, "output")
    )?;
    out.flush()?;
    Ok(())
}

/// The generator recovered from the observations in `path` (stdin when absent), streamed:
/// only those recovery uses are kept. Also the first observation and the last token's length.
fn recover_from(
    kind: &ObservationKind,
    path: Option<&Path>,
) -> Result<(Recovery, Observation, usize), Failure> {
    let mut reader = Reader::open(path, kind)?;
    let mut observed = Observed::new(kind, 0);
    let mut recoverer = Recoverer::new();
    let mut first = None;
    let mut each = |observation: Observation, place| {
        observed.read(place, !recoverer.is_recovered());
        first.get_or_insert_with(|| observation.clone());
        recoverer
            .push(observation)
            .map_err(|err| observed.failure(err))?;
        if recoverer.is_recovered() {
            observed.forget_kept();
        }
        Ok(())
    };
    while reader.next_line(&mut each)? {}
    reader.finish()?;

    observed.set_last_length(reader.last_length());
    let recovery = recoverer.finish().map_err(|err| observed.failure(err))?;
    let first = first.ok_or_else(|| Failure::error("no observations given"))?;
    Ok((recovery, first, reader.last_length()))
}

/// How many 32-bit outputs each value of `kind` uses (tokens: `length` characters), as the
/// `first` observation did.
fn words_per_value(
    kind: &ObservationKind,
    first: &Observation,
    length: usize,
) -> Result<u64, Failure> {
    let per_item = first.words().unwrap_or(1);
    Ok(match kind {
        ObservationKind::Choices(_) => per_item * length as u64,
        ObservationKind::Choice(_) => {
            return Err(Failure::error(
                "random.choice tokens cannot be rewound (use search)",
            ));
        }
        _ => per_item,
    })
}
