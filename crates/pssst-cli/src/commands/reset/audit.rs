//! `--audit-log`: the lifecycle's audit events as JSON lines appended to a file, so a script's
//! `pssst reset` runs leave the same trail a server's would. Never a token or a hash: the
//! events carry ids, purposes, reasons and times only.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use pssst_lifecycle::{Action, AuditEvent, AuditSink};
use serde_json::json;

use crate::error::{Failure, note};
use crate::shown;

/// Where audit events go: a file opened for appending, or nowhere.
#[derive(Clone, Default)]
pub(super) struct AuditLog(Option<Arc<Mutex<File>>>);

impl AuditLog {
    /// Opens (creating with mode 0600) the file at `path` for appending; `None`: no log.
    pub(super) fn open(path: Option<&Path>) -> Result<Self, Failure> {
        let Some(path) = path else {
            return Ok(Self(None));
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .map_err(|err| {
                Failure::error(format_args!(
                    "cannot open the audit log {}: {err}",
                    shown::path(path)
                ))
            })?;
        Ok(Self(Some(Arc::new(Mutex::new(file)))))
    }
}

impl AuditSink for AuditLog {
    fn record(&self, event: &AuditEvent) {
        let Some(file) = &self.0 else {
            return;
        };
        let line = format!("{}\n", event_json(event));
        let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // One `write_all` per line on an O_APPEND file: concurrent runs interleave whole lines.
        if let Err(err) = file.write_all(line.as_bytes()) {
            note(format_args!("warning: cannot write the audit log: {err}"));
        }
    }
}

/// One event as a JSON object with stable field names.
fn event_json(event: &AuditEvent) -> serde_json::Value {
    let reason = match event.action {
        Action::Rejected(reason) => Some(reason.as_str()),
        _ => None,
    };
    json!({
        "at": event.at.to_string(),
        "action": event.action.as_str(),
        "reason": reason,
        "kind": event.kind.as_str(),
        "id": event.id.map(|id| id.to_string()),
        "purpose": event.purpose,
        "count": event.count,
    })
}
