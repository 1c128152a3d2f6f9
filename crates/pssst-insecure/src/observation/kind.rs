//! Reading observations from text, one per line, when the user says what kind they are.

use std::fmt;
use std::str::FromStr;

use super::{LineParser, Observation, Place, alphabet};
use crate::error::Error;
use crate::float_repr::python_float_repr;
use crate::python::PythonRandom;
use crate::shown;

/// The kind of value in a file of observations, and how to print the next ones.
///
/// Parsed from `u32`, `bits:K`, `float`, `choices:ALPHABET` or `choice:ALPHABET`. `ALPHABET`
/// is written as in Python: names of the `string` constants (`ascii_letters`,
/// `ascii_lowercase`, `ascii_uppercase`, `digits`, `hexdigits`, `octdigits`, `punctuation`,
/// `printable`, `whitespace`, with or without `string.`) and characters in single or double
/// quotes, joined with `+`: `ascii_letters+digits+'-_'`. A word shaped like a name that is
/// none of these is refused (`base62`, `Digits`); anything else on its own, such as
/// `0123456789abcdef`, is the characters as given.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Observation, ObservationKind};
///
/// let kind: ObservationKind = "choices:0123456789abcdef".parse()?;
/// let seen = kind.parse_lines("f00d\n")?;
/// assert_eq!(seen[0], Observation::Choices { n: 16, index: 15 });
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObservationKind {
    /// `getrandbits(32)` values in decimal.
    U32,
    /// `getrandbits(k)` values in decimal: `k` from 0 to [`MAX_PRINTED_BITS`] to print them,
    /// from 1 to 32 to observe them (see [`ObservationKind::check_observable`]).
    Bits(u32),
    /// `random()` values as Python prints them.
    Float,
    /// Tokens made with `''.join(random.choices(alphabet, k=len))`.
    Choices(Vec<char>),
    /// Tokens made with `''.join(random.choice(alphabet) for _ in range(len))`.
    Choice(Vec<char>),
}

/// The largest `k` of a `bits:K` kind: a million bits, a value of about 300,000 digits.
pub const MAX_PRINTED_BITS: u32 = 1_000_000;

impl ObservationKind {
    /// Refuses a kind whose values cannot be observed one per line: `bits:K` outside 1 to 32
    /// (`getrandbits(0)` uses no output; a larger `k` spans several outputs).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for such a `bits:K`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::ObservationKind;
    ///
    /// assert!(ObservationKind::Bits(32).check_observable().is_ok());
    /// assert!(ObservationKind::Bits(64).check_observable().is_err());
    /// ```
    pub fn check_observable(&self) -> Result<(), Error> {
        match self {
            Self::Bits(bits) if !(1..=32).contains(bits) => Err(Error::InvalidArgument(
                "observed bits:K needs K from 1 to 32 (bits:0 and larger K only print values)",
            )),
            _ => Ok(()),
        }
    }

    /// Parses one observation per line (one per character for tokens). A byte-order mark at
    /// the start is dropped; blank lines at the end are ignored; a blank line before a value
    /// is an error, since it would shift every later observation. [`LineParser`] reads the
    /// same lines one at a time.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without any value; [`Error::BlankLine`] for a blank line before a
    /// value; [`Error::InvalidLine`] naming the first line (and, in a token, the character),
    /// counting from 1, that does not parse or does not fit the kind;
    /// [`Error::NotRandomFloat`] for a float in `[0, 1)` that `random()` cannot return (a
    /// rounded one).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Error, ObservationKind};
    ///
    /// assert_eq!(ObservationKind::Bits(8).parse_lines("255\n7\n\n")?.len(), 2);
    /// assert!(ObservationKind::Bits(8).parse_lines("255\n256\n").is_err());
    /// assert_eq!(ObservationKind::Float.parse_lines("\n\n"), Err(Error::Empty));
    /// assert_eq!(
    ///     ObservationKind::U32.parse_lines("1\n\n2\n"),
    ///     Err(Error::BlankLine { line: 2 })
    /// );
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn parse_lines(&self, text: &str) -> Result<Vec<Observation>, Error> {
        let mut out = Vec::new();
        let mut parser = LineParser::new(self);
        for line in text.lines() {
            parser.line(line, |observation, _| {
                out.push(observation);
                Ok::<(), Error>(())
            })?;
        }
        parser.finish()?;
        Ok(out)
    }

