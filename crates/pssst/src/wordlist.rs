//! Wordlists for passphrases: the EFF large list built in, or one the user gives.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// A list of distinct words to build passphrases from.
///
/// Words differ even ignoring case, so that capitalising them (see
/// [`Capitalization`](crate::Capitalization)) can never turn one word into another.
///
/// # Examples
///
/// ```
/// let eff = pssst::Wordlist::eff_large();
/// assert_eq!(eff.word_count(), 7776);
/// assert!((eff.bits_per_word() - 12.925).abs() < 1e-3);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Wordlist {
    words: Vec<String>,
    has_digits: bool,
    symbols: BTreeSet<char>,
    prefix_pair: Option<(usize, usize)>,
}

impl Wordlist {
    /// The EFF large wordlist: 7776 words (6⁵, five dice rolls each), 3 to 9 letters, chosen
    /// to be easy to type and remember; ≈ 12.925 bits per word.
    ///
    /// The list is © Electronic Frontier Foundation (<https://www.eff.org/dice>), used under
    /// the Creative Commons Attribution 3.0 US licence; see `src/wordlist/SOURCE.md` for
    /// where this copy came from and how it was checked.
    ///
    /// # Examples
    ///
    /// ```
    /// let eff = pssst::Wordlist::eff_large();
    /// assert_eq!(eff.words()[0], "abacus");
    /// assert_eq!(eff.words()[7775], "zoom");
    /// ```
    pub fn eff_large() -> &'static Wordlist {
        static EFF_LARGE: OnceLock<Wordlist> = OnceLock::new();
        EFF_LARGE.get_or_init(|| {
            // Checked once by the tests (`from_text` accepts it unchanged), so it is split
            // here without checking again.
            let words = EFF_LARGE_TEXT
                .lines()
                .filter_map(|line| line.split('\t').nth(1))
                .map(String::from)
                .collect();
            Wordlist::from_words(words)
        })
    }

    /// Reads a wordlist file: one word per line, optionally after a dice-number column (as
    /// in the EFF and Diceware files: `11111 abacus`). Blank lines at the end are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::Wordlist`], naming the line, for an empty line, a line that is not one word
    /// (or a number and a word), or a word that repeats an earlier one ignoring case; and
    /// when there are fewer than 2 words.
    ///
    /// # Examples
    ///
    /// ```
    /// let list = pssst::Wordlist::from_text("11 red\n12 green\n13 blue\n")?;
    /// assert_eq!(list.words(), ["red", "green", "blue"]);
    ///
    /// let err = pssst::Wordlist::from_text("red\ngreen\nRed\n").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "unusable wordlist: line 3 repeats \"Red\" from line 1 (ignoring case)",
    /// );
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn from_text(text: &str) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_end();
        let mut words = Vec::new();
        let mut first_line = HashMap::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let word = parse_line(line, number)?;
            if let Some(earlier) = first_line.insert(fold_case(word), number) {
                let why =
                    format!("line {number} repeats {word:?} from line {earlier} (ignoring case)");
                return Err(Error::Wordlist(why));
            }
            words.push(word.to_owned());
        }
        if words.len() < 2 {
            let why = format!("needs at least 2 words, got {}", words.len());
            return Err(Error::Wordlist(why));
        }
        Ok(Self::from_words(words))
    }

    /// The number of words.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Wordlist::from_text("a\nb")?.word_count(), 2);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The words, in file order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Wordlist::from_text("yes\nno")?.words(), ["yes", "no"]);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The entropy of one word drawn uniformly: log2 of the word count.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Wordlist::from_text("a\nb\nc\nd")?.bits_per_word(), 2.0);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn bits_per_word(&self) -> f64 {
        (self.words.len() as f64).log2()
    }

    /// Whether any word holds an ASCII digit (then a passphrase cannot add one).
    pub(crate) fn has_digits(&self) -> bool {
        self.has_digits
    }

    /// A word that contains `text`, if any.
    pub(crate) fn word_containing(&self, text: &str) -> Option<&str> {
        let first = text.chars().next()?;
        if !self.symbols.contains(&first) {
            return None;
        }
        self.words
            .iter()
            .find(|word| word.contains(text))
            .map(String::as_str)
    }

    /// Two words of which the first begins the second (ignoring case), if there are any.
    pub(crate) fn prefix_pair(&self) -> Option<(&str, &str)> {
        self.prefix_pair
            .map(|(short, long)| (self.words[short].as_str(), self.words[long].as_str()))
    }

    fn from_words(words: Vec<String>) -> Self {
        let has_digits = words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit()));
        let symbols = words.iter().flat_map(|w| w.chars()).collect();
        let prefix_pair = find_prefix_pair(&words);
        Self {
            words,
            has_digits,
            symbols,
            prefix_pair,
        }
    }
}

