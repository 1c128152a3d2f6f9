//! Passwords: a length, character classes, and optionally one of each class, unbiased.
//!
//! "At least one of each chosen class" is met by rejection: a candidate is drawn uniformly
//! over the whole alphabet and thrown away whole if a required class is missing. Every valid
//! password is then exactly equally likely, so no class is pushed to a position (the usual
//! "one digit first, then fill, then shuffle" gives a skewed distribution that a statistical
//! test can see). At most about 21 candidates are needed on average, in the worst policy
//! (four classes, length four, look-alikes dropped).

use crate::alphabet::Alphabet;
use crate::error::{Error, Result};
use crate::secret::Token;

/// A character class a password can draw from.
///
/// # Examples
///
/// ```
/// use pssst::CharClass;
///
/// assert_eq!(CharClass::Digits.symbols(), "0123456789");
/// assert_eq!(CharClass::Symbols.symbols().len(), 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// `a` to `z`.
    Lower,
    /// `A` to `Z`.
    Upper,
    /// `0` to `9`.
    Digits,
    /// The 32 printable ASCII punctuation characters, `` !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ ``:
    /// OWASP's list of password special characters without the space.
    Symbols,
}

impl CharClass {
    /// Every class, in the order passwords list them.
    ///
    /// # Examples
    ///
    /// ```
    /// let total: usize = pssst::CharClass::ALL.iter().map(|c| c.symbols().len()).sum();
    /// assert_eq!(total, 94);
    /// ```
    pub const ALL: [CharClass; 4] = [Self::Lower, Self::Upper, Self::Digits, Self::Symbols];

    /// The characters of this class, all of them.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::CharClass::Upper.symbols().len(), 26);
    /// ```
    pub fn symbols(self) -> &'static str {
        match self {
            Self::Lower => "abcdefghijklmnopqrstuvwxyz",
            Self::Upper => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            Self::Digits => "0123456789",
            Self::Symbols => "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        }
    }

    /// The characters of this class a policy uses: all of them, or those not in
    /// [`LOOKALIKES`] when `drop_lookalikes` is set.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::CharClass::Digits.members(true), ['3', '4', '6', '7', '9']);
    /// ```
    pub fn members(self, drop_lookalikes: bool) -> Vec<char> {
        let keep = |c: &char| !(drop_lookalikes && LOOKALIKES.contains(*c));
        self.symbols().chars().filter(keep).collect()
    }
}

/// The characters [`PasswordPolicy::drop_lookalikes`] removes, in groups that are easy to
/// mistake for each other in common fonts or when read aloud:
/// `0 O o`, `1 l I |`, `5 S`, `2 Z`, `8 B`, `` ' ` " ``, `, .`, `; :` (20 characters).
///
/// What is left: 24 lower-case letters, 21 upper-case letters, 5 digits (`3 4 6 7 9`) and 24
/// symbols.
///
/// # Examples
///
/// ```
/// assert!(pssst::LOOKALIKES.contains('O') && pssst::LOOKALIKES.contains('|'));
/// assert!(!pssst::LOOKALIKES.contains('x'));
/// ```
pub const LOOKALIKES: &str = "0Oo1lI|5S2Z8B'`\",.;:";

/// The length of a password when none is given: 20 characters, about 131 bits over all
/// four classes.
///
/// # Examples
///
/// ```
/// let password = pssst::PasswordPolicy::new().generate()?;
/// assert_eq!(password.expose_secret().len(), pssst::DEFAULT_PASSWORD_LEN);
/// # Ok::<(), pssst::Error>(())
/// ```
pub const DEFAULT_PASSWORD_LEN: usize = 20;

