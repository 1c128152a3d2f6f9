//! The link mailed to a subject: a configured base URL with the token in its query or
//! fragment. Shared by the service and by `pssst reset issue --link`.

use crate::error::Error;

/// A base URL, checked once: `http` or `https` (in any case); a host that is an IP address or a
/// valid DNS name, a port other than 0, no `user:pass@`; no fragment of its own; no `token`
/// parameter (spelled plainly, percent-encoded, after a `;`, or in the path); at most 2048
/// bytes, of only the characters a URL may hold unescaped (RFC 3986: ASCII letters, digits and
/// `-._~:/?[]@!$&()*+,;=%`, less the single quote) with `%` always starting an escape. So a
/// quote, an angle bracket, a space or an invisible character never reaches a mail. The service
/// takes it from its configuration only, never from a request's `Host` or `X-Forwarded-*`
/// headers, so a forged header cannot send a victim's token to another site.
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
        let plaintext = check_scheme(url)?;
        check_text(url)?;
        let parsed = url::Url::parse(url)
            .map_err(|_| Error::LinkBase("not a valid URL: check its host and port"))?;
        check_authority(&parsed)?;
        check_query(&parsed)?;
        Ok(Self {
            text: url.to_owned(),
            plaintext: plaintext && !is_loopback(&parsed),
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

/// The longest base URL taken: links are mailed, and some clients cut long ones.
const MAX_LEN: usize = 2048;

/// `http` or `https` in any case, followed by a host; true for plain `http`.
fn check_scheme(url: &str) -> Result<bool, Error> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let plaintext = scheme.eq_ignore_ascii_case("http");
    if !plaintext && !scheme.eq_ignore_ascii_case("https") {
        return Err(Error::LinkBase("expected an http:// or https:// URL"));
    }
    if rest.is_empty() || rest.starts_with(['/', '?']) {
        return Err(Error::LinkBase("the URL has no host"));
    }
    Ok(plaintext)
}

/// The text itself: its length, no fragment, only URL characters, and whole `%XX` escapes.
fn check_text(url: &str) -> Result<(), Error> {
    if url.len() > MAX_LEN {
        return Err(Error::LinkBase("the URL is longer than 2048 bytes"));
    }
    if url.contains('#') {
        return Err(Error::LinkBase(
            "the URL has a fragment (#...); pssst may put the token there",
        ));
    }
    if !url.bytes().all(is_url_byte) {
        return Err(Error::LinkBase(
            "the URL holds a character a mailed link should not carry unescaped (a space, a \
             quote, < > or a non-ASCII character): percent-encode it, or use punycode for a host",
        ));
    }
    let bytes = url.as_bytes();
    let broken_escape = bytes.iter().enumerate().any(|(at, &byte)| {
        byte == b'%'
            && !bytes
                .get(at + 1..at + 3)
                .is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit))
    });
    if broken_escape {
        return Err(Error::LinkBase(
            "the URL has a % not followed by two hex digits",
        ));
    }
    Ok(())
}

/// A host name made of valid labels (or an IP address), a port other than 0, and no user name
/// or password, which have no place in a mailed link (and are a phishing shape).
fn check_authority(url: &url::Url) -> Result<(), Error> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::LinkBase(
            "the URL carries a user name or password (user:pass@)",
        ));
    }
    if url.port() == Some(0) {
        return Err(Error::LinkBase("the URL's port is 0"));
    }
    match url.host() {
        None => Err(Error::LinkBase("the URL has no host")),
        Some(url::Host::Domain(name)) if !is_host_name(name) => Err(Error::LinkBase(
            "the URL's host is not a valid name: labels of 1 to 63 letters, digits and \
             hyphens, not starting or ending with a hyphen",
        )),
        Some(_) => Ok(()),
    }
}

/// DNS labels as RFC 1123 allows them in host names; one trailing dot is fine.
fn is_host_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// No `token` parameter of its own, however it is spelled: percent-encoded, after a `;`, which
/// some servers take as a separator as well as `&`, or as a `;token=` parameter in the path.
fn check_query(url: &url::Url) -> Result<(), Error> {
    let query = url.query().unwrap_or("");
    let path_parameters = url
        .path()
        .split('/')
        .flat_map(|segment| segment.split(';').skip(1));
    let has_token = query
        .split(';')
        .chain(path_parameters)
        .flat_map(|part| url::form_urlencoded::parse(part.as_bytes()))
        .any(|(name, _)| name == "token");
    if has_token {
        return Err(Error::LinkBase(
            "the URL already has a token parameter; pssst adds its own",
        ));
    }
    Ok(())
}

/// RFC 3986's unreserved and reserved characters and `%`, less the single quote, which would
/// end an HTML attribute written with single quotes: what a mailed link holds unescaped.
fn is_url_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~:/?[]@!$&()*+,;=%".contains(&byte)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => {
            address.is_loopback() || address.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
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
            "https://app.example/re'set",
            "https://app.example/%zz",
            "https://app.example/reset?a=%",
            "https://app.example:0/reset",
            "https://user:pass@app.example/reset",
            "https://user@app.example/reset",
            "https://app.example/r?a=1;token=x",
            "https://app.example/r?a=1;%74oken",
            "https://app.example/;token=1",
            "https://app.example/a;b=2;%74oken=1/c",
            "https://app..example/",
            "https://-app.example/",
            "https://app-.example/",
        ] {
            assert!(LinkBase::parse(broken).is_err(), "{broken}");
        }
        assert!(LinkBase::parse("HTTPS://A.EXAMPLE/r").is_ok());
        assert!(LinkBase::parse("https://app.example./r?a=1;b=2").is_ok());
        assert!(LinkBase::parse("https://10.0.0.1:8443/r").is_ok());
        let long = format!("https://app.example/{}", "a".repeat(2048));
        assert!(LinkBase::parse(&long).is_err());
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
        assert!(!flagged("http://localhost./r"));
        assert!(!flagged("http://[::ffff:127.0.0.1]/r"));
        assert!(flagged("http://[::ffff:10.0.0.1]/r"));
        assert!(!flagged("https://app.example/r"));
    }
}
