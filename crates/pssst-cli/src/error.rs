//! How the command fails: a message for stderr and an exit code for scripts.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit status of a clean "no": an invalid key, a token that does not verify.
pub(crate) const EXIT_NO: u8 = 1;
/// Exit status of bad usage and runtime errors.
pub(crate) const EXIT_ERROR: u8 = 2;

/// A failure of one run of the command. Its message never contains secret input.
#[derive(Debug)]
pub(crate) struct Failure {
    code: u8,
    message: Option<String>,
}

impl Failure {
    /// Bad usage or a runtime error: exit 2.
    pub(crate) fn error(message: impl fmt::Display) -> Self {
        Self {
            code: EXIT_ERROR,
            message: Some(message.to_string()),
        }
    }

    /// A clean "no": exit 1.
    pub(crate) fn no(message: impl fmt::Display) -> Self {
        Self {
            code: EXIT_NO,
            message: Some(message.to_string()),
        }
    }

    /// The same message as a clean "no" (exit 1): the question was answered, and the answer
    /// is no (`reset check` found damage).
    pub(crate) fn into_no(self) -> Self {
        Self {
            code: EXIT_NO,
            ..self
        }
    }

    /// This failure as the end of a step that was partly done: `context` says what was done
    /// (`retired 1a2b, but revoking its tokens failed`), the message follows; exit 2.
    pub(crate) fn within(self, context: impl fmt::Display) -> Self {
        let message = match self.message {
            Some(message) => format!("{context}: {message}"),
            None => context.to_string(),
        };
        Self::error(message)
    }

    /// Whether this is a clean "no" (exit 1).
    pub(crate) fn is_no(&self) -> bool {
        self.code == EXIT_NO
    }

    /// This failure with what to do about it after its message (`...; run: pssst ...`).
    fn with_hint(self, hint: &str) -> Self {
        let message = self.message.unwrap_or_default();
        Self {
            message: Some(format!("{message}; {hint}")),
            ..self
        }
    }

    /// Stdout was closed by its reader (`pssst hex -n 1000000 | head`): exit 0, silently.
    fn closed_pipe() -> Self {
        Self {
            code: 0,
            message: None,
        }
    }

    /// Prints the message, if any, and gives the exit code.
    pub(crate) fn report(self) -> ExitCode {
        if let Some(message) = self.message {
            note(format_args!("{message}"));
        }
        ExitCode::from(self.code)
    }
}

impl From<pssst::Error> for Failure {
    fn from(err: pssst::Error) -> Self {
        Self::error(err)
    }
}

impl From<pssst_insecure::Error> for Failure {
    /// Observations no generator produces are a clean "no" (exit 1); anything else about
    /// them (too few, malformed, empty) is an error (exit 2).
    fn from(err: pssst_insecure::Error) -> Self {
        match err {
            pssst_insecure::Error::Inconsistent { .. } => Self::no(err),
            other => Self::error(other),
        }
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Self::closed_pipe()
        } else {
            Self::error(format_args!("cannot write output: {err}"))
        }
    }
}

impl From<pssst_lifecycle::Error> for Failure {
    /// An invalid token is a clean "no" (exit 1); everything else is an error (exit 2),
    /// printed with its causes, and a missing key file with the command that makes one.
    fn from(err: pssst_lifecycle::Error) -> Self {
        match err {
            pssst_lifecycle::Error::Invalid => Self::no(err),
            pssst_lifecycle::Error::KeyFileMissing { .. } => {
                Self::with_causes(&err).with_hint("run: pssst reset keys new")
            }
            _ => Self::with_causes(&err),
        }
    }
}

impl From<pssst_server::Error> for Failure {
    /// An error (exit 2), printed with its causes.
    fn from(err: pssst_server::Error) -> Self {
        Self::with_causes(&err)
    }
}

impl Failure {
    /// An error (exit 2): the message and its causes on one harmless line (paths in it come
    /// from the user, so control characters are escaped).
    fn with_causes(err: &dyn std::error::Error) -> Self {
        let mut message = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        Self::error(crate::shown::text(&message))
    }
}

/// One line on stderr after `pssst: `. A stderr that cannot be written (`2>/dev/full`) is
/// ignored, as there is nowhere left to say so; `eprintln!` would panic.
pub(crate) fn note(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr(), "pssst: {line}");
}

/// The result of one run of the command.
pub(crate) type Outcome = Result<(), Failure>;
