//! `password`, `passphrase`, `chars` and `code`: secrets people type or read out.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use pssst::{
    Alphabet, Capitalization, CharClass, DEFAULT_CODE_DIGITS, DEFAULT_PASSPHRASE_WORDS,
    DEFAULT_PASSWORD_LEN, PassphrasePolicy, PasswordPolicy, Wordlist,
};

use crate::describe::Format;
use crate::error::Failure;
use crate::generate::{Generator, Repeat};
use crate::parse;
use crate::shown;

/// `pssst password`: characters from chosen classes, at least one of each.
#[derive(Args, Debug)]
pub(crate) struct Password {
    /// Characters in the password
    #[arg(short, long, default_value_t = DEFAULT_PASSWORD_LEN, value_parser = parse::length,
          allow_negative_numbers = true)]
    pub(crate) length: usize,

    /// Leave out lower-case letters
    #[arg(long)]
    pub(crate) no_lower: bool,

    /// Leave out upper-case letters
    #[arg(long)]
    pub(crate) no_upper: bool,

    /// Leave out digits
    #[arg(long)]
    pub(crate) no_digits: bool,

    /// Leave out symbols
    #[arg(long)]
    pub(crate) no_symbols: bool,

    /// Leave out characters easy to confuse: 0 O o 1 l I | 5 S 2 Z 8 B ' ` " , . ; :
    #[arg(long)]
    pub(crate) no_lookalikes: bool,

    /// Do not require at least one character of each class
    #[arg(long)]
    pub(crate) any_mix: bool,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst passphrase`: words from the EFF large wordlist, or from a file.
#[derive(Args, Debug)]
pub(crate) struct Passphrase {
    /// Words in the passphrase
    #[arg(short, long, default_value_t = DEFAULT_PASSPHRASE_WORDS, value_parser = parse::length,
          allow_negative_numbers = true)]
    pub(crate) words: usize,

    /// Text between words; one that occurs inside a word of the list is refused (the EFF list
    /// has `drop-down`, so not `-`)
    #[arg(short, long, default_value = pssst::DEFAULT_SEPARATOR)]
    pub(crate) separator: String,

    /// How to capitalise words
    #[arg(long, value_enum, default_value_t = Capitalize::None)]
    pub(crate) capitalize: Capitalize,

    /// Append one random digit to one randomly chosen word
    #[arg(long)]
    pub(crate) digit: bool,

    /// A wordlist file: one word per line, optionally after a dice number (as the EFF lists)
    #[arg(long, value_name = "FILE")]
    pub(crate) wordlist: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) repeat: Repeat,

    #[arg(skip)]
    loaded: Option<Wordlist>,
}

/// Capitalisation of passphrase words.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Capitalize {
    /// As the list spells them
    None,
    /// First letter of each word
    First,
    /// Every letter
    All,
    /// Each word's first letter upper or lower at random (one more bit per word)
    Random,
}

/// `pssst chars --alphabet A --length L`: characters drawn from any alphabet.
#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("from").required(true).args(["alphabet", "symbols"]))]
pub(crate) struct Chars {
    /// An alphabet name (see `pssst chars --help`) or the symbols themselves (2 to 256
    /// distinct characters); a short lower-case word that is not a name is refused as a
    /// likely typo: give such symbols with --symbols
    #[arg(short, long, value_parser = parse_alphabet, long_help = alphabet_help())]
    pub(crate) alphabet: Option<Alphabet>,

    /// The symbols to draw from, taken literally: 2 to 256 distinct characters, Unicode
    /// allowed
    #[arg(long, value_parser = parse_symbols)]
    pub(crate) symbols: Option<Alphabet>,

    /// Characters per value [default: enough for at least 128 bits]
    #[arg(short, long, value_parser = parse::length, allow_negative_numbers = true)]
    pub(crate) length: Option<usize>,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst code`: a numeric one-time code.
#[derive(Args, Debug)]
pub(crate) struct Code {
    /// Digits in the code (leading zeros kept)
    #[arg(short, long, default_value_t = DEFAULT_CODE_DIGITS, value_parser = parse::length,
          allow_negative_numbers = true)]
    pub(crate) digits: usize,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

impl Password {
    fn policy(&self) -> PasswordPolicy {
        let wanted = [
            (CharClass::Lower, self.no_lower),
            (CharClass::Upper, self.no_upper),
            (CharClass::Digits, self.no_digits),
            (CharClass::Symbols, self.no_symbols),
        ];
        let classes: Vec<CharClass> = wanted
            .iter()
            .filter(|(_, left_out)| !left_out)
            .map(|(class, _)| *class)
            .collect();
        PasswordPolicy::new()
            .length(self.length)
            .classes(&classes)
            .require_each(!self.any_mix)
            .drop_lookalikes(self.no_lookalikes)
    }
}

