//! The service's clients: names and the SHA-256 of each one's API key, kept in a file (not in
//! the database, since the server holds no SQL), and checked on every request.

mod file;
mod watch;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use pssst::Token;
use pssst_lifecycle::Timestamp;

use crate::error::Error;

pub use self::watch::ClientWatch;

/// The prefix of keys made by `pssst serve clients add`: `pssk_...`.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_server::CLIENT_KEY_PREFIX, "pssk");
/// ```
pub const CLIENT_KEY_PREFIX: &str = "pssk";

/// The name of a client: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit. It is
/// logged with every request the client makes, so it is never a secret.
///
/// # Examples
///
/// ```
/// let name: pssst_server::ClientName = "billing".parse()?;
/// assert_eq!(name.as_str(), "billing");
/// assert!("Billing Team".parse::<pssst_server::ClientName>().is_err());
/// # Ok::<(), pssst_server::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientName(Arc<str>);

impl ClientName {
    /// The name as text.
    ///
    /// # Examples
    ///
    /// See [`ClientName`].
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ClientName {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let name_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b);
        let valid = (1..=64).contains(&text.len())
            && text.bytes().all(name_byte)
            && text
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if !valid {
            return Err(Error::ClientName);
        }
        Ok(Self(Arc::from(text)))
    }
}

impl fmt::Display for ClientName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One registered client, without its key.
///
/// # Examples
///
/// ```
/// use pssst_server::Clients;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("clients");
/// Clients::add(&path, &"billing".parse()?, pssst_lifecycle::Timestamp::from_unix_seconds(0))?;
/// let clients = Clients::load(&path)?;
/// let entry = clients.entries().next().unwrap();
/// assert_eq!(entry.name().as_str(), "billing");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ClientEntry {
    name: ClientName,
    created_at: Timestamp,
    key_sha256: String,
}

impl ClientEntry {
    /// The client's name.
    ///
    /// # Examples
    ///
    /// See [`ClientEntry`].
    pub fn name(&self) -> &ClientName {
        &self.name
    }

    /// When the client was added.
    ///
    /// # Examples
    ///
    /// See [`ClientEntry`].
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }
}

/// Hand-written so the key's hash never reaches a log through `{:?}`.
impl fmt::Debug for ClientEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientEntry")
            .field("name", &self.name)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// Every client the service accepts, found by the hash of the key it presents.
///
/// # Security
///
/// Only `sha256(key)` is kept, in the file and in memory: a copy of the file lets nobody in.
/// Plain SHA-256 suffices because keys carry 178 bits of entropy; there is nothing to
/// brute-force. A presented key is checked for shape and checksum first (no hashing of junk),
/// then its hash is looked up and compared again in constant time.
///
/// # Examples
///
/// ```
/// use pssst_server::Clients;
/// use pssst_lifecycle::Timestamp;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("clients");
/// let key = Clients::add(&path, &"billing".parse()?, Timestamp::from_unix_seconds(0))?;
/// let clients = Clients::load(&path)?;
/// assert_eq!(clients.authenticate(key.expose_secret()).unwrap().as_str(), "billing");
/// assert!(clients.authenticate("pssk_wrong").is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Clients {
    entries: Vec<ClientEntry>,
    by_hash: HashMap<String, usize>,
}

/// Hand-written so no key hash reaches a log through `{:?}`.
impl fmt::Debug for Clients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.entries).finish()
    }
}

impl Clients {
    /// The client whose key is `key`, if any.
    ///
    /// # Examples
    ///
    /// See [`Clients`].
    pub fn authenticate(&self, key: &str) -> Option<&ClientName> {
        pssst::check_api_key(key).ok()?;
        let hash = pssst::sha256_hex(key);
        let entry = &self.entries[*self.by_hash.get(&hash)?];
        pssst::compare_digest(entry.key_sha256.as_bytes(), hash.as_bytes()).then_some(&entry.name)
    }

    /// The clients, in the order they were added.
    ///
    /// # Examples
    ///
    /// See [`ClientEntry`].
    pub fn entries(&self) -> impl Iterator<Item = &ClientEntry> {
        self.entries.iter()
    }

