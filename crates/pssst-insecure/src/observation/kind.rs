//! Reading observations from text, one per line, when the user says what kind they are.

use std::fmt;
use std::str::FromStr;

use super::Observation;
use crate::error::Error;
use crate::float_repr::python_float_repr;
use crate::python::PythonRandom;

/// The kind of value in a file of observations, and how to print the next ones.
///
/// Parsed from `u32`, `bits:K`, `float`, `choices:ALPHABET` or `choice:ALPHABET`, where
/// `ALPHABET` is the characters themselves or one of Python's `string` constants by name
/// (`ascii_letters`, `ascii_lowercase`, `ascii_uppercase`, `digits`, `hexdigits`,
/// `octdigits`, `punctuation`) or `ascii_letters+digits`.
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
    /// `getrandbits(k)` values in decimal, `k` from 1 to 32.
    Bits(u32),
    /// `random()` values as Python prints them.
    Float,
    /// Tokens made with `''.join(random.choices(alphabet, k=len))`.
    Choices(Vec<char>),
    /// Tokens made with `''.join(random.choice(alphabet) for _ in range(len))`.
    Choice(Vec<char>),
}

impl ObservationKind {
    /// Parses one observation per non-empty line (one per character for tokens).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without any value; [`Error::InvalidLine`] naming the first line (from
    /// 1) that does not parse or does not fit the kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::ObservationKind;
    ///
    /// assert!(ObservationKind::Bits(8).parse_lines("255\n256\n").is_err());
    /// assert!(ObservationKind::Float.parse_lines("\n\n").is_err());
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn parse_lines(&self, text: &str) -> Result<Vec<Observation>, Error> {
        let mut out = Vec::new();
        for (line, value) in text.lines().enumerate() {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let parsed = self.parse_value(value);
            let valid = parsed.filter(|seen| Observation::check_all(seen).is_ok());
            let expected = || Error::InvalidLine {
                line: line + 1,
                expected: self.expected(),
            };
            out.extend(valid.ok_or_else(expected)?);
        }
        if out.is_empty() {
            return Err(Error::Empty);
        }
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

    fn parse_value(&self, value: &str) -> Option<Vec<Observation>> {
        let token = |alphabet: &[char], make: fn(u64, u64) -> Observation| {
            let n = alphabet.len() as u64;
            let index = |c: char| alphabet.iter().position(|&a| a == c).map(|i| i as u64);
            value
                .chars()
                .map(|c| index(c).map(|i| make(n, i)))
                .collect()
        };
        match self {
            Self::U32 => value.parse().ok().map(|v| vec![Observation::U32(v)]),
            Self::Bits(bits) => value.parse().ok().map(|v| {
                vec![Observation::Bits {
                    bits: *bits,
                    value: v,
                }]
            }),
            Self::Float => value.parse().ok().map(|v| vec![Observation::Float(v)]),
            Self::Choices(alphabet) => {
                token(alphabet, |n, index| Observation::Choices { n, index })
            }
            Self::Choice(alphabet) => token(alphabet, |n, value| Observation::Below { n, value }),
        }
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
                Ok(bits @ 1..=32) => Ok(Self::Bits(bits)),
                _ => Err(bad("bits:K needs K from 1 to 32")),
            },
            "choices" | "choice" => {
                let alphabet = alphabet(argument)
                    .ok_or(bad("the alphabet needs two or more distinct characters"))?;
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
            Self::Choices(a) => write!(f, "choices:{}", a.iter().collect::<String>()),
            Self::Choice(a) => write!(f, "choice:{}", a.iter().collect::<String>()),
        }
    }
}

/// The characters of an alphabet given literally or by the name of a Python `string` constant.
fn alphabet(spec: &str) -> Option<Vec<char>> {
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
    const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const DIGITS: &str = "0123456789";
    let text = match spec {
        "ascii_letters" => format!("{LOWER}{UPPER}"),
        "ascii_letters+digits" => format!("{LOWER}{UPPER}{DIGITS}"),
        "ascii_lowercase" => LOWER.to_owned(),
        "ascii_uppercase" => UPPER.to_owned(),
        "digits" => DIGITS.to_owned(),
        "hexdigits" => format!("{DIGITS}abcdefABCDEF"),
        "octdigits" => "01234567".to_owned(),
        "punctuation" => "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".to_owned(),
        literal => literal.to_owned(),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut sorted = chars.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (chars.len() >= 2 && sorted.len() == chars.len()).then_some(chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_print_back() {
        for text in ["u32", "bits:8", "float", "choices:abc", "choice:xyz"] {
            let kind: Result<ObservationKind, _> = text.parse();
            assert_eq!(kind.map(|k| k.to_string()).as_deref(), Ok(text));
        }
        for text in ["bits:0", "bits:33", "choices:a", "choices:aa", "words"] {
            assert!(text.parse::<ObservationKind>().is_err(), "{text}");
        }
    }

    #[test]
    fn a_bad_line_is_reported_by_number() {
        let result = ObservationKind::U32.parse_lines("1\n2\nthree\n");
        assert!(matches!(result, Err(Error::InvalidLine { line: 3, .. })));
        let result = ObservationKind::Choices(vec!['a', 'b']).parse_lines("abba\nabc\n");
        assert!(matches!(result, Err(Error::InvalidLine { line: 2, .. })));
    }

    #[test]
    fn named_alphabets_follow_python() {
        let kind = "choice:ascii_letters+digits".parse::<ObservationKind>();
        let Ok(ObservationKind::Choice(chars)) = kind else {
            panic!("{kind:?}")
        };
        assert_eq!(chars.len(), 62);
        assert_eq!((chars[0], chars[26], chars[61]), ('a', 'A', '9'));
    }
}
