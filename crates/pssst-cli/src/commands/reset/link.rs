//! The link mailed to a subject: a base URL with the token in its query or fragment.

use crate::error::Failure;

/// A base URL, checked once: `http` or `https`, no fragment of its own.
pub(super) struct Base(String);

impl Base {
    /// Checks `url`; the token is added later.
    pub(super) fn parse(url: &str) -> Result<Self, Failure> {
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        let clean = !url.contains('#') && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if !scheme_ok || !clean {
            return Err(Failure::error(
                "--link must be an http or https URL without spaces or a fragment",
            ));
        }
        Ok(Self(url.to_owned()))
    }

    /// The link: `?token=` (or `&token=` after an existing query) as Python's docs do, or
    /// `#token=` which browsers never send to the server. Tokens are base64url (and the
    /// prefix is `a-z 0-9 _`), so they need no escaping.
    pub(super) fn with_token(&self, token: &str, fragment: bool) -> String {
        let separator = if fragment {
            '#'
        } else if self.0.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{separator}token={token}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_goes_in_the_query_or_fragment() {
        let base = Base::parse("https://app.example/reset").ok().unwrap();
        assert_eq!(
            base.with_token("t", false),
            "https://app.example/reset?token=t"
        );
        assert_eq!(
            base.with_token("t", true),
            "https://app.example/reset#token=t"
        );
        let query = Base::parse("https://app.example/r?lang=en").ok().unwrap();
        assert_eq!(
            query.with_token("t", false),
            "https://app.example/r?lang=en&token=t"
        );
    }

    #[test]
    fn odd_urls_are_refused() {
        assert!(Base::parse("javascript:alert(1)").is_err());
        assert!(Base::parse("https://a.example/#x").is_err());
        assert!(Base::parse("https://a.example/ x").is_err());
    }
}
