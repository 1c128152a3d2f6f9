//! `insecure python-random`: reproduce Python's `random`, predict it from its outputs, find
//! its seed. Everything here uses the `pssst-insecure` crate, which is there to be broken.

mod explain;
mod predict;
mod progress;
mod range;
mod reader;
mod search;

use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use pssst_insecure::{ObservationKind, PythonRandom, Seed};

use crate::error::{Failure, Outcome};

const EXAMPLES: &str = "\
Examples:
  pssst insecure python-random --seed 31 --random 3
                                 random.seed(31); random.random() three times
  pssst insecure python-random --seed \"'hello'\" --kind choice:ascii_letters+digits --length 20
                                 a token as ''.join(random.choice(...) for _ in range(20))
  pssst insecure python-random predict --kind float seen.txt -n 5
                                 recover the generator from 623 floats or more, print the next
                                 five (with too few, it says exactly how many more)
  pssst insecure python-random predict --kind u32 words.txt --find-seed 100000
                                 recover from 624 words and look for the seed behind them
  pssst insecure python-random search --kind choice:ascii_letters+digits token.txt \\
      --unix-seconds 1715000000..1715086400
                                 find random.seed(int(time.time())) from a token

Kinds: u32 (getrandbits(32)), bits:K (getrandbits(K), K from 1 to 32; 0 to 1000000 to print
values for a seed), float (random()),
choices:ALPHABET (tokens from random.choices), choice:ALPHABET (tokens from random.choice;
search only). ALPHABET is written as in Python: names of the string constants ascii_letters,
ascii_lowercase, ascii_uppercase, digits, hexdigits, octdigits, punctuation, printable and
whitespace (string. optional) and quoted characters (Python str literals, with escapes such as
\\t), joined with +:
  --kind \"choices:ascii_letters+digits+'-_'\"
  --kind \"choices:string.ascii_letters + string.digits\"
A word that could be a Python name must be one of these (base62 and Digits are refused); put
characters in quotes to take them as they are ('abc'). Anything else on its own, such as
0123456789abcdef, is the characters as given. An alphabet with a character that splits lines
(as printable and whitespace hold \\n and \\r) is refused: tokens are one per line.

Observation files hold one value or token per line, read a line at a time: at most 256 MiB,
lines at most 4 MiB; a byte-order mark at the start is ignored. Blank lines at the end are
ignored; a blank line before a value is an error, as it would shift every later observation.
Recovery keeps only the lines it needs and checks every later one as it is read. Errors name
lines, and characters in a token, counting from 1.

Exit status: 0 success, 1 no generator or seed reproduces the observations, 2 usage error,
too few or malformed observations.";

/// `pssst insecure ...`.
#[derive(Args, Debug)]
pub(crate) struct Insecure {
    #[command(subcommand)]
    generator: Generator,
}

#[derive(Subcommand, Debug)]
enum Generator {
    /// Python's `random` (a Mersenne Twister): print its outputs, predict them, find its seed
    #[command(after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
    PythonRandom(PythonRandomArgs),
}

/// `pssst insecure python-random [--seed S ...] [predict | search]`.
#[derive(Args, Debug)]
struct PythonRandomArgs {
    #[command(subcommand)]
    action: Option<Action>,

    /// The seed, as a Python literal, read exactly as Python reads it: an int (31, -5, 0x1f,
    /// 1_000), a float (1.5), a str ('text', "text", with escapes) or bytes (b'\x00\xff')
    #[arg(long, allow_hyphen_values = true)]
    seed: Option<String>,

    /// Print N values of random(), one per line (N may be written 1e6; not with -n or --length)
    #[arg(
        long,
        value_name = "N",
        conflicts_with_all = ["kind", "state", "count", "length"],
        value_parser = crate::parse::count
    )]
    random: Option<u64>,

    /// Print values of this kind (see below)
    #[arg(long, conflicts_with = "state")]
    kind: Option<ObservationKind>,

    /// How many values of --kind to print
    #[arg(short = 'n', long = "count", default_value_t = 1, value_parser = crate::parse::count)]
    count: u64,

    /// Characters per token (default 22), for the choices: and choice: kinds only
    #[arg(long, value_parser = crate::parse::length)]
    length: Option<usize>,

    /// Print the state after seeding, as random.getstate() shows it (not with -n or --length)
    #[arg(long, conflicts_with_all = ["count", "length"])]
    state: bool,
}

#[derive(Subcommand, Debug)]
enum Action {
    /// Recover the generator from outputs (one per line) and print the next ones
    Predict(predict::PredictArgs),
    /// Find the seed of the outputs by trying every seed in a range, on every core
    #[command(after_help = search::LIMITS)]
    Search(search::SearchArgs),
}

impl Insecure {
    /// Runs the chosen action.
    pub(crate) fn run(self) -> Outcome {
        let Generator::PythonRandom(args) = self.generator;
        match args.action {
            Some(Action::Predict(predict)) => predict.run(),
            Some(Action::Search(search)) => search.run(),
            None => args.print_outputs(),
        }
    }
}

