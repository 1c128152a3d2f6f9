//! `pssst reset`, driven as a user drives it: each test in its own folder, with the database
//! and key ring given by `PSSST_DB` and `PSSST_KEYS`. One module per topic.

mod audit;
mod echo;
mod files;
mod import;
mod input;
mod keys;
mod output;
mod tokens;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

use crate::run::{Run, command};

/// A folder with a key ring and (after the first issue) a database.
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Self {
        let place = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        assert_eq!(place.run(&["reset", "keys", "new"]).code, 0);
        place
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/pssst.db")
    }

    fn keys(&self) -> PathBuf {
        self.dir.path().join("config/keys")
    }

    fn audit_log(&self) -> PathBuf {
        self.dir.path().join("audit.jsonl")
    }

    /// `pssst args` on this place's files, not yet run.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = command(args);
        cmd.env("PSSST_DB", self.db())
            .env("PSSST_KEYS", self.keys());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, b"")
    }

    fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        run(self.command(args), input)
    }

    /// Issues a token for `subject` and returns it.
    fn issue(&self, subject: &str) -> String {
        let run = self.run(&["reset", "issue", "--subject", subject]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.lines()[0].to_owned()
    }

    /// Issues a token for `subject` and returns its id and the token.
    fn issue_json(&self, subject: &str) -> (String, String) {
        let run = self.run(&["reset", "issue", "--subject", subject, "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let issued: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
        let field = |name: &str| issued[name].as_str().unwrap().to_owned();
        (field("id"), field("token"))
    }

    fn verify(&self, token: &str, extra: &[&str]) -> Run {
        let mut args = vec!["reset", "verify"];
        args.extend_from_slice(extra);
        self.run_with_stdin(&args, token.as_bytes())
    }

    /// `reset list` as `STATUS PURPOSE SUBJECT` per token, newest first.
    fn listed(&self) -> Vec<String> {
        let run = self.run(&["reset", "list"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let fields = |line: &str| {
            let fields: Vec<&str> = line.splitn(7, ' ').collect();
            format!("{} {} {}", fields[2], fields[3], fields[6])
        };
        run.lines().into_iter().map(fields).collect()
    }

    /// The events of the audit log, in order.
    fn audit_events(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.audit_log()).unwrap_or_default();
        let parse = |line: &str| serde_json::from_str(line).unwrap();
        text.lines().map(parse).collect()
    }
}

fn run(mut cmd: Command, input: &[u8]) -> Run {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command stops reading after 64 KiB; a longer input ends in a broken pipe here.
    let _ = child.stdin.take().unwrap().write_all(input);
    let output = child.wait_with_output().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

fn assert_no(run: &Run) {
    assert_eq!(run.code, 1, "expected a clean no: {}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "pssst: invalid token\n");
}

fn assert_error(run: &Run, expected: &str) {
    assert_eq!(
        run.code, 2,
        "expected exit 2: {} {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(expected),
        "{:?} lacks {expected:?}",
        run.stderr
    );
}

fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