    /// The next value of this kind from `rng`, printed as the input lines are; tokens get
    /// `token_len` characters.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{ObservationKind, PythonRandom};
    ///
    /// let mut rng = PythonRandom::new(31);
    /// assert_eq!(ObservationKind::Float.next_value(&mut rng, 0), "0.01227824739797545");
    /// ```
    pub fn next_value(&self, rng: &mut PythonRandom, token_len: usize) -> String {
        match self {
            Self::U32 => rng.next_u32().to_string(),
            Self::Bits(bits) => rng.getrandbits(*bits).to_string(),
            Self::Float => python_float_repr(rng.random()),
            Self::Choices(alphabet) => rng
                .choices(alphabet, token_len)
                .unwrap_or_default()
                .into_iter()
                .collect(),
            Self::Choice(alphabet) => (0..token_len)
                .filter_map(|_| rng.choice(alphabet).ok().copied())
                .collect(),
        }
    }

    /// The line without the spaces around it, except those that are characters of the
    /// alphabet (`printable` holds the space, the tab and more).
    pub(super) fn trim<'a>(&self, line: &'a str) -> &'a str {
        match self {
            Self::Choices(alphabet) | Self::Choice(alphabet) => {
                line.trim_matches(|c: char| c.is_whitespace() && !alphabet.contains(&c))
            }
            _ => line.trim(),
        }
    }

    /// Calls `each` with the observations of `value`, the text of line `line`, and where
    /// each one is.
    pub(super) fn parse_value<E, F>(&self, value: &str, line: usize, mut each: F) -> Result<(), E>
    where
        E: From<Error>,
        F: FnMut(Observation, Place) -> Result<(), E>,
    {
        let (Self::Choices(alphabet) | Self::Choice(alphabet)) = self else {
            return each(self.parse_number(value, line)?, Place::line(line));
        };
        let n = alphabet.len() as u64;
        for (j, c) in value.chars().enumerate() {
            let place = Place {
                line,
                character: Some(j + 1),
            };
            let Some(index) = alphabet.iter().position(|&a| a == c) else {
                return Err(Error::InvalidLine {
                    at: place,
                    expected: format!(
                        "a character of the {n}-character alphabet, not {}",
                        shown::character(c)
                    ),
                }
                .into());
            };
            let index = index as u64;
            let observation = match self {
                Self::Choices(_) => Observation::Choices { n, index },
                _ => Observation::Below { n, value: index },
            };
            each(observation, place)?;
        }
        Ok(())
    }

    /// A `u32`, `bits:K` or `float` value that its call can return.
    fn parse_number(&self, value: &str, line: usize) -> Result<Observation, Error> {
        let parsed = match self {
            Self::U32 => value.parse().ok().map(Observation::U32),
            Self::Bits(bits) => value
                .parse()
                .ok()
                .map(|value| Observation::Bits { bits: *bits, value }),
            Self::Float => value.parse().ok().map(Observation::Float),
            Self::Choices(_) | Self::Choice(_) => None,
        };
        if let Some(Observation::Float(x)) = parsed
            && (0.0..1.0).contains(&x)
            && parsed.as_ref().and_then(Observation::problem).is_some()
        {
            return Err(Error::NotRandomFloat {
                at: Place::line(line),
                value: value.to_owned(),
            });
        }
        parsed
            .filter(|o| o.problem().is_none())
            .ok_or_else(|| Error::InvalidLine {
                at: Place::line(line),
                expected: format!("{}, not {}", self.expected(), shown::readable(value)),
            })
    }

    fn expected(&self) -> String {
        match self {
            Self::U32 => "a decimal integer from 0 to 4294967295".to_owned(),
            Self::Bits(bits) => format!("a decimal integer below 2**{bits}"),
            Self::Float => "a random() float in [0, 1), as Python prints it".to_owned(),
            Self::Choices(alphabet) | Self::Choice(alphabet) => {
                format!("a token over the {}-character alphabet", alphabet.len())
            }
        }
    }
}

