//! Constant-time comparison, like Python's `secrets.compare_digest`.

use subtle::ConstantTimeEq;

/// Whether `a` and `b` are equal, taking the same time wherever they differ.
///
/// The comparison is the `subtle` crate's `ConstantTimeEq`. Use it whenever one side is a
/// secret (a token, a MAC, an API key) and the other comes from a caller.
///
/// # Security
///
/// Time does not depend on the contents or on where the first difference is. It does depend
/// on the lengths: slices of different lengths return `false` at once, so compare values of a
/// fixed length (hashes, MACs) when the length itself is secret.
///
/// # Examples
///
/// ```
/// assert!(pssst::compare_digest(b"same", b"same"));
/// assert!(!pssst::compare_digest(b"same", b"sane"));
/// assert!(!pssst::compare_digest(b"short", b"longer"));
/// ```
pub fn compare_digest(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}
