//! `reset verify`: a token read from stdin, checked or used, with the subject written inside
//! the transaction that uses it.

use clap::Args;
use pssst::Token;
use pssst_lifecycle::{
    Action, AuditEvent, AuditSink, Clock, Compat, Config, Error, KeyRing, Kind, MAX_TOKEN_LEN,
    Reason, SystemClock, TokenRecord, check_purpose, check_token_text,
};
use serde_json::json;

use crate::commands::reset::paths::Files;
use crate::commands::reset::record_json;
use crate::error::{Failure, Outcome};
use crate::{input, stdout};

const OUTPUT: &str = "\
Output: the subject on one line, or with --json one object: {\"valid\":true, \"subject\":...,
\"id\":..., ...} (exit 0), or {\"valid\":false} (exit 1) for any token that is not valid,
with no reason (the audit log has it). Stdin loses one trailing \\n or \\r\\n, nothing else.

Only exit status 0 counts: the subject is written before the commit that uses the token, so a
run killed between the two printed a subject and left the token usable. Act on the output only
once the status is known:
  s=$(pssst reset verify < token.txt) && reset-password \"$s\"
not `pssst reset verify < token.txt | xargs reset-password`.";

/// `pssst reset verify`.
#[derive(Args, Debug)]
#[command(after_help = OUTPUT)]
pub(super) struct Verify {
    /// What the token must be for
    #[arg(long, default_value = "reset")]
    purpose: String,
    /// Check without using the token
    #[arg(long)]
    peek: bool,
    /// Also accept imported plain SHA-256 rows (from the Python flow)
    #[arg(long)]
    accept_imported: bool,
    /// Print one JSON object, {"valid":false} for a token that is not valid
    #[arg(long)]
    json: bool,
}

/// Checks or uses the token on stdin. Whatever was read is judged: empty, too long, not
/// UTF-8, not base64url, without the prefix are all an invalid token (exit 1), audited as
/// `rejected` with the reason; only stdin that cannot be read is an error (exit 2).
pub(super) async fn run(
    files: &Files,
    config: Config,
    prefix: Option<&str>,
    verify: Verify,
) -> Outcome {
    check_purpose(&verify.purpose)?;
    stdout::check_open().map_err(|err| unwritten(err, "the token was not used"))?;
    let json = verify.json;
    checked(files, config, prefix, verify)
        .await
        .map_err(|failure| answered_no(failure, json))
}

/// With `--json`, a token that is not valid is also said on stdout: `{"valid":false}`. The
/// exit status (1) is the answer; a failure to write the object does not change it.
fn answered_no(failure: Failure, json: bool) -> Failure {
    if json && failure.is_no() {
        let _ = stdout::write_whole(&format!("{}\n", json!({ "valid": false })));
    }
    failure
}

async fn checked(files: &Files, config: Config, prefix: Option<&str>, verify: Verify) -> Outcome {
    let token = match presented(prefix)? {
        Ok(token) => token,
        // Junk is refused, and audited, before the database is opened.
        Err(reason) => return Err(refuse(files, reason, &verify.purpose)),
    };
    let keys = KeyRing::load(&files.keys)?;
    let config = if verify.accept_imported {
        config.compat(Compat::VerifyImported)
    } else {
        config
    };
    let lifecycle = files.lifecycle(files.existing_db().await?, keys, config);
    let json = verify.json;
    if verify.peek {
        let record = lifecycle.peek(&token, &verify.purpose).await?;
        let written = stdout::write_whole(&rendered(&record, json));
        return written.map_err(|err| unwritten(err, "the token was not used"));
    }

    // The subject is written inside the consuming transaction: if stdout fails, the consume
    // rolls back and the token stays usable.
    lifecycle
        .consume_with(&token, &verify.purpose, move |_, record| {
            Box::pin(async move {
                stdout::write_whole(&rendered(&record, json))
                    .map_err(|err| unwritten(err, "the token was not used and still works"))
            })
        })
        .await?;
    Ok(())
}

/// The token on stdin, or why the text read cannot be one.
fn presented(prefix: Option<&str>) -> Result<Result<Token, Reason>, Failure> {
    let raw = input::bytes_from_stdin("a token")?;
    if raw.len() > MAX_TOKEN_LEN {
        return Ok(Err(Reason::TooLong));
    }
    let Ok(text) = std::str::from_utf8(&raw) else {
        return Ok(Err(Reason::BadEncoding));
    };
    Ok(check_token_text(text, prefix).map(|()| Token::new(text.to_owned())))
}

/// Records the rejection of malformed input in the audit log, as the lifecycle records those
/// it refuses itself, and gives the one answer for any token that is not valid.
fn refuse(files: &Files, reason: Reason, purpose: &str) -> Failure {
    let mut event = AuditEvent::new(Action::Rejected(reason), Kind::Token, SystemClock.now());
    event.purpose = Some(purpose.to_owned());
    files.audit.record(&event);
    Failure::from(Error::Invalid)
}

fn unwritten(err: std::io::Error, outcome: &str) -> Failure {
    Failure::error(format_args!("cannot write the subject ({err}): {outcome}"))
}

/// The subject on one line, or the record as one JSON object.
fn rendered(record: &TokenRecord, json: bool) -> String {
    if json {
        let mut object = record_json(record);
        object["valid"] = true.into();
        format!("{object}\n")
    } else {
        format!("{}\n", record.subject)
    }
}