impl PythonRandomArgs {
    /// `--seed S` with `--random N`, `--kind K` or `--state`.
    fn print_outputs(self) -> Outcome {
        let Some(seed) = &self.seed else {
            return Err(Failure::error(
                "give --seed with --random, --kind or --state, or use predict or search \
                 (see pssst insecure python-random --help)",
            ));
        };
        let seed = Seed::parse_python(seed).map_err(|err| seed_failure(seed, err))?;
        let mut rng = PythonRandom::new(seed);
        let mut out = stdout();
        if self.state {
            writeln!(out, "{}", rng.state())?;
            out.flush()?;
            return Ok(());
        }
        let (kind, count) = match (self.random, self.kind) {
            (Some(count), _) => (ObservationKind::Float, count),
            (None, Some(kind)) => (kind, self.count),
            (None, None) => return Err(Failure::error("give --random N, --kind K or --state")),
        };
        check_length(&kind, self.length)?;
        let length = self.length.unwrap_or(DEFAULT_LENGTH);
        print_values(&mut out, &kind, &mut rng, count, length)
    }
}

/// A kind whose values can be observed one per line (`bits:K` with K from 1 to 32).
fn observed_kind(text: &str) -> Result<ObservationKind, String> {
    let kind: ObservationKind = text.parse().map_err(|err| format!("{err}"))?;
    kind.check_observable().map_err(|err| err.to_string())?;
    Ok(kind)
}

/// The failure for a seed that is not a Python literal, without the seed when it could be a
/// secret (`invalid seed: (not shown: it could be a secret) is not a Python literal; ...`).
fn seed_failure(text: &str, err: pssst_insecure::Error) -> Failure {
    if let pssst_insecure::Error::InvalidSeed(why) = &err
        && let Some(rest) = why.strip_prefix(&pssst_insecure::readable(text))
        && crate::redaction::could_be_secret(text)
    {
        let hidden = crate::redaction::NOT_SHOWN;
        return Failure::error(format_args!("invalid seed: {hidden}{rest}"));
    }
    explain::failure(err)
}

/// Characters per token printed for a seed when `--length` is not given.
const DEFAULT_LENGTH: usize = 22;

/// Refuses `--length` with a kind that has no tokens, where it would be ignored.
fn check_length(kind: &ObservationKind, length: Option<usize>) -> Outcome {
    let is_token = matches!(
        kind,
        ObservationKind::Choices(_) | ObservationKind::Choice(_)
    );
    if length.is_some() && !is_token {
        return Err(Failure::error(format_args!(
            "--length applies to the choices: and choice: kinds only, not to {kind}"
        )));
    }
    Ok(())
}

/// Stdout, buffered: a million values are a few hundred writes, not a million. A reader that
/// closes the pipe early ends the run quietly with status 0, any other write error is status 2
/// (see `From<io::Error> for Failure`).
fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(1 << 16, io::stdout().lock())
}

/// Prints `count` values of `kind` drawn from `rng`, one per line, then flushes `out`.
fn print_values<W: Write>(
    out: &mut BufWriter<W>,
    kind: &ObservationKind,
    rng: &mut PythonRandom,
    count: u64,
    length: usize,
) -> Outcome {
    for _ in 0..count {
        writeln!(out, "{}", kind.next_value(rng, length))?;
    }
    out.flush()?;
    Ok(())
}

/// `count` and the noun, singular for exactly one (`1 output`, `0 outputs`, `2 outputs`).
fn counted(count: impl Into<u128>, noun: &str) -> String {
    let count = count.into();
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

/// The path argument shared by `predict` and `search`.
#[derive(Args, Debug)]
struct ObservationsFile {
    /// The kind of the observed values: u32, bits:K (K from 1 to 32), float, choices:ALPHABET,
    /// choice:ALPHABET
    #[arg(long, value_parser = observed_kind)]
    kind: ObservationKind,

    /// A file with one observed value (or token) per line; stdin when absent or -
    file: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that counts the writes it receives, as the kernel would count syscalls.
    #[derive(Default)]
    struct Calls(usize);

    impl Write for Calls {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += 1;
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn counted_is_singular_for_one_only() {
        assert_eq!(counted(1u64, "output"), "1 output");
        assert_eq!(counted(0u64, "output"), "0 outputs");
        assert_eq!(counted(50u64, "value"), "50 values");
    }

    #[test]
    fn ten_thousand_values_reach_the_sink_in_a_few_writes() {
        let mut out = BufWriter::with_capacity(1 << 16, Calls::default());
        let mut rng = PythonRandom::new(1);
        let printed = print_values(&mut out, &ObservationKind::Float, &mut rng, 10_000, 0);
        assert!(printed.is_ok());
        assert!(out.get_ref().0 < 10, "{} writes", out.get_ref().0);
    }
}
