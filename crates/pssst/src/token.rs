//! Tokens: random bytes in a text encoding, with Python's defaults.

use crate::encoding::Encoding;
use crate::error::{Error, Result};
use crate::rng;
use crate::secret::{SecretBytes, Token};

/// The number of random bytes in a token when none is given: 32, as Python's `secrets`.
pub const DEFAULT_BYTES: usize = 32;

/// The largest token pssst makes in one piece: 64 MiB of random bytes.
pub const MAX_TOKEN_BYTES: usize = 64 << 20;

/// `n` random bytes, like Python's `secrets.token_bytes(n)`.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `n` exceeds [`MAX_TOKEN_BYTES`]; [`Error::RandomSource`] when
/// the OS source fails.
///
/// # Examples
///
/// ```
/// let key = pssst::token_bytes(pssst::DEFAULT_BYTES)?;
/// assert_eq!(key.expose_secret().len(), 32);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn token_bytes(n: usize) -> Result<SecretBytes> {
    check_size(n)?;
    let mut bytes = vec![0u8; n];
    rng::fill_bytes(&mut bytes)?;
    Ok(SecretBytes::new(bytes))
}

/// `n` random bytes as lowercase hex (2n characters), like Python's `secrets.token_hex(n)`.
///
/// # Errors
///
/// As [`token_bytes`].
///
/// # Examples
///
/// ```
/// let token = pssst::token_hex(16)?;
/// assert_eq!(token.expose_secret().len(), 32);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn token_hex(n: usize) -> Result<Token> {
    token(n, Encoding::Hex)
}

/// `n` random bytes as unpadded base64url, like Python's `secrets.token_urlsafe(n)` and Node's
/// `crypto.randomBytes(n).toString("base64url")`.
///
/// # Errors
///
/// As [`token_bytes`].
///
/// # Examples
///
/// ```
/// let token = pssst::token_urlsafe(32)?;
/// assert_eq!(token.expose_secret().len(), 43);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn token_urlsafe(n: usize) -> Result<Token> {
    token(n, Encoding::Base64Url)
}

/// `n` random bytes in any [`Encoding`].
///
/// # Errors
///
/// As [`token_bytes`].
///
/// # Examples
///
/// ```
/// let token = pssst::token(20, pssst::Encoding::HexUpper)?;
/// assert_eq!(token.expose_secret().len(), 40);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn token(n: usize, encoding: Encoding) -> Result<Token> {
    let bytes = token_bytes(n)?;
    Ok(Token::new(encoding.encode(bytes.expose_secret())))
}

fn check_size(n: usize) -> Result<()> {
    if n > MAX_TOKEN_BYTES {
        let expected = format!("at most {MAX_TOKEN_BYTES} bytes");
        return Err(Error::out_of_range("token size", expected));
    }
    Ok(())
}
