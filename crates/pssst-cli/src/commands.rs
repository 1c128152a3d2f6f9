//! One module per group of subcommands.

pub(crate) mod hash;
pub(crate) mod numbers;
pub(crate) mod tokens;
pub(crate) mod uuid;
