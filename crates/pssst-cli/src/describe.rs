//! What a generated value is: the facts `--json` prints and `entropy` reasons about.

use serde::Serialize;

/// The format of the values a generator makes.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Format {
    /// The format's name, such as `base64url` or `password`.
    pub(crate) format: String,
    /// Random bytes behind each value, for formats that encode bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) random_bytes: Option<usize>,
    /// The symbols values are drawn from, when there is one alphabet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) alphabet: Option<String>,
    /// Bits of entropy of one value: log2 of the number of equally likely values.
    pub(crate) entropy_bits: f64,
    /// What the entropy figure does not say, when there is something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}

impl Format {
    /// A format without an alphabet or byte count.
    pub(crate) fn new(format: impl Into<String>, entropy_bits: f64) -> Self {
        Self {
            format: format.into(),
            random_bytes: None,
            alphabet: None,
            // Adding 0.0 turns the -0.0 of a sum like `-1 · log2 1` into 0.0.
            entropy_bits: entropy_bits + 0.0,
            note: None,
        }
    }

    /// The same format, with a caveat about its entropy.
    pub(crate) fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The same format, made of `n` random bytes.
    pub(crate) fn with_bytes(mut self, n: usize) -> Self {
        self.random_bytes = Some(n);
        self
    }

    /// The same format, drawn from `alphabet`.
    pub(crate) fn with_alphabet(mut self, alphabet: impl Into<String>) -> Self {
        self.alphabet = Some(alphabet.into());
        self
    }
}

/// One value as `--json` prints it.
#[derive(Serialize)]
pub(crate) struct Record<'a> {
    pub(crate) value: &'a str,
    pub(crate) bytes: usize,
    pub(crate) chars: usize,
    #[serde(flatten)]
    pub(crate) format: &'a Format,
}