impl FromStr for ObservationKind {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = |what: &'static str| Error::InvalidArgument(what);
        let (name, argument) = text.split_once(':').unwrap_or((text, ""));
        match name {
            "u32" => Ok(Self::U32),
            "float" => Ok(Self::Float),
            "bits" => match argument.parse() {
                Ok(bits @ 0..=MAX_PRINTED_BITS) => Ok(Self::Bits(bits)),
                _ => Err(bad("bits:K needs K from 0 to 1000000")),
            },
            "choices" | "choice" => {
                let alphabet = alphabet::parse(argument)?;
                alphabet::check_one_per_line(&alphabet)?;
                Ok(if name == "choices" {
                    Self::Choices(alphabet)
                } else {
                    Self::Choice(alphabet)
                })
            }
            _ => Err(bad(
                "kind must be u32, bits:K, float, choices:ALPHABET or choice:ALPHABET",
            )),
        }
    }
}

impl fmt::Display for ObservationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::U32 => f.write_str("u32"),
            Self::Bits(bits) => write!(f, "bits:{bits}"),
            Self::Float => f.write_str("float"),
            Self::Choices(a) => write!(f, "choices:{}", alphabet::spec(a)),
            Self::Choice(a) => write!(f, "choice:{}", alphabet::spec(a)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_print_back() {
        for text in [
            "u32",
            "bits:8",
            "float",
            "choices:'abc'",
            "choice:'xyz'",
            "choices:'ab_'",
            "choices:0123",
        ] {
            let kind: Result<ObservationKind, _> = text.parse();
            assert_eq!(kind.map(|k| k.to_string()).as_deref(), Ok(text));
        }
        let refused = [
            "bits:1000001",
            "bits:-1",
            "choices:a",
            "choices:aa",
            "words",
            "choices:abc",
        ];
        for text in refused {
            assert!(text.parse::<ObservationKind>().is_err(), "{text}");
        }
    }

    #[test]
    fn a_bad_line_is_reported_by_number_and_character() {
        let result = ObservationKind::U32.parse_lines("1\n2\nthree\n");
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err("line 3: expected a decimal integer from 0 to 4294967295, not 'three'".to_owned())
        );
        let result = ObservationKind::Choices(vec!['a', 'b']).parse_lines("abba\nab\u{1b}\n");
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err(
                "line 2, character 3: expected a character of the 2-character alphabet, \
                 not U+001B"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_rounded_float_is_told_apart_from_one_out_of_range() {
        let rounded = ObservationKind::Float.parse_lines("0.5\n0.1234\n");
        assert_eq!(
            rounded,
            Err(Error::NotRandomFloat {
                at: Place::line(2),
                value: "0.1234".to_owned()
            })
        );
        let message = rounded.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.starts_with(
            "line 2: '0.1234' is not a value random() can return: random() gives multiples of \
             2^-53; give the full repr"
        ));
        for outside in ["1.5", "-0.25", "nan", "1.0"] {
            let result = ObservationKind::Float.parse_lines(outside);
            assert!(
                matches!(result, Err(Error::InvalidLine { .. })),
                "{outside}"
            );
        }
    }

    #[test]
    fn blank_lines_are_refused_before_a_value_and_ignored_at_the_end() {
        let kind = ObservationKind::Choices(vec!['a', 'b']);
        assert_eq!(
            kind.parse_lines("\nab\n"),
            Err(Error::BlankLine { line: 1 })
        );
        assert_eq!(
            kind.parse_lines("ab\nba\n  \n\nab\n"),
            Err(Error::BlankLine { line: 3 })
        );
        assert_eq!(
            kind.parse_lines("ab\r\nba\r\n\r\n \n").map(|o| o.len()),
            Ok(4)
        );
    }
}
