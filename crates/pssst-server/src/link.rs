//! The link mailed to a subject: a configured base URL with the token in its query or
//! fragment. Shared by the service and by `pssst reset issue --link`.

use crate::error::Error;

/// A base URL, checked once: `http` or `https`, no fragment of its own, no spaces or control
/// characters. The service takes it from its configuration only, never from a request's
/// `Host` or `X-Forwarded-*` headers, so a forged header cannot send a victim's token to
/// another site.
///
/// # Examples
///
/// ```
/// let base = pssst_server::LinkBase::parse("https://app.example/reset")?;
/// assert_eq!(base.with_token("t0k", false), "https://app.example/reset?token=t0k");
/// assert_eq!(base.with_token("t0k", true), "https://app.example/reset#token=t0k");
/// # Ok::<(), pssst_server::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkBase(String);

impl LinkBase {
    /// Checks `url`; the token is added later.
    ///
    /// # Errors
    ///
    /// [`Error::LinkBase`] for anything but an `http` or `https` URL without spaces, control
    /// characters or a fragment.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(pssst_server::LinkBase::parse("javascript:alert(1)").is_err());
    /// ```
    pub fn parse(url: &str) -> Result<Self, Error> {
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        let clean = !url.contains('#') && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if !scheme_ok || !clean {
            return Err(Error::LinkBase(
                "expected an http or https URL without spaces or a fragment",
            ));
        }
        // The text is kept as given (the link is that text plus the token); the url crate
        // only judges it, so `http://[::1`, a bad port or an empty host are refused here
        // rather than mailed.
        let parsed = url::Url::parse(url)
            .map_err(|_| Error::LinkBase("not a valid URL: check its host and port"))?;
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(Error::LinkBase("the URL has no host"));
        }
        let query = url.split_once('?').map_or("", |(_, query)| query);
        if query
            .split('&')
            .any(|pair| pair.split('=').next() == Some("token"))
        {
            return Err(Error::LinkBase(
                "the URL already has a token parameter; pssst adds its own",
            ));
        }
        Ok(Self(url.to_owned()))
    }

    /// The link: `?token=` (or `&token=` after an existing query) as Python's docs do, or
    /// `#token=`, which browsers never send to the server (so it stays out of its logs).
    /// Tokens are base64url (and the prefix is `a-z 0-9 _`), so they need no escaping.
    ///
    /// # Security
    ///
    /// The result holds the token: treat it as the secret it is.
    ///
    /// # Examples
    ///
    /// See [`LinkBase`].
    pub fn with_token(&self, token: &str, fragment: bool) -> String {
        let separator = if fragment {
            "#"
        } else if self.0.ends_with(['?', '&']) {
            ""
        } else if self.0.contains('?') {
            "&"
        } else {
            "?"
        };
        format!("{}{separator}token={token}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_goes_in_the_query_or_fragment() {
        let base = LinkBase::parse("https://app.example/reset").unwrap();
        assert_eq!(
            base.with_token("t", false),
            "https://app.example/reset?token=t"
        );
        assert_eq!(
            base.with_token("t", true),
            "https://app.example/reset#token=t"
        );
        let query = LinkBase::parse("https://app.example/r?lang=en").unwrap();
        assert_eq!(
            query.with_token("t", false),
            "https://app.example/r?lang=en&token=t"
        );
        let open = LinkBase::parse("https://app.example/r?").unwrap();
        assert_eq!(open.with_token("t", false), "https://app.example/r?token=t");
    }

    #[test]
    fn a_base_with_its_own_token_parameter_is_refused() {
        assert!(LinkBase::parse("https://a.example/r?token=x").is_err());
        assert!(LinkBase::parse("https://a.example/r?a=1&token").is_err());
        assert!(LinkBase::parse("https://a.example/r?tokens=1").is_ok());
    }

    #[test]
    fn odd_urls_are_refused() {
        assert!(LinkBase::parse("javascript:alert(1)").is_err());
        assert!(LinkBase::parse("https://a.example/#x").is_err());
        assert!(LinkBase::parse("https://a.example/ x").is_err());
        for broken in ["http://[::1", "https://", "https://a.example:99999/", "http://a b/"] {
            assert!(LinkBase::parse(broken).is_err(), "{broken}");
        }
        assert!(LinkBase::parse("http://[::1]:8080/r").is_ok());
    }
}
