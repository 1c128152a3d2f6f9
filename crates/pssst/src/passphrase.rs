//! Passphrases: words drawn uniformly from a wordlist, joined by a separator.

use zeroize::Zeroizing;

use crate::below::randbelow;
use crate::error::{Error, Result};
use crate::secret::Token;
use crate::wordlist::Wordlist;

/// The number of words when none is given: 6 EFF words, ≈ 77.5 bits.
///
/// # Examples
///
/// ```
/// let phrase = pssst::passphrase(pssst::DEFAULT_PASSPHRASE_WORDS)?;
/// assert!(phrase.expose_secret().split(' ').count() >= 6);
/// # Ok::<(), pssst::Error>(())
/// ```
pub const DEFAULT_PASSPHRASE_WORDS: usize = 6;

/// The most words a passphrase may have.
///
/// # Examples
///
/// ```
/// assert!(pssst::passphrase(pssst::MAX_PASSPHRASE_WORDS + 1).is_err());
/// ```
pub const MAX_PASSPHRASE_WORDS: usize = 1024;

/// The text between words when none is given: a space, as the EFF recommends. (A hyphen
/// cannot be used with the EFF list, four of whose words hold one.)
pub const DEFAULT_SEPARATOR: &str = " ";

/// How the words of a passphrase are capitalised.
///
/// # Examples
///
/// ```
/// use pssst::{Capitalization, PassphrasePolicy};
///
/// let shout = PassphrasePolicy::new().capitalization(Capitalization::All).generate()?;
/// assert!(!shout.expose_secret().chars().any(|c| c.is_lowercase()));
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Capitalization {
    /// Words as the list spells them (the EFF list is all lower case).
    #[default]
    None,
    /// The first letter of every word in upper case: `Correct-Horse`.
    First,
    /// Every letter in upper case: `CORRECT-HORSE`.
    All,
    /// Each word independently as listed or with its first letter in upper case, uniformly
    /// over the distinct spellings. Adds one bit per word for the EFF list; a word whose
    /// first character has no upper case (a digit, say) has one spelling and adds nothing,
    /// and the entropy counts that honestly.
    Random,
}

/// What a passphrase must look like: word count, separator, capitalisation, an optional
/// digit, and the wordlist.
///
/// The default is [`DEFAULT_PASSPHRASE_WORDS`] words of the EFF large list, joined by `-`,
/// as listed, no digit.
///
/// # Examples
///
/// ```
/// use pssst::{Capitalization, PassphrasePolicy};
///
/// let policy = PassphrasePolicy::new()
///     .words(5)
///     .separator(" ")
///     .capitalization(Capitalization::Random)
///     .digit(true);
/// let phrase = policy.generate()?;
/// assert_eq!(phrase.expose_secret().split(' ').count(), 5);
/// assert_eq!(phrase.expose_secret().chars().filter(char::is_ascii_digit).count(), 1);
/// // 5 × log2(2 × 7776) + log2(10 × 5)
/// assert!((policy.entropy_bits()? - 75.27).abs() < 0.01);
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassphrasePolicy<'w> {
    wordlist: &'w Wordlist,
    words: usize,
    separator: String,
    capitalization: Capitalization,
    digit: bool,
}

impl Default for PassphrasePolicy<'static> {
    fn default() -> Self {
        Self {
            wordlist: Wordlist::eff_large(),
            words: DEFAULT_PASSPHRASE_WORDS,
            separator: String::from(DEFAULT_SEPARATOR),
            capitalization: Capitalization::None,
            digit: false,
        }
    }
}

impl PassphrasePolicy<'static> {
    /// The default policy; see [`PassphrasePolicy`].
    ///
    /// # Examples
    ///
    /// ```
    /// let phrase = pssst::PassphrasePolicy::new().generate()?;
    /// assert_eq!(phrase.expose_secret().split(' ').count() >= 6, true);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
}

