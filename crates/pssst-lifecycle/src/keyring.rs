//! The pepper key ring: server-side HMAC keys, each with an id stored beside the hashes it made.
//!
//! Rotation adds a key and makes it current; older keys keep verifying the tokens they made
//! until they are retired, which should wait until those tokens have expired.

mod file;

use std::fmt;

use pssst::SecretBytes;

use crate::error::{Error, Result};
use crate::time::Timestamp;

/// Bytes in a generated pepper: 32, the output size of SHA-256 (RFC 2104 §3 advises keys of
/// at least the hash length).
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::PEPPER_BYTES, 32);
/// ```
pub const PEPPER_BYTES: usize = 32;

/// One pepper and its id.
///
/// # Security
///
/// The pepper is a [`SecretBytes`]: redacted in `Debug`, wiped on drop. `Debug` of a `Key`
/// prints the id only.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{KeyRing, Timestamp};
/// let ring = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
/// let key = ring.current().unwrap();
/// assert!(format!("{key:?}").starts_with("Key { id: "));
/// # Ok::<(), pssst_lifecycle::Error>(())
/// ```
#[derive(Clone)]
pub struct Key {
    id: String,
    created_at: Timestamp,
    pepper: SecretBytes,
}

impl Key {
    /// A key from an existing pepper, such as one held in a secret manager.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] when the id is not 1 to 32 of `A-Z a-z 0-9 _ -`, or the pepper is
    /// not 32 to 64 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::SecretBytes;
    /// use pssst_lifecycle::{Key, Timestamp};
    /// let key = Key::new("k1", Timestamp::from_unix_seconds(0), SecretBytes::new(vec![7; 32]))?;
    /// assert_eq!(key.id(), "k1");
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn new(id: &str, created_at: Timestamp, pepper: SecretBytes) -> Result<Self> {
        check_key_id(id)?;
        if !(PEPPER_BYTES..=64).contains(&pepper.expose_secret().len()) {
            return Err(Error::argument("pepper", "expected 32 to 64 bytes"));
        }
        Ok(Self {
            id: id.to_owned(),
            created_at,
            pepper,
        })
    }

    /// A fresh key with a random id and pepper.
    fn generate(created_at: Timestamp) -> Result<Self> {
        let mut id = [0u8; 4];
        pssst::fill_bytes(&mut id)?;
        let pepper = pssst::token_bytes(PEPPER_BYTES)?;
        Self::new(&pssst::hex_lower(&id), created_at, pepper)
    }

    /// The key's id, stored with every hash it makes. Not secret.
    ///
    /// # Examples
    ///
    /// See [`Key::new`].
    pub fn id(&self) -> &str {
        &self.id
    }

    /// When the key was made.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{KeyRing, Timestamp};
    /// let ring = KeyRing::generate(Timestamp::from_unix_seconds(9))?;
    /// assert_eq!(ring.current().unwrap().created_at(), Timestamp::from_unix_seconds(9));
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }

    /// The pepper itself.
    ///
    /// # Security
    ///
    /// Anyone holding it and a copy of the database can test guesses offline. Keep it out of
    /// logs and out of the database.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{KeyRing, Timestamp};
    /// let ring = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// assert_eq!(ring.current().unwrap().expose_pepper().len(), 32);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn expose_pepper(&self) -> &[u8] {
        self.pepper.expose_secret()
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Peppers by id; the last one added is current and makes every new hash.
///
/// # Security
///
/// With a pepper, a stolen database alone cannot confirm a guessed token, and someone who can
/// write to the database cannot plant a token of their own. See the crate's key-ring file
/// format in [`KeyRing::load`].
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{KeyRing, Timestamp};
///
/// let mut ring = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
/// let old = ring.current().unwrap().id().to_owned();
/// let new = ring.rotate(Timestamp::from_unix_seconds(60))?;
/// assert_eq!(ring.current().unwrap().id(), new);
/// ring.retire(&old)?;
/// assert_eq!(ring.keys().count(), 1);
/// # Ok::<(), pssst_lifecycle::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KeyRing {
    keys: Vec<Key>,
}

