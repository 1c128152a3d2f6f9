//! `uuid`: version 4 (random) or version 7 (time-ordered) UUIDs.

use std::fmt::Write;

use clap::Args;

use crate::describe::Format;
use crate::error::Failure;
use crate::generate::{Generator, Repeat};

/// `pssst uuid [--v7]`.
#[derive(Args, Debug)]
pub(crate) struct UuidArgs {
    /// A time-ordered version 7 UUID (sorted by creation time within a process, creation time
    /// readable, 62 random bits) instead of a random version 4 one (122 random bits)
    #[arg(long)]
    pub(crate) v7: bool,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

impl Generator for UuidArgs {
    fn format(&self) -> Result<Format, Failure> {
        Ok(if self.v7 {
            Format::new("uuid-v7", 62.0).with_note(
                "v7 UUIDs made at different times cannot collide; the odds below are for \
                 values made within the same 1/4096 millisecond, which share all but 62 random \
                 bits",
            )
        } else {
            Format::new("uuid-v4", 122.0)
        })
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        let id = if self.v7 {
            pssst::uuid_v7()?
        } else {
            pssst::random_uuid()?
        };
        let _ = write!(value, "{id}");
        Ok(())
    }
}