impl<'w> PassphrasePolicy<'w> {
    /// Draws words from `wordlist` instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let colours = pssst::Wordlist::from_text("red\ngreen\nblue")?;
    /// let policy = pssst::PassphrasePolicy::new().wordlist(&colours).words(3);
    /// assert_eq!(policy.entropy_bits()?, 3.0 * 3f64.log2());
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn wordlist<'v>(self, wordlist: &'v Wordlist) -> PassphrasePolicy<'v> {
        PassphrasePolicy {
            wordlist,
            words: self.words,
            separator: self.separator,
            capitalization: self.capitalization,
            digit: self.digit,
        }
    }

    /// Sets the number of words.
    ///
    /// # Examples
    ///
    /// ```
    /// let phrase = pssst::PassphrasePolicy::new().words(8).separator(".").generate()?;
    /// assert_eq!(phrase.expose_secret().split('.').count(), 8);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn words(mut self, words: usize) -> Self {
        self.words = words;
        self
    }

    /// Sets the text between words (may be empty).
    ///
    /// # Examples
    ///
    /// ```
    /// let phrase = pssst::PassphrasePolicy::new().separator(" ").generate()?;
    /// assert_eq!(phrase.expose_secret().split(' ').count(), 6);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn separator(mut self, separator: impl Into<String>) -> Self {
        self.separator = separator.into();
        self
    }

    /// Sets the capitalisation.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::Capitalization;
    ///
    /// let policy = pssst::PassphrasePolicy::new().capitalization(Capitalization::First);
    /// assert!(policy.generate()?.expose_secret().starts_with(char::is_uppercase));
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn capitalization(mut self, capitalization: Capitalization) -> Self {
        self.capitalization = capitalization;
        self
    }

    /// Whether to append one random digit (0–9) to one randomly chosen word, for sites that
    /// demand a digit: `correct-horse7-battery`.
    ///
    /// # Examples
    ///
    /// ```
    /// let phrase = pssst::PassphrasePolicy::new().digit(true).generate()?;
    /// assert!(phrase.expose_secret().chars().any(|c| c.is_ascii_digit()));
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn digit(mut self, digit: bool) -> Self {
        self.digit = digit;
        self
    }

    /// A passphrase under this policy: each word drawn uniformly and independently (repeats
    /// allowed), capitalised as set, the digit placed uniformly.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a word count outside 1 to [`MAX_PASSPHRASE_WORDS`];
    /// [`Error::Policy`] when a digit is asked for but a word or the separator already holds
    /// one (the digit could then not be told apart, and its entropy would be overstated);
    /// [`Error::RandomSource`] when the OS source fails.
    ///
    /// # Security
    ///
    /// The text is built in a [`Token`] with its final capacity reserved; the chosen indices
    /// and capitalised words are wiped after use. The entropy is
    /// [`PassphrasePolicy::entropy_bits`].
    ///
    /// # Examples
    ///
    /// ```
    /// let phrase = pssst::PassphrasePolicy::new().words(4).generate()?;
    /// assert!(phrase.expose_secret().len() >= 4 * 3 + 3);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn generate(&self) -> Result<Token> {
        self.check()?;
        let picks = self.pick_words()?;
        let digit = match self.digit {
            true => Some((randbelow(self.words as u64)? as usize, randbelow(10)? as u8)),
            false => None,
        };

        let rendered: Vec<Zeroizing<String>> = picks
            .iter()
            .map(|&(index, capital)| self.render(&self.wordlist.words()[index], capital))
            .collect();
        let length = rendered.iter().map(|word| word.len()).sum::<usize>()
            + self.separator.len() * (self.words - 1)
            + usize::from(digit.is_some());

        let mut phrase = Token::with_capacity(length);
        for (position, word) in rendered.iter().enumerate() {
            if position > 0 {
                phrase.push_str(&self.separator);
            }
            phrase.push_str(word);
            if let Some((_, value)) = digit.filter(|&(at, _)| at == position) {
                phrase.push(char::from(b'0' + value));
            }
        }
        Ok(phrase)
    }

    /// The entropy of the policy in bits: `words × log2(spellings)`, plus `log2(10 × words)`
    /// for the digit, where `spellings` is the word count, or for
    /// [`Capitalization::Random`] the number of distinct spellings (twice the word count for
    /// the EFF list).
    ///
    /// # Errors
    ///
    /// As [`PassphrasePolicy::generate`], except the random source.
    ///
    /// # Examples
    ///
    /// ```
    /// let bits = pssst::PassphrasePolicy::new().entropy_bits()?;
    /// assert!((bits - 77.55).abs() < 0.01);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn entropy_bits(&self) -> Result<f64> {
        self.check()?;
        let words = self.words as f64;
        let per_word = (self.spellings() as f64).log2();
        let digit = if self.digit {
            (10.0 * words).log2()
        } else {
            0.0
        };
        Ok(words * per_word + digit)
    }

    fn check(&self) -> Result<()> {
        if !(1..=MAX_PASSPHRASE_WORDS).contains(&self.words) {
            let expected = format!("1 to {MAX_PASSPHRASE_WORDS} words");
            return Err(Error::out_of_range("word count", expected));
        }
        self.check_separator()?;
        let separator_has_digit = self.separator.bytes().any(|b| b.is_ascii_digit());
        if self.digit && (separator_has_digit || self.wordlist.has_digits()) {
            let why = "cannot add a digit when the words or the separator already hold digits";
            return Err(Error::Policy(why.into()));
        }
        Ok(())
    }

    /// Refuses separators that would let two different choices print the same text, which
    /// would make the entropy figure a lie: one that occurs inside a word (`-` and the EFF
    /// list's `drop-down`), or none at all when one word begins another (`act` + `ion` reads
    /// as `action`).
    fn check_separator(&self) -> Result<()> {
        if self.words < 2 {
            return Ok(());
        }
        if self.separator.is_empty() {
            return match self.wordlist.prefix_pair() {
                Some((short, long)) => Err(Error::Policy(format!(
                    "an empty separator needs a wordlist in which no word begins another \
                     (here {short:?} begins {long:?}): choose a separator"
                ))),
                None => Ok(()),
            };
        }
        match self.wordlist.word_containing(&self.separator) {
            Some(word) => Err(Error::Policy(format!(
                "the separator {:?} occurs inside the word {word:?}, so different words could \
                 print the same passphrase: choose another separator",
                self.separator
            ))),
            None => Ok(()),
        }
    }

    /// Word indices, each with whether to capitalise it under [`Capitalization::Random`].
    ///
    /// Random capitalisation draws a (word, capital) pair uniformly and redraws when the
    /// capital spelling is the same as the listed one, so every distinct spelling is equally
    /// likely.
    fn pick_words(&self) -> Result<Zeroizing<Vec<(usize, bool)>>> {
        let count = self.wordlist.word_count() as u64;
        let mut picks = Zeroizing::new(Vec::with_capacity(self.words));
        while picks.len() < self.words {
            if self.capitalization != Capitalization::Random {
                picks.push((randbelow(count)? as usize, false));
                continue;
            }
            let draw = randbelow(2 * count)?;
            let (index, capital) = ((draw / 2) as usize, draw % 2 == 1);
            if !capital || has_capital(&self.wordlist.words()[index]) {
                picks.push((index, capital));
            }
        }
        Ok(picks)
    }

    fn render(&self, word: &str, capital: bool) -> Zeroizing<String> {
        Zeroizing::new(match self.capitalization {
            Capitalization::None => word.to_owned(),
            Capitalization::First => capitalize_first(word),
            Capitalization::All => word.to_uppercase(),
            Capitalization::Random if capital => capitalize_first(word),
            Capitalization::Random => word.to_owned(),
        })
    }

    /// The number of distinct spellings one word position can take. Wordlists hold words
    /// that differ ignoring case, so no spelling of one word is a spelling of another.
    fn spellings(&self) -> usize {
        let words = self.wordlist.words();
        match self.capitalization {
            Capitalization::Random => words.len() + words.iter().filter(|w| has_capital(w)).count(),
            _ => words.len(),
        }
    }
}

