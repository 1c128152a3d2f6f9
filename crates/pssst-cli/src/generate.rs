//! The loop every generator shares: make `count` values and stream them out.

use clap::Args;
use zeroize::Zeroizing;

use crate::describe::Format;
use crate::error::{Failure, Outcome};
use crate::output::Lines;
use crate::parse;

/// Something that makes values of one format.
pub(crate) trait Generator {
    /// The format of every value this generator makes.
    fn format(&self) -> Result<Format, Failure>;

    /// Appends one new value to `value` (which is empty when called).
    fn next(&mut self, value: &mut String) -> Result<(), Failure>;
}

/// Options every generator takes.
#[derive(Args, Clone, Debug)]
pub(crate) struct Repeat {
    /// How many values to make, one per line (streamed: any count runs in flat memory)
    #[arg(short = 'n', long = "count", default_value = "1", value_parser = parse::count)]
    pub(crate) count: u64,

    /// Print one JSON object per line: the value, its format, length in bytes and characters,
    /// alphabet and entropy in bits
    #[arg(long)]
    pub(crate) json: bool,
}

/// Makes `repeat.count` values and writes them to stdout. One buffer, wiped at the end, holds
/// each value in turn.
pub(crate) fn emit(generator: &mut dyn Generator, repeat: &Repeat) -> Outcome {
    let format = generator.format()?;
    let mut lines = Lines::new(repeat.json, repeat.count);
    let mut value = Zeroizing::new(String::new());
    for _ in 0..repeat.count {
        value.clear();
        generator.next(&mut value)?;
        lines.write(&value, &format)?;
    }
    Ok(lines.finish()?)
}
