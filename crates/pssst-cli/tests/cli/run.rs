//! Running the binary and reading what it did.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// What one run printed and how it exited.
pub(crate) struct Run {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) code: i32,
}

impl Run {
    /// The lines of stdout.
    pub(crate) fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// A `pssst` command with `args`, not yet run.
pub(crate) fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pssst"));
    command.args(args);
    command
}

/// Runs `pssst args` with empty stdin.
pub(crate) fn pssst(args: &[&str]) -> Run {
    pssst_with_stdin(args, b"")
}

/// Runs `pssst args` with `input` on stdin.
pub(crate) fn pssst_with_stdin(args: &[&str], input: &[u8]) -> Run {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pssst binary runs");
    feed(&mut child, input);
    finish(child.wait_with_output().expect("pssst exits"))
}

/// Writes `input` to the child's stdin and closes it. A command may refuse its arguments or
/// its stdout and exit before it reads stdin: the write then fails with `EPIPE`, which is no
/// failure of the test (its exit code and stderr say what happened).
pub(crate) fn feed(child: &mut std::process::Child, input: &[u8]) {
    let mut stdin = child.stdin.take().expect("stdin is piped");
    match stdin.write_all(input) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.expect("stdin accepts the input"),
    }
}

fn finish(output: Output) -> Run {
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}