/// Indices of two words of which the first begins the second, ignoring case. In sorted order
/// a word and the words it begins are neighbours, so adjacent pairs suffice.
fn find_prefix_pair(words: &[String]) -> Option<(usize, usize)> {
    let mut folded: Vec<(String, usize)> = words
        .iter()
        .enumerate()
        .map(|(index, word)| (fold_case(word), index))
        .collect();
    folded.sort_unstable();
    folded
        .windows(2)
        .find(|pair| pair[1].0.starts_with(&pair[0].0))
        .map(|pair| (pair[0].1, pair[1].1))
}

impl fmt::Debug for Wordlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Wordlist({} words)", self.words.len())
    }
}

/// The word on a line: the only field, or the second after a number.
fn parse_line(line: &str, number: usize) -> Result<&str> {
    let mut fields = line.split_whitespace();
    match (fields.next(), fields.next(), fields.next()) {
        (None, _, _) => Err(Error::Wordlist(format!("line {number} is empty"))),
        (Some(word), None, _) => Ok(word),
        (Some(dice), Some(word), None) if dice.bytes().all(|b| b.is_ascii_digit()) => Ok(word),
        _ => {
            let why = format!("line {number} is not one word (or a dice number and a word)");
            Err(Error::Wordlist(why))
        }
    }
}

/// The form two words share when they differ only in case (`ß` and `SS` included).
fn fold_case(word: &str) -> String {
    word.to_uppercase().to_lowercase()
}

const EFF_LARGE_TEXT: &str = include_str!("wordlist/eff_large.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eff_large_has_7776_distinct_words_from_abacus_to_zoom() {
        let eff = Wordlist::eff_large();
        assert_eq!(eff.word_count(), 7776);
        assert_eq!(EFF_LARGE_TEXT.lines().next(), Some("11111\tabacus"));
        assert_eq!(EFF_LARGE_TEXT.lines().last(), Some("66666\tzoom"));
        assert_eq!(Wordlist::from_text(EFF_LARGE_TEXT).unwrap(), *eff);
    }

    #[test]
    fn eff_large_dice_numbers_count_in_base_six() {
        let numbers: Vec<&str> = EFF_LARGE_TEXT.lines().map(|l| &l[..5]).collect();
        for (index, number) in numbers.iter().enumerate() {
            let expected: String = (0..5)
                .rev()
                .map(|place| char::from(b'1' + (index / 6usize.pow(place) % 6) as u8))
                .collect();
            assert_eq!(*number, expected);
        }
    }

    #[test]
    fn empty_line_in_the_middle_is_named() {
        let err = Wordlist::from_text("a\n\nb").unwrap_err().to_string();
        assert!(err.contains("line 2 is empty"), "{err}");
    }

    #[test]
    fn line_with_two_words_is_refused() {
        let err = Wordlist::from_text("a\nhello world\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn exact_repeat_is_named() {
        let err = Wordlist::from_text("1 a\n2 b\n3 a")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3 repeats \"a\" from line 1"), "{err}");
    }

    #[test]
    fn sharp_s_and_double_s_are_the_same_word_ignoring_case() {
        assert!(Wordlist::from_text("straße\nSTRASSE").is_err());
    }

    #[test]
    fn fewer_than_two_words_is_an_error() {
        assert!(Wordlist::from_text("alone\n").is_err());
        assert!(Wordlist::from_text("").is_err());
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
        let list = Wordlist::from_text("\u{feff}one\r\ntwo\r\n").unwrap();
        assert_eq!(list.words(), ["one", "two"]);
    }
}
