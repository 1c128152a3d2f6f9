//! Types that hold secrets: redacted in `Debug`, wiped on drop, compared in constant time.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret in text form: a token, password, passphrase, API key or numeric code.
///
/// # Security
///
/// - `Debug` prints `Token(..)`; there is no `Display`, `PartialEq` or `Serialize`, so a token
///   reaches a log or a comparison only through [`Token::expose_secret`] or [`Token::ct_eq`].
/// - The text is wiped from memory when the `Token` is dropped. Copies the caller makes with
///   `expose_secret` (into a `String`, a socket buffer) are the caller's to wipe.
/// - Its length is not hidden.
///
/// # Examples
///
/// ```
/// let token = pssst::token_urlsafe(32)?;
/// assert_eq!(format!("{token:?}"), "Token(..)");
/// assert_eq!(token.expose_secret().len(), 43);
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Token(String);

impl Token {
    /// Wraps text that must be kept secret.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = pssst::Token::new(String::from("from-a-request"));
    /// assert!(token.ct_eq("from-a-request"));
    /// ```
    pub fn new(text: String) -> Self {
        Self(text)
    }

    /// An empty token that can take `capacity` bytes of text without moving it, so no copy of
    /// the secret is left behind in freed memory while it is built.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self(String::with_capacity(capacity))
    }

    /// Appends one character. Callers reserve the room first with [`Token::with_capacity`].
    pub(crate) fn push(&mut self, c: char) {
        debug_assert!(self.0.len() + c.len_utf8() <= self.0.capacity());
        self.0.push(c);
    }

    /// Appends text. Callers reserve the room first with [`Token::with_capacity`].
    pub(crate) fn push_str(&mut self, text: &str) {
        debug_assert!(self.0.len() + text.len() <= self.0.capacity());
        self.0.push_str(text);
    }

    /// The secret text. Call it where the secret must leave: printing it once to its owner,
    /// hashing it for storage.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = pssst::token_hex(16)?;
    /// assert_eq!(token.expose_secret().len(), 32);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The length of the text in characters (not bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Token::new("ñandú".into()).char_count(), 5);
    /// ```
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }

    /// Whether `other` is the same text, compared in constant time for equal lengths
    /// (see [`compare_digest`](crate::compare_digest)).
    ///
    /// # Examples
    ///
    /// ```
    /// let token = pssst::Token::new("abc".into());
    /// assert!(token.ct_eq("abc"));
    /// assert!(!token.ct_eq("abd"));
    /// ```
    pub fn ct_eq(&self, other: &str) -> bool {
        crate::compare_digest(self.0.as_bytes(), other.as_bytes())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(..)")
    }
}

/// Secret raw bytes, as [`token_bytes`](crate::token_bytes) returns them.
///
/// # Security
///
/// Same guarantees as [`Token`]: redacted `Debug`, wiped on drop, no `PartialEq`; the length is
/// not hidden.
///
/// # Examples
///
/// ```
/// let key = pssst::token_bytes(32)?;
/// assert_eq!(key.expose_secret().len(), 32);
/// assert_eq!(format!("{key:?}"), "SecretBytes(..)");
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Wraps bytes that must be kept secret.
    ///
    /// # Examples
    ///
    /// ```
    /// let pepper = pssst::SecretBytes::new(vec![7; 32]);
    /// assert!(pepper.ct_eq(&[7; 32]));
    /// ```
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The secret bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = pssst::token_bytes(16)?;
    /// assert_eq!(key.expose_secret().len(), 16);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// Whether `other` holds the same bytes, in constant time for equal lengths.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = pssst::SecretBytes::new(vec![1, 2, 3]);
    /// assert!(!key.ct_eq(&[1, 2, 4]));
    /// ```
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        self.0.as_slice().ct_eq(other).into()
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBytes(..)")
    }
}