impl KeyRing {
    /// An empty ring. Issuing tokens needs a key; an empty ring only verifies imported
    /// plain SHA-256 rows.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(pssst_lifecycle::KeyRing::new().current().is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A ring with one fresh random key.
    ///
    /// # Errors
    ///
    /// [`Error::Random`] when the operating system's random source fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{KeyRing, Timestamp};
    /// let ring = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// assert_eq!(ring.keys().count(), 1);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn generate(now: Timestamp) -> Result<Self> {
        let mut ring = Self::new();
        ring.rotate(now)?;
        Ok(ring)
    }

    /// Adds a fresh random key and makes it current; returns its id. Older keys still verify.
    ///
    /// # Errors
    ///
    /// [`Error::Random`] when the operating system's random source fails.
    ///
    /// # Examples
    ///
    /// See [`KeyRing`].
    pub fn rotate(&mut self, now: Timestamp) -> Result<String> {
        loop {
            let key = Key::generate(now)?;
            if self.get(key.id()).is_none() {
                let id = key.id.clone();
                self.keys.push(key);
                return Ok(id);
            }
        }
    }

    /// Adds an existing key and makes it current.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] when a key with the same id is already in the ring.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::SecretBytes;
    /// use pssst_lifecycle::{Key, KeyRing, Timestamp};
    /// let mut ring = KeyRing::new();
    /// ring.add(Key::new("k1", Timestamp::from_unix_seconds(0), SecretBytes::new(vec![1; 32]))?)?;
    /// assert_eq!(ring.current().unwrap().id(), "k1");
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn add(&mut self, key: Key) -> Result<()> {
        if self.get(key.id()).is_some() {
            return Err(Error::argument("key id", "already in the key ring"));
        }
        self.keys.push(key);
        Ok(())
    }

    /// Removes a key that is not current. Tokens hashed under it stop verifying: retire a key
    /// only once the longest lifetime has passed since the rotation that replaced it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] when no key has this id; [`Error::CurrentKey`] for the current
    /// key.
    ///
    /// # Examples
    ///
    /// See [`KeyRing`].
    pub fn retire(&mut self, id: &str) -> Result<()> {
        let position = self.keys.iter().position(|key| key.id == id);
        match position {
            None => Err(Error::UnknownKey(id.to_owned())),
            Some(p) if p + 1 == self.keys.len() => Err(Error::CurrentKey(id.to_owned())),
            Some(p) => {
                self.keys.remove(p);
                Ok(())
            }
        }
    }

    /// The key that makes new hashes.
    ///
    /// # Examples
    ///
    /// See [`KeyRing`].
    pub fn current(&self) -> Option<&Key> {
        self.keys.last()
    }

    /// The key with this id.
    ///
    /// # Examples
    ///
    /// ```
    /// let ring = pssst_lifecycle::KeyRing::new();
    /// assert!(ring.get("k1").is_none());
    /// ```
    pub fn get(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|key| key.id == id)
    }

    /// Every key, oldest first; the last is current.
    ///
    /// # Examples
    ///
    /// See [`KeyRing`].
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.keys.iter()
    }
}

fn check_key_id(id: &str) -> Result<()> {
    let valid = (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(Error::argument(
            "key id",
            "expected 1 to 32 of A-Z a-z 0-9 _ -",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_unix_seconds(secs)
    }

    #[test]
    fn current_key_cannot_be_retired() {
        let mut ring = KeyRing::generate(at(0)).unwrap();
        let id = ring.current().unwrap().id().to_owned();
        assert!(matches!(ring.retire(&id), Err(Error::CurrentKey(_))));
    }

    #[test]
    fn unknown_key_cannot_be_retired() {
        let mut ring = KeyRing::generate(at(0)).unwrap();
        assert!(matches!(ring.retire("nope"), Err(Error::UnknownKey(_))));
    }

    #[test]
    fn short_peppers_are_refused() {
        let short = SecretBytes::new(vec![0; 16]);
        assert!(Key::new("k", at(0), short).is_err());
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut ring = KeyRing::new();
        let key = Key::new("k", at(0), SecretBytes::new(vec![1; 32])).unwrap();
        ring.add(key.clone()).unwrap();
        assert!(ring.add(key).is_err());
    }
}
