//! Unguessable tokens, keys, passwords and codes from the operating system's CSPRNG.
//!
//! pssst is Python's `secrets` and Node's `crypto.randomBytes` for Rust, and the rest of the
//! job: every encoding people put tokens in, integers and choices without modulo bias,
//! passwords, passphrases, API keys with a checksum, UUIDs, numeric codes, and the entropy and
//! collision odds of each.
//!
//! # Quick start
//!
//! ```
//! // A password-reset token, as `secrets.token_urlsafe(32)` makes it.
//! let token = pssst::token_urlsafe(pssst::DEFAULT_BYTES)?;
//! assert_eq!(token.expose_secret().len(), 43);
//!
//! // Store only its hash; compare in constant time.
//! let stored = pssst::sha256_hex(token.expose_secret());
//! assert!(pssst::compare_digest(
//!     stored.as_bytes(),
//!     pssst::sha256_hex(token.expose_secret()).as_bytes(),
//! ));
//!
//! // A die roll without modulo bias.
//! let roll = pssst::randbelow(6)? + 1;
//! assert!((1..=6).contains(&roll));
//! # Ok::<(), pssst::Error>(())
//! ```
//!
//! # What is here
//!
//! - **Bytes and integers**: [`token_bytes`], [`fill_bytes`], [`randbelow`] (and
//!   [`randbelow_u128`], [`randbelow_big`]), [`randbits`], [`random_int`], [`choice`],
//!   [`shuffle`], [`sample`], [`compare_digest`].
//! - **Tokens in an encoding**: [`token_hex`], [`token_urlsafe`], [`token`] with any
//!   [`Encoding`]: hex ([`hex_lower`], [`hex_upper`]), base64 ([`base64url`], [`base64_std`]),
//!   base32 ([`base32`], [`base32_crockford`]), [`base58`] (Bitcoin) and [`base62`], each
//!   with its decoder.
//! - **Strings over any alphabet**: [`Alphabet`] (2 to 256 characters, Unicode allowed, named
//!   ones such as `base58`), [`Alphabet::random_string`] without modulo bias.
//! - **Passwords**: [`password`], [`PasswordPolicy`] (classes, one of each without bias,
//!   look-alikes dropped), [`CharClass`], [`LOOKALIKES`].
//! - **Passphrases**: [`passphrase`], [`PassphrasePolicy`], [`Capitalization`], [`Wordlist`]
//!   (the EFF large list built in, or your own file).
//! - **API keys**: [`api_key`] (`prefix_` + base62 + CRC32 checksum) and [`check_api_key`].
//! - **Numeric codes**: [`numeric_code`], leading zeros kept.
//! - **UUIDs**: [`random_uuid`] (v4), [`uuid_v7`].
//! - **Storage**: [`sha256_hex`], [`hmac_sha256_hex`] of token text.
//! - **Entropy**: every format reports its bits ([`Encoding::entropy_bits`],
//!   [`Alphabet::entropy_bits`], [`PasswordPolicy::entropy_bits`],
//!   [`PassphrasePolicy::entropy_bits`], [`api_key_entropy_bits`],
//!   [`numeric_code_entropy_bits`]); [`collision_probability`] and [`describe_collision`] turn
//!   bits and a count into birthday-bound odds.
//!
//! ```
//! let key = pssst::api_key("acme")?;
//! assert!(pssst::check_api_key(key.expose_secret()).is_ok());
//!
//! let phrase = pssst::passphrase(pssst::DEFAULT_PASSPHRASE_WORDS)?;
//! let password = pssst::PasswordPolicy::new().length(16).drop_lookalikes(true).generate()?;
//! let code = pssst::numeric_code(6)?;
//! # let _ = (phrase, password, code);
//!
//! let odds = pssst::describe_collision(pssst::api_key_entropy_bits(), 1e9, "keys")?;
//! assert_eq!(odds, "1 in 10^36 chance that two of 1,000,000,000 keys are the same");
//! # Ok::<(), pssst::Error>(())
//! ```
//!
//! # Security
//!
//! Every value comes from a per-thread ChaCha20 generator keyed from the operating system,
//! with fast key erasure, reseeding and fork detection; see [`rng`](crate::fill_bytes) and
//! `SECURITY.md`. If the operating system's source fails, functions return
//! [`Error::RandomSource`]; nothing falls back to a weaker source. Secrets come back in
//! [`Token`] and [`SecretBytes`], which redact `Debug` and wipe memory on drop.

mod alphabet;
mod api_key;
mod below;
mod choose;
mod code;
mod compare;
mod encoding;
mod entropy;
mod error;
mod fork;
mod hash;
mod passphrase;
mod password;
mod rng;
mod secret;
mod token;
mod uuid;
mod wordlist;

pub use crate::alphabet::Alphabet;
pub use crate::api_key::{
    API_KEY_BODY_LEN, API_KEY_CHECKSUM_LEN, ApiKeyParts, MAX_PREFIX_LEN, api_key,
    api_key_entropy_bits, check_api_key,
};
pub use crate::below::{randbelow, randbelow_big, randbelow_u128, randbits, random_int};
pub use crate::choose::{choice, sample, shuffle};
pub use crate::code::{DEFAULT_CODE_DIGITS, numeric_code, numeric_code_entropy_bits};
pub use crate::compare::compare_digest;
pub use crate::encoding::{
    Encoding, base32, base32_crockford, base32_crockford_decode, base32_decode, base58,
    base58_decode, base62, base62_decode, base64_std, base64url, base64url_decode, hex_decode,
    hex_lower, hex_upper,
};
pub use crate::entropy::{CollisionOdds, collision_probability, describe_collision};
pub use crate::error::{Error, Result};
pub use crate::hash::{hmac_sha256, hmac_sha256_hex, sha256_hex};
pub use crate::passphrase::{
    Capitalization, DEFAULT_PASSPHRASE_WORDS, DEFAULT_SEPARATOR, MAX_PASSPHRASE_WORDS,
    PassphrasePolicy, passphrase,
};
pub use crate::password::{CharClass, DEFAULT_PASSWORD_LEN, LOOKALIKES, PasswordPolicy, password};
pub use crate::rng::fill_bytes;
pub use crate::secret::{SecretBytes, Token};
pub use crate::token::{
    DEFAULT_BYTES, MAX_TOKEN_BYTES, token, token_bytes, token_hex, token_urlsafe,
};
pub use crate::uuid::{random_uuid, uuid_v7};
pub use crate::wordlist::Wordlist;
pub use ::num_bigint::BigUint;
pub use ::uuid::Uuid;