impl Generator for Password {
    fn format(&self) -> Result<Format, Failure> {
        let policy = self.policy();
        let alphabet = policy.alphabet()?;
        let symbols: String = alphabet.symbols().iter().collect();
        Ok(Format::new("password", policy.entropy_bits()?).with_alphabet(symbols))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        value.push_str(self.policy().generate()?.expose_secret());
        Ok(())
    }
}

impl Passphrase {
    fn policy(&self) -> PassphrasePolicy<'_> {
        let policy = match &self.loaded {
            Some(wordlist) => PassphrasePolicy::new().wordlist(wordlist),
            None => PassphrasePolicy::new(),
        };
        let capitalization = match self.capitalize {
            Capitalize::None => Capitalization::None,
            Capitalize::First => Capitalization::First,
            Capitalize::All => Capitalization::All,
            Capitalize::Random => Capitalization::Random,
        };
        policy
            .words(self.words)
            .separator(self.separator.as_str())
            .capitalization(capitalization)
            .digit(self.digit)
    }

    /// Reads the wordlist file, if one was given; call before generating.
    pub(crate) fn load(&mut self) -> Result<(), Failure> {
        if let Some(path) = &self.wordlist {
            let text = std::fs::read_to_string(path).map_err(|err| {
                Failure::error(format_args!(
                    "cannot read wordlist {}: {err}",
                    shown::path(path)
                ))
            })?;
            let wordlist = Wordlist::from_text(&text).map_err(|err| {
                Failure::error(format_args!("wordlist {}: {err}", shown::path(path)))
            })?;
            self.loaded = Some(wordlist);
        }
        Ok(())
    }
}

impl Generator for Passphrase {
    fn format(&self) -> Result<Format, Failure> {
        Ok(Format::new("passphrase", self.policy().entropy_bits()?))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        value.push_str(self.policy().generate()?.expose_secret());
        Ok(())
    }
}

impl Chars {
    fn alphabet(&self) -> Result<&Alphabet, Failure> {
        self.alphabet
            .as_ref()
            .or(self.symbols.as_ref())
            .ok_or_else(|| Failure::error("give --alphabet NAME or --symbols CHARACTERS"))
    }

    fn length(&self) -> Result<usize, Failure> {
        const DEFAULT_BITS: f64 = 128.0;
        let size = self.alphabet()?.size();
        Ok(self
            .length
            .unwrap_or_else(|| (DEFAULT_BITS / (size as f64).log2()).ceil() as usize))
    }
}

impl Generator for Chars {
    fn format(&self) -> Result<Format, Failure> {
        let alphabet = self.alphabet()?;
        let name = alphabet.name().unwrap_or("custom");
        let symbols: String = alphabet.symbols().iter().collect();
        let bits = alphabet.entropy_bits(self.length()?);
        Ok(Format::new(format!("chars:{name}"), bits).with_alphabet(symbols))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        let length = self.length()?;
        value.push_str(self.alphabet()?.random_string(length)?.expose_secret());
        Ok(())
    }
}

impl Generator for Code {
    fn format(&self) -> Result<Format, Failure> {
        let bits = pssst::numeric_code_entropy_bits(self.digits);
        Ok(Format::new("code", bits).with_alphabet("0123456789"))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        value.push_str(pssst::numeric_code(self.digits)?.expose_secret());
        Ok(())
    }
}

/// An alphabet by name, or else the given symbols, refusing what looks like a mistyped name.
fn parse_alphabet(text: &str) -> Result<Alphabet, String> {
    const NAME_LIKE_MAX: usize = 16;

    if Alphabet::NAMES.contains(&text) {
        return Alphabet::named(text).map_err(|err| err.to_string());
    }
    let known = Alphabet::NAMES.join(", ");
    if let Some(name) = Alphabet::NAMES
        .iter()
        .find(|name| name.eq_ignore_ascii_case(text.trim()))
    {
        return Err(format!(
            "no alphabet is named {text:?}: did you mean {name}?"
        ));
    }
    let name_like = text.len() <= NAME_LIKE_MAX
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if name_like {
        return Err(format!(
            "{text:?} is not an alphabet name (names: {known}); to draw from these characters, \
             give them with --symbols"
        ));
    }
    parse_symbols(text)
}

/// The given symbols, literally.
fn parse_symbols(text: &str) -> Result<Alphabet, String> {
    Alphabet::new(text).map_err(|err| err.to_string())
}

fn alphabet_help() -> String {
    format!(
        "An alphabet name or the symbols themselves (2 to 256 distinct characters, Unicode \
         allowed).\n\nNames: {}.\n\nA short lower-case word that is not a name is refused as \
         a likely typo; give such symbols with --symbols.",
        Alphabet::NAMES.join(", ")
    )
}
