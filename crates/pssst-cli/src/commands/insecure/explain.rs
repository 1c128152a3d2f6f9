//! Library errors told in the user's terms: the line (and character) of their file, counted
//! from 1; tokens of the length they gave; exit 1 when no generator fits, 2 for the rest.

use pssst_insecure::{Error, MoreObservations, ObservationKind, Place};

use crate::error::Failure;
use crate::shown;

/// The observations as the user gave them, to name places and units in messages. Only the
/// places of the observations still kept are held (an error names one of them, or the
/// latest one read), so a file of any length costs no memory here.
pub(super) struct Observed<'a> {
    /// Their kind.
    kind: &'a ObservationKind,
    /// Observations put before the file's (the `--skip` of `search`).
    inserted: usize,
    /// Where the observations kept are, in order, from the first in the file.
    kept: Vec<Place>,
    /// Where the latest observation read is.
    latest: Option<Place>,
    /// How many observations the file held so far.
    count: usize,
    /// How many characters the last token had.
    last_length: usize,
}

impl<'a> Observed<'a> {
    /// Observations of `kind` about to be read, after `inserted` put before them.
    pub(super) fn new(kind: &'a ObservationKind, inserted: usize) -> Self {
        Self {
            kind,
            inserted,
            kept: Vec::new(),
            latest: None,
            count: 0,
            last_length: 0,
        }
    }

    /// Notes one more observation from the file, at `place`; `keep` when it is kept.
    pub(super) fn read(&mut self, place: Place, keep: bool) {
        self.count += 1;
        self.latest = Some(place);
        if keep {
            self.kept.push(place);
        }
    }

    /// Forgets the places of the observations kept so far: they have been used.
    pub(super) fn forget_kept(&mut self) {
        self.kept = Vec::new();
    }

    /// Notes the length of the last token, for the hint of too few.
    pub(super) fn set_last_length(&mut self, length: usize) {
        self.last_length = length;
    }

    /// The failure for `err`, with observations named by line (and character).
    pub(super) fn failure(&self, err: Error) -> Failure {
        let message = match &err {
            Error::TooFewObservations {
                missing_bits,
                more_observations,
            } => self.too_few(*missing_bits, *more_observations),
            Error::Inconsistent {
                observation: Some(i),
            } => format!(
                "observations are inconsistent: {} contradicts the {} before it (not one \
                 generator, not consecutive, or not of the stated kind)",
                self.place(*i),
                if self.kind.is_token() {
                    "characters"
                } else {
                    "lines"
                }
            ),
            Error::NotLinear {
                observation,
                reason,
            } => format!(
                "{} cannot be used for state recovery: {reason}",
                self.place(*observation)
            ),
            Error::OutOfRange {
                observation,
                expected,
            } => format!("{}: expected {expected}", self.place(*observation)),
            _ => return failure(err),
        };
        let message = shown::text(&message);
        match err {
            Error::Inconsistent { .. } => Failure::no(message),
            _ => Failure::error(message),
        }
    }

    /// `line 5` or `line 5, character 3`, for the observation at `index`: one of those kept,
    /// or else the latest read.
    fn place(&self, index: usize) -> String {
        let place = index
            .checked_sub(self.inserted)
            .map(|i| self.kept.get(i).copied().or(self.latest));
        match place {
            Some(Some(place)) => place.to_string(),
            Some(None) => "an observation".to_owned(),
            None => "the --skip".to_owned(),
        }
    }

    /// How many more lines, or tokens of the last token's length, pin the state down.
    fn too_few(&self, missing_bits: usize, more: MoreObservations) -> String {
        let bits = if missing_bits == 1 {
            "1 state bit is still undetermined".to_owned()
        } else {
            format!("{missing_bits} state bits are still undetermined")
        };
        let more_text = if self.kind.is_token() {
            self.more_tokens(more)
        } else {
            more_lines(more, self.count)
        };
        format!("too few observations: {bits}; give {more_text}")
    }

    /// `3 more tokens of length 22 (203 more characters, 4466 in all)`.
    fn more_tokens(&self, more: MoreObservations) -> String {
        let length = self.last_length.max(1);
        let characters = more.count();
        let tokens = characters.div_ceil(length);
        let unit = if tokens == 1 { "token" } else { "tokens" };
        let total = self.count + characters;
        match more {
            MoreObservations::Exactly(_) => format!(
                "{tokens} more {unit} of length {length} ({} more {}, {total} in all)",
                characters,
                if characters == 1 {
                    "character"
                } else {
                    "characters"
                }
            ),
            MoreObservations::About(_) => format!(
                "about {tokens} more {unit} of length {length} (about {total} characters in all: \
                 what a character reveals depends on which it is)"
            ),
            _ => format!("more than {tokens} more {unit} of length {length}"),
        }
    }
}

/// The failure for an error that names no observation; text from the user in it (a seed)
/// is escaped.
pub(super) fn failure(err: Error) -> Failure {
    let message = shown::text(&err.to_string());
    match err {
        Error::Inconsistent { .. } => Failure::no(message),
        _ => Failure::error(message),
    }
}

/// `523 more observations (623 in all)`.
fn more_lines(more: MoreObservations, given: usize) -> String {
    let total = given + more.count();
    match more {
        MoreObservations::Exactly(_) => format!("{more} ({total} in all)"),
        MoreObservations::About(_) => format!("{more} (about {total} in all)"),
        _ => more.to_string(),
    }
}
