//! `insecure python-random predict`: recover the generator from its outputs.

use std::io::Write;

use clap::Args;
use pssst_insecure::{Observation, ObservationKind, Recovery, recover};

use super::explain::{self, Observed};
use super::{ObservationsFile, last_token_length, print_values, read_observations};
use crate::error::{Failure, Outcome};

/// `pssst insecure python-random predict --kind K [FILE] [-n N] [--rewind N] [--find-seed]`.
#[derive(Args, Debug)]
pub(super) struct PredictArgs {
    #[command(flatten)]
    input: ObservationsFile,

    /// How many values to predict after the last one observed
    #[arg(short = 'n', long = "count", default_value_t = 5, value_parser = crate::parse::count)]
    count: u64,

    /// Print instead the N values of this kind that came before the first one observed
    #[arg(long, value_name = "N", conflicts_with = "find_seed", value_parser = crate::parse::count)]
    rewind: Option<u64>,

    /// Look for the seeding point up to MAX outputs before the first observation and print
    /// the seed instead
    #[arg(long, value_name = "MAX", num_args = 0..=1, default_missing_value = "100000")]
    find_seed: Option<u64>,

    /// Characters per predicted token (default: as long as the last observed token)
    #[arg(long, value_parser = crate::parse::length)]
    length: Option<usize>,
}

impl PredictArgs {
    /// Recovers, then predicts, rewinds or finds the seed.
    pub(super) fn run(self) -> Outcome {
        let text = read_observations(self.input.file.as_deref())?;
        let kind = &self.input.kind;
        let observations = kind.parse_lines(&text).map_err(explain::failure)?;
        let observed = Observed {
            kind,
            text: &text,
            inserted: 0,
            count: observations.len(),
        };
        let recovery = recover(&observations).map_err(|err| observed.failure(err))?;
        let length = self.length.unwrap_or_else(|| last_token_length(&text));
        let mut out = super::stdout();

        if let Some(max_back) = self.find_seed {
            return print_seed(&mut out, &recovery, max_back);
        }
        if let Some(count) = self.rewind {
            let words = words_per_value(kind, &observations, length)?;
            let back = usize::try_from(count.saturating_mul(words))
                .ok()
                .filter(|&back| back <= MAX_REWIND)
                .ok_or_else(|| {
                    Failure::error(format_args!(
                        "--rewind reaches at most {MAX_REWIND} outputs back"
                    ))
                })?;
            let mut rng = recovery.before_observations(back);
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

/// How far back `--rewind` may go, in 32-bit outputs (40 MB of state words).
const MAX_REWIND: usize = 10_000_000;

/// `random.seed(S)  # K outputs before the first observation`, or exit 1.
fn print_seed(out: &mut impl Write, recovery: &Recovery, max_back: u64) -> Outcome {
    let Some(found) = recovery.find_seed(max_back.min(MAX_REWIND as u64)) else {
        return Err(Failure::no(format_args!(
            "no seeding point within {max_back} outputs before the first observation \
             (seeded earlier, from os.urandom, or with a seed longer than 621 words)"
        )));
    };
    writeln!(
        out,
        "random.seed({})  # {} outputs before the first observation",
        found.seed, found.outputs_before
    )?;
    out.flush()?;
    Ok(())
}

/// How many 32-bit outputs each value of `kind` uses (tokens: `length` characters).
fn words_per_value(
    kind: &ObservationKind,
    observations: &[Observation],
    length: usize,
) -> Result<u64, Failure> {
    let per_item = observations
        .first()
        .and_then(Observation::words)
        .unwrap_or(1);
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
