//! Connection URLs without their passwords, for errors and `Debug`.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;

/// The server a URL names, rebuilt from its user, host, port and database: the password (and
/// every query parameter) is left out, not masked, so nothing of it can show.
pub(crate) fn redacted(url: &str) -> String {
    match PgConnectOptions::from_str(url) {
        Ok(options) => server(&options),
        Err(_) => "(unparsable url)".to_owned(),
    }
}

/// As [`redacted`], from options already parsed.
pub(crate) fn server(options: &PgConnectOptions) -> String {
    let host = match options.get_socket() {
        Some(dir) => dir.display().to_string(),
        None => options.get_host().to_owned(),
    };
    format!(
        "postgres://{}@{host}:{}/{}",
        options.get_username(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}

/// `message` with every string that could be a password of `url` replaced by `***`.
///
/// Driver messages are not known to repeat a password; this is a second line of defence for
/// text that goes into an [`Error`](crate::Error). The candidates are generous: whatever
/// follows the first `:` of anything before an `@`, and every `password=` value, both as
/// written and percent-decoded, so a password with an unescaped `@`, `/` or `?` is covered.
pub(crate) fn scrubbed(message: &str, url: &str) -> String {
    let mut secrets = candidates(url);
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    let mut text = message.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        text = text.replace(secret.as_str(), "***");
    }
    text
}

fn candidates(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    for (at, _) in rest.match_indices('@') {
        if let Some((_, password)) = rest[..at].split_once(':') {
            found.push(password.to_owned());
        }
    }
    for (start, key) in url.match_indices("password=") {
        let value = &url[start + key.len()..];
        let end = value.find(['&', '#']).unwrap_or(value.len());
        found.push(value[..end].to_owned());
    }
    let decoded: Vec<String> = found.iter().map(|s| percent_decoded(s)).collect();
    found.extend(decoded);
    found
}

/// `%XX` escapes turned back into bytes, as the driver reads a URL's password.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes.get(i + 1..i + 3).and_then(|hex| {
            let hex = std::str::from_utf8(hex).ok()?;
            u8::from_str_radix(hex, 16).ok()
        });
        match (bytes[i], escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_url_keeps_the_server_and_drops_the_password() {
        let shown = redacted("postgres://app:hunter2@db.internal:6432/tokens?sslmode=disable");
        assert_eq!(shown, "postgres://app@db.internal:6432/tokens");
    }

    #[test]
    fn unparsable_url_is_not_shown_at_all() {
        assert_eq!(redacted("host=db password=hunter2"), "(unparsable url)");
        assert_eq!(
            redacted("postgres://app:hunter2@db:port/x"),
            "(unparsable url)"
        );
    }

    #[test]
    fn scrubbing_covers_odd_passwords() {
        let cases = [
            ("postgres://app:hunter2@db/x", "hunter2"),
            ("postgres://app:p%40ss%2Fw@db/x", "p@ss/w"),
            ("postgres://app:p@ss/w?x@db/x", "p@ss/w?x"),
            (
                "postgres://app@db/x?sslmode=disable&password=s3cr%26t",
                "s3cr&t",
            ),
        ];
        for (url, password) in cases {
            let message = format!("failed for {password} and {url}");
            let clean = scrubbed(&message, url);
            assert!(!clean.contains(password), "{clean}");
            assert!(clean.starts_with("failed for ***"), "{clean}");
        }
    }

    #[test]
    fn percent_decoding_leaves_broken_escapes_alone() {
        assert_eq!(percent_decoded("a%41%4"), "aA%4");
        assert_eq!(percent_decoded("%zz%"), "%zz%");
    }
}
