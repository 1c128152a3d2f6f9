//! `reset issue`: a token stored and printed in one transaction, so that a token nobody saw is
//! never kept.

use std::time::Duration;

use clap::Args;
use pssst_lifecycle::{
    Config, IssueOptions, IssuedToken, KeyRing, MIN_TTL, Policy, Supersede, TokenId, check_purpose,
    check_subject,
};
use pssst_server::LinkBase;
use serde_json::json;
use zeroize::Zeroizing;

use crate::commands::reset::paths::Files;
use crate::error::{Failure, Outcome, note};
use crate::{parse, stdout};

const OUTPUT: &str = "\
Output: the link (or the token) on the first line, then `id ID expires TIME`; with --json one
object with token, link, id, subject, purpose and expires_at. Both are written in one write
inside the transaction that stores the token: if that write fails, nothing is stored and the
subject's older links keep working. A stdout where nobody would read the token (/dev/null,
/dev/zero or another device that is not a terminal, a closed stdout) is refused.

Only exit status 0 counts: the write comes before the commit, so a run killed between the two
printed a link that was never stored. Send the link only once the status is known:
  out=$(pssst reset issue --subject user-42 --link URL) && send-mail \"$(echo \"$out\" | head -1)\"
not `pssst reset issue ... | head -1 | send-mail`, whose status is the last command's.";

/// `pssst reset issue`.
#[derive(Args, Debug)]
#[command(after_help = OUTPUT)]
pub(super) struct Issue {
    /// Whom the token is for (a user id; one value)
    #[arg(long)]
    subject: String,
    /// What it is for
    #[arg(long, default_value = "reset")]
    purpose: String,
    /// Lifetime: 30s, 15m, 12h, 7d (a unit is required; 1 minute to 7 days, shorter ones are
    /// raised to 1 minute; default 15m)
    #[arg(long, value_parser = parse::lifetime, allow_hyphen_values = true)]
    ttl: Option<Duration>,
    /// Print a link: this URL with the token as its `token` query parameter
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Put the token in the link's fragment (#token=...), which keeps it out of server logs
    #[arg(long, requires = "link")]
    fragment: bool,
    /// Keep the subject's K newest live tokens of the purpose, this one included, and revoke
    /// older ones (default 1: a new link makes every earlier one useless)
    #[arg(long, value_name = "K", value_parser = parse::positive_u32, allow_negative_numbers = true)]
    keep: Option<u32>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

/// Issues the token, writing it inside the transaction that stores it: if the write fails
/// (a closed pipe, a full disk, a closed or discarded stdout), nothing is stored and the
/// subject's older links keep working.
pub(super) async fn run(files: &Files, config: Config, issue: Issue) -> Outcome {
    // Everything that can be refused is refused before the database is opened (and created).
    check_subject(&issue.subject)?;
    check_purpose(&issue.purpose)?;
    issue.ttl.map(Policy::new).transpose()?;
    stdout::check_not_discarded().map_err(unwritten)?;
    if issue.ttl.is_some_and(|ttl| ttl < MIN_TTL) {
        note(format_args!(
            "warning: the lifetime was raised to the minimum, 1 minute"
        ));
    }
    let link = issue.link.as_deref().map(link_base).transpose()?;
    let keys = KeyRing::load(&files.keys)?;
    let config = match issue.keep {
        Some(keep) => config.default_policy(Policy::default().supersede(Supersede::KeepLast(keep))),
        None => config,
    };
    let lifecycle = files.lifecycle(files.create_db().await?, keys, config);
    let options = match issue.ttl {
        Some(ttl) => IssueOptions::default().ttl(ttl),
        None => IssueOptions::default(),
    };

    let json = issue.json;
    let fragment = issue.fragment;
    let printed = lifecycle
        .issue_with(
            &issue.subject,
            &issue.purpose,
            options,
            move |_conn, issued| {
                Box::pin(async move {
                    let text = rendered(&issued, link, json, fragment);
                    stdout::check_not_discarded()
                        .and_then(|()| stdout::write_whole(&text))
                        .map_err(Unprinted::Output)
                })
            },
        )
        .await;
    printed.map(|_| ()).map_err(|err| match err {
        Unprinted::Lifecycle(err) => Failure::from(err),
        Unprinted::Output(err) => unwritten(err),
    })
}

/// Why `issue` failed: the lifecycle refused, or the output could not be written (and the
/// transaction was rolled back).
enum Unprinted {
    Lifecycle(pssst_lifecycle::Error),
    Output(std::io::Error),
}

impl From<pssst_lifecycle::Error> for Unprinted {
    fn from(err: pssst_lifecycle::Error) -> Self {
        Self::Lifecycle(err)
    }
}

fn unwritten(err: std::io::Error) -> Failure {
    Failure::error(format_args!(
        "cannot write the token ({err}): nothing was stored and older links still work"
    ))
}

/// All that `issue` prints, as one text written at once: the link (or the token) first, as the
/// line a reader that stops early (`| head -1`) must not miss, then the id and expiry; or one
/// JSON object.
fn rendered(
    issued: &IssuedToken,
    link: Option<LinkBase>,
    json: bool,
    fragment: bool,
) -> Zeroizing<String> {
    let token = issued.token().expose_secret();
    let link = link.map(|base| Zeroizing::new(base.with_token(token, fragment)));
    if !json {
        let first = link.as_deref().map_or(token, String::as_str);
        return plain(first, issued.id(), issued.expires_at());
    }
    let record = issued.record();
    let object = json!({
        "id": record.id.to_string(),
        "token": token,
        "link": link.as_deref(),
        "subject": record.subject,
        "purpose": record.purpose,
        "expires_at": record.expires_at.to_string(),
    });
    Zeroizing::new(format!("{object}\n"))
}

/// The two lines of plain output: the link or token, then the id and expiry.
fn plain(first: &str, id: TokenId, expires_at: pssst_lifecycle::Timestamp) -> Zeroizing<String> {
    Zeroizing::new(format!("{first}\nid {id} expires {expires_at}\n"))
}

fn link_base(url: &str) -> Result<LinkBase, Failure> {
    crate::commands::reset::link_base("--link", url)
}

#[cfg(test)]
mod tests {
    use pssst_lifecycle::Timestamp;

    use super::*;

    #[test]
    fn the_link_comes_first_and_the_whole_output_is_one_text() {
        let id: TokenId = "0190a5d2-7c3e-7b1a-8f00-000000000001".parse().unwrap();
        let text = plain(
            "https://app.example/r?token=abc",
            id,
            Timestamp::from_unix_seconds(60),
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "https://app.example/r?token=abc");
        assert_eq!(
            lines[1],
            "id 0190a5d2-7c3e-7b1a-8f00-000000000001 expires 1970-01-01T00:01:00Z"
        );
        assert!(text.ends_with('\n'));
    }
}
