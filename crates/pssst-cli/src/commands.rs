//! One module per group of subcommands.

pub(crate) mod api_key;
pub(crate) mod demo;
pub(crate) mod entropy;
pub(crate) mod hash;
pub(crate) mod insecure;
pub(crate) mod numbers;
pub(crate) mod passwords;
pub(crate) mod reset;
pub(crate) mod serve;
pub(crate) mod tokens;
pub(crate) mod uuid;