/// A passphrase of `words` EFF words joined by `-`, the rest of the policy as default.
///
/// # Errors
///
/// As [`PassphrasePolicy::generate`].
///
/// # Examples
///
/// ```
/// let phrase = pssst::passphrase(pssst::DEFAULT_PASSPHRASE_WORDS)?;
/// assert!(phrase.expose_secret().len() >= 6 * 3 + 5);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn passphrase(words: usize) -> Result<Token> {
    PassphrasePolicy::new().words(words).generate()
}

/// The word with its first character in upper case (which may be longer: `ß` becomes `SS`).
fn capitalize_first(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Whether capitalising the first character changes the word.
fn has_capital(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|first| !first.to_uppercase().eq([first]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_entropy_is_six_eff_words() {
        let bits = PassphrasePolicy::new().entropy_bits().unwrap();
        assert!((bits - 6.0 * 7776f64.log2()).abs() < 1e-9);
    }

    #[test]
    fn random_capitalisation_adds_one_bit_per_eff_word() {
        let plain = PassphrasePolicy::new().entropy_bits().unwrap();
        let random = PassphrasePolicy::new().capitalization(Capitalization::Random);
        assert!((random.entropy_bits().unwrap() - plain - 6.0).abs() < 1e-9);
    }

    #[test]
    fn words_that_cannot_be_capitalised_add_nothing() {
        let list = Wordlist::from_text("1st\n2nd\nthird\nfourth").unwrap();
        let policy = PassphrasePolicy::new()
            .wordlist(&list)
            .words(1)
            .capitalization(Capitalization::Random);
        assert_eq!(policy.entropy_bits().unwrap(), 6f64.log2());
        for _ in 0..200 {
            let phrase = policy.generate().unwrap();
            assert!(
                ["1st", "2nd", "third", "Third", "fourth", "Fourth"]
                    .contains(&phrase.expose_secret())
            );
        }
    }

    #[test]
    fn eff_spellings_are_all_distinct_under_every_capitalisation() {
        let eff = Wordlist::eff_large();
        let mut spellings: std::collections::HashSet<String> =
            eff.words().iter().cloned().collect();
        spellings.extend(eff.words().iter().map(|w| capitalize_first(w)));
        assert_eq!(spellings.len(), 2 * 7776);
        let upper: std::collections::HashSet<String> =
            eff.words().iter().map(|w| w.to_uppercase()).collect();
        assert_eq!(upper.len(), 7776);
    }

    #[test]
    fn digit_is_appended_to_exactly_one_word() {
        let policy = PassphrasePolicy::new().digit(true);
        let phrase = policy.generate().unwrap();
        let with_digit: Vec<&str> = phrase
            .expose_secret()
            .split(' ')
            .filter(|w| w.ends_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(with_digit.len(), 1);
    }

    #[test]
    fn a_separator_inside_a_word_is_refused() {
        let policy = PassphrasePolicy::new().separator("-");
        let err = policy.entropy_bits().unwrap_err().to_string();
        assert!(err.contains("occurs inside the word"), "{err}");
        assert!(PassphrasePolicy::new().separator(".").generate().is_ok());
    }

    #[test]
    fn no_separator_needs_a_list_where_no_word_begins_another() {
        let ambiguous = Wordlist::from_text("ab\nb\na\nbb").unwrap();
        let policy = PassphrasePolicy::new().wordlist(&ambiguous).separator("");
        assert!(matches!(policy.generate(), Err(Error::Policy(_))));

        let prefix_free = Wordlist::from_text("ab\nba\ncd").unwrap();
        let policy = PassphrasePolicy::new()
            .wordlist(&prefix_free)
            .separator("")
            .words(3);
        assert_eq!(policy.generate().unwrap().expose_secret().len(), 6);
    }

    #[test]
    fn digit_with_digits_in_the_words_or_separator_is_refused() {
        let list = Wordlist::from_text("a1\nb").unwrap();
        let policy = PassphrasePolicy::new().wordlist(&list).digit(true);
        assert!(matches!(policy.generate(), Err(Error::Policy(_))));
        let policy = PassphrasePolicy::new().separator("0").digit(true);
        assert!(matches!(policy.entropy_bits(), Err(Error::Policy(_))));
    }

    #[test]
    fn word_count_out_of_range_is_an_error() {
        assert!(matches!(passphrase(0), Err(Error::OutOfRange { .. })));
        assert!(passphrase(MAX_PASSPHRASE_WORDS + 1).is_err());
    }

    #[test]
    fn capitalising_the_first_letter_handles_unicode() {
        assert_eq!(capitalize_first("ßig"), "SSig");
        assert_eq!(capitalize_first("élan"), "Élan");
        assert!(!has_capital("42"));
    }
}