/// What a password must look like.
///
/// The default is [`DEFAULT_PASSWORD_LEN`] characters from all four classes, at least one of
/// each, look-alikes kept.
///
/// # Examples
///
/// ```
/// use pssst::{CharClass, PasswordPolicy};
///
/// let policy = PasswordPolicy::new()
///     .length(16)
///     .classes(&[CharClass::Lower, CharClass::Upper, CharClass::Digits])
///     .drop_lookalikes(true);
/// let password = policy.generate()?;
/// assert_eq!(password.expose_secret().len(), 16);
/// assert!(password.expose_secret().chars().any(|c| c.is_ascii_digit()));
/// assert!(policy.entropy_bits()? > 89.0);
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordPolicy {
    length: usize,
    classes: Vec<CharClass>,
    require_each: bool,
    drop_lookalikes: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            length: DEFAULT_PASSWORD_LEN,
            classes: CharClass::ALL.to_vec(),
            require_each: true,
            drop_lookalikes: false,
        }
    }
}

impl PasswordPolicy {
    /// The default policy; see [`PasswordPolicy`].
    ///
    /// # Examples
    ///
    /// ```
    /// let password = pssst::PasswordPolicy::new().generate()?;
    /// assert_eq!(password.expose_secret().len(), pssst::DEFAULT_PASSWORD_LEN);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the length in characters.
    ///
    /// # Examples
    ///
    /// ```
    /// let password = pssst::PasswordPolicy::new().length(32).generate()?;
    /// assert_eq!(password.expose_secret().len(), 32);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn length(mut self, length: usize) -> Self {
        self.length = length;
        self
    }

    /// Sets the classes to draw from (repeats are ignored).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::CharClass;
    ///
    /// let policy = pssst::PasswordPolicy::new().classes(&[CharClass::Digits]);
    /// assert!(policy.generate()?.expose_secret().chars().all(|c| c.is_ascii_digit()));
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn classes(mut self, classes: &[CharClass]) -> Self {
        self.classes = CharClass::ALL
            .into_iter()
            .filter(|class| classes.contains(class))
            .collect();
        self
    }

    /// Whether every chosen class must appear at least once (the default) or the password is
    /// simply uniform over the alphabet.
    ///
    /// # Examples
    ///
    /// ```
    /// let policy = pssst::PasswordPolicy::new().length(2).require_each(false);
    /// assert_eq!(policy.generate()?.expose_secret().len(), 2);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn require_each(mut self, require_each: bool) -> Self {
        self.require_each = require_each;
        self
    }

    /// Whether to leave out the characters of [`LOOKALIKES`].
    ///
    /// # Examples
    ///
    /// ```
    /// let policy = pssst::PasswordPolicy::new().drop_lookalikes(true);
    /// let password = policy.generate()?;
    /// assert!(!password.expose_secret().chars().any(|c| pssst::LOOKALIKES.contains(c)));
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn drop_lookalikes(mut self, drop_lookalikes: bool) -> Self {
        self.drop_lookalikes = drop_lookalikes;
        self
    }

    /// The alphabet passwords are drawn from: the chosen classes, in the order of
    /// [`CharClass::ALL`], without look-alikes if so set.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when no class is chosen.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::PasswordPolicy::new().alphabet()?.size(), 94);
    /// assert_eq!(pssst::PasswordPolicy::new().drop_lookalikes(true).alphabet()?.size(), 74);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn alphabet(&self) -> Result<Alphabet> {
        let symbols: Vec<char> = self.members().into_iter().flatten().collect();
        if symbols.is_empty() {
            return Err(Error::Policy("no character class is chosen".into()));
        }
        // The classes are disjoint sets of printable ASCII, 5 to 94 in all: nothing to check.
        Ok(Alphabet::from_checked(symbols, None))
    }

    /// A password that meets the policy, uniformly random among all that do.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when no password can meet the policy: no class chosen, a length of
    /// zero, or a length shorter than the number of required classes.
    /// [`Error::RandomSource`] when the OS source fails.
    ///
    /// # Security
    ///
    /// Rejected candidates are wiped when dropped, as the result is. The entropy is
    /// [`PasswordPolicy::entropy_bits`], exactly.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = pssst::PasswordPolicy::new().length(3).generate().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "impossible password policy: length 3 is shorter than the 4 required classes",
    /// );
    /// ```
    pub fn generate(&self) -> Result<Token> {
        self.check()?;
        let alphabet = self.alphabet()?;
        let classes = self.class_table();
        let required = if self.require_each { classes.all } else { 0 };
        loop {
            let candidate = alphabet.random_string(self.length)?;
            if classes.present(candidate.expose_secret()) & required == required {
                return Ok(candidate);
            }
        }
    }

    /// The exact entropy of the policy: log2 of the number of passwords that meet it.
    ///
    /// With classes of sizes `c₁ … cₖ` (look-alikes removed), `n = Σ cᵢ` and length `L`, the
    /// count is `Σ over subsets S of the required classes of (−1)^|S| · (n − Σ_{i∈S} cᵢ)^L`
    /// (inclusion–exclusion), which is less than `nᴸ`; it is summed in floating point as
    /// `nᴸ · Σ (−1)^|S| (1 − s/n)^L`, so any length works.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] as [`PasswordPolicy::generate`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::{CharClass, PasswordPolicy};
    ///
    /// // Two characters, one lower-case and one digit, in either order: 2 × 26 × 10.
    /// let classes = [CharClass::Lower, CharClass::Digits];
    /// let policy = PasswordPolicy::new().length(2).classes(&classes);
    /// assert!((policy.entropy_bits()? - 520f64.log2()).abs() < 1e-12);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn entropy_bits(&self) -> Result<f64> {
        self.check()?;
        let sizes: Vec<usize> = self.members().iter().map(Vec::len).collect();
        let required = if self.require_each { sizes.len() } else { 0 };
        Ok(count_log2(&sizes, required, self.length))
    }

    fn check(&self) -> Result<()> {
        if self.classes.is_empty() {
            return Err(Error::Policy("no character class is chosen".into()));
        }
        if self.length == 0 {
            return Err(Error::Policy("length must be at least 1".into()));
        }
        let required = if self.require_each {
            self.classes.len()
        } else {
            0
        };
        if self.length < required {
            let why = format!(
                "length {} is shorter than the {required} required classes",
                self.length,
            );
            return Err(Error::Policy(why));
        }
        Ok(())
    }

    fn members(&self) -> Vec<Vec<char>> {
        let drop = self.drop_lookalikes;
        self.classes
            .iter()
            .map(|class| class.members(drop))
            .collect()
    }

    /// Which chosen class each ASCII character belongs to, as one bit per class.
    fn class_table(&self) -> ClassTable {
        let mut table = ClassTable {
            bits: [0; 128],
            all: 0,
        };
        for (index, members) in self.members().iter().enumerate() {
            let bit = 1 << index;
            table.all |= bit;
            members.iter().for_each(|&c| table.bits[c as usize] |= bit);
        }
        table
    }
}

