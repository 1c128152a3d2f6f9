//! The link mailed to a subject: a configured base URL with the token in its query or
//! fragment. Shared by the service and by `pssst reset issue --link`.

use crate::error::Error;

/// A base URL, checked once: `http` or `https` (in any case), a host, no fragment of its own,
/// no `token` parameter (spelled plainly or percent-encoded), and only the characters a URL may
/// hold unescaped (RFC 3986: ASCII letters, digits and `-._~:/?[]@!$&'()*+,;=%`), so a quote,
/// an angle bracket, a space or an invisible character never reaches a mail. The service takes
/// it from its configuration only, never from a request's `Host` or `X-Forwarded-*` headers,
/// so a forged header cannot send a victim's token to another site.
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
pub struct LinkBase {
    text: String,
    plaintext: bool,
}

impl LinkBase {
    /// Checks `url`; the token is added later. The text is kept as given: the link is that
    /// text and the token.
    ///
    /// # Errors
    ///
    /// [`Error::LinkBase`] for anything but an `http` or `https` URL as described on
    /// [`LinkBase`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_server::LinkBase;
    ///
    /// assert!(LinkBase::parse("javascript:alert(1)").is_err());
    /// assert!(LinkBase::parse("https://app.example/r?%74oken=1").is_err());
    /// assert!(LinkBase::parse("HTTPS://APP.EXAMPLE/r").is_ok());
    /// ```
    pub fn parse(url: &str) -> Result<Self, Error> {
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        let plaintext = scheme.eq_ignore_ascii_case("http");
        if !plaintext && !scheme.eq_ignore_ascii_case("https") {
            return Err(Error::LinkBase("expected an http:// or https:// URL"));
        }
        if url.contains('#') {
            return Err(Error::LinkBase(
                "the URL has a fragment (#...); pssst may put the token there",
            ));
        }
        if !url.bytes().all(is_url_byte) {
            return Err(Error::LinkBase(
                "the URL holds a character a URL cannot carry unescaped (a space, a quote, \
                 < > or a non-ASCII character): percent-encode it, or use punycode for a host",
            ));
        }
        if rest.is_empty() || rest.starts_with(['/', '?']) {
            return Err(Error::LinkBase("the URL has no host"));
        }
        let parsed = url::Url::parse(url)
            .map_err(|_| Error::LinkBase("not a valid URL: check its host and port"))?;
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(Error::LinkBase("the URL has no host"));
        }
        if parsed.query_pairs().any(|(name, _)| name == "token") {
            return Err(Error::LinkBase(
                "the URL already has a token parameter; pssst adds its own",
            ));
        }
        let plaintext = plaintext && !is_loopback(&parsed);
        Ok(Self {
            text: url.to_owned(),
            plaintext,
        })
    }

    /// Whether links would travel as plain `http` to a host other than this machine, where
    /// anyone on the path can read the token: worth a warning, not an error (a private
    /// network or a test may want it).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_server::LinkBase;
    ///
    /// assert!(LinkBase::parse("http://app.example/r")?.is_plaintext());
    /// assert!(!LinkBase::parse("http://localhost:8000/r")?.is_plaintext());
    /// assert!(!LinkBase::parse("https://app.example/r")?.is_plaintext());
    /// # Ok::<(), pssst_server::Error>(())
    /// ```
    pub fn is_plaintext(&self) -> bool {
        self.plaintext
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
        let base = &self.text;
        let separator = if fragment {
            "#"
        } else if base.ends_with(['?', '&']) {
            ""
        } else if base.contains('?') {
            "&"
        } else {
            "?"
        };
        format!("{base}{separator}token={token}")
    }
}

/// RFC 3986's unreserved and reserved characters and `%`: what a URL holds unescaped.
fn is_url_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~:/?[]@!$&'()*+,;=%".contains(&byte)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
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
        for broken in [
            "http://[::1",
            "https://",
            "https://a.example:99999/",
            "http://a b/",
        ] {
            assert!(LinkBase::parse(broken).is_err(), "{broken}");
        }
        assert!(LinkBase::parse("http://[::1]:8080/r").is_ok());
        for broken in [
            "https:///x",
            "https://?a=1",
            "https://a.example/r\"><script>",
            "https://a.example/r<x>",
            "https://a.example/r\u{200b}",
            "https://a.example/r?%74oken=2",
            "https://a.example/r?a=1&%74%6F%6B%65%6E",
            "ftp://a.example/",
        ] {
            assert!(LinkBase::parse(broken).is_err(), "{broken}");
        }
        assert!(LinkBase::parse("HTTPS://A.EXAMPLE/r").is_ok());
        assert!(LinkBase::parse("https://a.example/r%C3%A9?lang=fr&x=(1)").is_ok());
    }

    #[test]
    fn plain_http_is_flagged_unless_it_stays_on_this_machine() {
        let flagged = |url: &str| LinkBase::parse(url).unwrap().is_plaintext();
        assert!(flagged("http://app.example/r"));
        assert!(flagged("HTTP://10.0.0.1/r"));
        assert!(!flagged("http://127.0.0.1:8000/r"));
        assert!(!flagged("http://[::1]/r"));
        assert!(!flagged("http://app.localhost/r"));
        assert!(!flagged("https://app.example/r"));
    }
}