    /// How many clients there are.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_server::Clients::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no clients (then every request is refused).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(pssst_server::Clients::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn insert(&mut self, entry: ClientEntry) -> Result<(), Error> {
        if self.entries.iter().any(|e| e.name == entry.name) {
            return Err(Error::ClientExists(entry.name.to_string()));
        }
        if let Some(&index) = self.by_hash.get(&entry.key_sha256) {
            return Err(Error::DuplicateKey(self.entries[index].name.to_string()));
        }
        self.by_hash
            .insert(entry.key_sha256.clone(), self.entries.len());
        self.entries.push(entry);
        Ok(())
    }

    fn remove(&mut self, name: &ClientName) -> Result<(), Error> {
        let before = self.entries.len();
        self.entries.retain(|e| &e.name != name);
        if self.entries.len() == before {
            return Err(Error::UnknownClient(name.to_string()));
        }
        self.by_hash = index(&self.entries);
        Ok(())
    }
}

/// A new entry for `key`, which must be an API key made by `pssst apikey` (any prefix).
fn entry_for(name: &ClientName, key: &Token, now: Timestamp) -> Result<ClientEntry, Error> {
    pssst::check_api_key(key.expose_secret()).map_err(Error::ClientKey)?;
    Ok(ClientEntry {
        name: name.clone(),
        created_at: now,
        key_sha256: pssst::sha256_hex(key.expose_secret()),
    })
}

fn index(entries: &[ClientEntry]) -> HashMap<String, usize> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key_sha256.clone(), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> ClientName {
        text.parse().unwrap()
    }

    #[test]
    fn names_are_checked() {
        for good in ["a", "billing", "ci-2", "svc.mail_out", &"x".repeat(64)] {
            assert!(good.parse::<ClientName>().is_ok(), "{good}");
        }
        for bad in ["", "-a", "Billing", "a b", "a/b", "é", &"x".repeat(65)] {
            assert!(bad.parse::<ClientName>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_key_authenticates_its_client_only() {
        let mut clients = Clients::default();
        let (a, b) = (
            pssst::api_key("pssk").unwrap(),
            pssst::api_key("pssk").unwrap(),
        );
        let now = Timestamp::from_unix_seconds(0);
        clients
            .insert(entry_for(&name("a"), &a, now).unwrap())
            .unwrap();
        clients
            .insert(entry_for(&name("b"), &b, now).unwrap())
            .unwrap();
        assert_eq!(clients.authenticate(a.expose_secret()), Some(&name("a")));
        assert_eq!(clients.authenticate(b.expose_secret()), Some(&name("b")));
        let other = pssst::api_key("pssk").unwrap();
        assert_eq!(clients.authenticate(other.expose_secret()), None);
        assert_eq!(clients.authenticate(""), None);

        clients.remove(&name("a")).unwrap();
        assert_eq!(clients.authenticate(a.expose_secret()), None);
        assert_eq!(clients.authenticate(b.expose_secret()), Some(&name("b")));
    }

    #[test]
    fn names_and_keys_are_unique() {
        let mut clients = Clients::default();
        let key = pssst::api_key("pssk").unwrap();
        let now = Timestamp::from_unix_seconds(0);
        clients
            .insert(entry_for(&name("a"), &key, now).unwrap())
            .unwrap();
        let again =
            clients.insert(entry_for(&name("a"), &pssst::api_key("x").unwrap(), now).unwrap());
        assert!(matches!(again, Err(Error::ClientExists(_))));
        let same_key = clients.insert(entry_for(&name("b"), &key, now).unwrap());
        assert!(matches!(same_key, Err(Error::DuplicateKey(n)) if n == "a"));
    }

    #[test]
    fn keys_without_a_valid_checksum_are_refused() {
        let key = pssst::api_key("pssk").unwrap();
        let mut text = key.expose_secret().to_owned();
        text.pop();
        text.push('0');
        let now = Timestamp::from_unix_seconds(0);
        let err = entry_for(&name("a"), &Token::new(text), now).unwrap_err();
        assert!(matches!(err, Error::ClientKey(_)));
    }

    #[test]
    fn debug_shows_no_hash() {
        let key = pssst::api_key("pssk").unwrap();
        let entry = entry_for(&name("a"), &key, Timestamp::from_unix_seconds(0)).unwrap();
        let hash = pssst::sha256_hex(key.expose_secret());
        assert!(!format!("{entry:?}").contains(&hash));
        let mut clients = Clients::default();
        clients.insert(entry).unwrap();
        let shown = format!("{clients:?}");
        assert!(
            shown.contains("ClientEntry") && !shown.contains(&hash),
            "{shown}"
        );
    }
}