/// Class membership of the ASCII characters, for checking candidates quickly.
struct ClassTable {
    bits: [u8; 128],
    all: u8,
}

impl ClassTable {
    /// The classes present in `text`, one bit each (every symbol is ASCII).
    fn present(&self, text: &str) -> u8 {
        text.bytes()
            .fold(0, |seen, byte| seen | self.bits[usize::from(byte & 0x7f)])
    }
}

/// A password of `length` characters under the default policy: all four classes, at least
/// one of each, look-alikes kept.
///
/// # Errors
///
/// As [`PasswordPolicy::generate`]: a length below 4 is an [`Error::Policy`].
///
/// # Examples
///
/// ```
/// let password = pssst::password(24)?;
/// assert_eq!(password.expose_secret().len(), 24);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn password(length: usize) -> Result<Token> {
    PasswordPolicy::new().length(length).generate()
}

/// log2 of the number of strings of `length` over classes of `sizes` in which each of the
/// first `required` classes appears, by inclusion–exclusion.
fn count_log2(sizes: &[usize], required: usize, length: usize) -> f64 {
    let total: usize = sizes.iter().sum();
    let n = total as f64;
    let mut share = 0.0;
    for subset in 0..1usize << required {
        let excluded: usize = (0..required)
            .filter(|bit| subset >> bit & 1 == 1)
            .map(|bit| sizes[bit])
            .sum();
        let term = (length as f64 * (-(excluded as f64) / n).ln_1p()).exp();
        share += if subset.count_ones() % 2 == 0 {
            term
        } else {
            -term
        };
    }
    length as f64 * n.log2() + share.log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    #[test]
    fn symbol_class_is_the_32_ascii_punctuation_characters() {
        let punctuation: String = (b'!'..=b'~')
            .filter(u8::is_ascii_punctuation)
            .map(char::from)
            .collect();
        assert_eq!(CharClass::Symbols.symbols(), punctuation);
    }

    #[test]
    fn lookalikes_leave_the_documented_counts() {
        let counts: Vec<usize> = CharClass::ALL
            .iter()
            .map(|c| c.members(true).len())
            .collect();
        assert_eq!(counts, [24, 21, 5, 24]);
        assert_eq!(LOOKALIKES.chars().count(), 20);
    }

    #[test]
    fn count_matches_brute_force_for_a_small_policy() {
        // Lower, upper and digits without look-alikes: 24 + 21 + 5 = 50 symbols, length 3.
        let policy = PasswordPolicy::new()
            .length(3)
            .classes(&[CharClass::Lower, CharClass::Upper, CharClass::Digits])
            .drop_lookalikes(true);
        let classes = policy.members();
        let symbols: Vec<char> = classes.iter().flatten().copied().collect();
        let mut valid = 0u64;
        for &a in &symbols {
            for &b in &symbols {
                for &c in &symbols {
                    let has = |class: &Vec<char>| [a, b, c].iter().any(|x| class.contains(x));
                    valid += u64::from(classes.iter().all(has));
                }
            }
        }
        assert_eq!(valid, 3 * 2 * 24 * 21 * 5);
        assert!((policy.entropy_bits().unwrap() - (valid as f64).log2()).abs() < 1e-12);
    }

    #[test]
    fn count_matches_exact_integers_for_long_passwords() {
        let sizes = [26usize, 26, 10, 32];
        for length in [4usize, 5, 8, 20, 64] {
            let mut exact = BigUint::from(0u8);
            let mut negative = BigUint::from(0u8);
            for subset in 0..16usize {
                let excluded: usize = (0..4)
                    .filter(|b| subset >> b & 1 == 1)
                    .map(|b| sizes[b])
                    .sum();
                let term = BigUint::from(94 - excluded).pow(length as u32);
                if subset.count_ones() % 2 == 0 {
                    exact += term;
                } else {
                    negative += term;
                }
            }
            let exact = exact - negative;
            let shift = exact.bits().saturating_sub(53);
            let top = u64::try_from(&exact >> shift).unwrap() as f64;
            let expected = shift as f64 + top.log2();
            let got = count_log2(&sizes, 4, length);
            assert!(
                (got - expected).abs() < 1e-9,
                "length {length}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn not_requiring_classes_gives_length_times_log2_n() {
        let policy = PasswordPolicy::new().length(10).require_each(false);
        assert!((policy.entropy_bits().unwrap() - 10.0 * 94f64.log2()).abs() < 1e-9);
    }

    #[test]
    fn impossible_policies_are_errors() {
        assert!(matches!(
            PasswordPolicy::new().classes(&[]).generate(),
            Err(Error::Policy(_))
        ));
        assert!(matches!(
            PasswordPolicy::new().length(0).generate(),
            Err(Error::Policy(_))
        ));
        assert!(matches!(
            PasswordPolicy::new().length(3).entropy_bits(),
            Err(Error::Policy(_))
        ));
        assert!(
            PasswordPolicy::new()
                .length(3)
                .require_each(false)
                .generate()
                .is_ok()
        );
    }

    #[test]
    fn shortest_password_holds_one_of_each_class() {
        for _ in 0..50 {
            let password = PasswordPolicy::new()
                .length(4)
                .drop_lookalikes(true)
                .generate()
                .unwrap();
            for class in CharClass::ALL {
                let members = class.members(true);
                assert!(
                    password
                        .expose_secret()
                        .chars()
                        .any(|c| members.contains(&c))
                );
            }
        }
    }
}
