//! Issuing a token: alone, or with the caller's work in the same transaction.

use tracing::instrument;

use crate::audit::{Action, AuditEvent};
use crate::error::{Error, Result};
use crate::lifecycle::{IssueOptions, Lifecycle, issued_record, keep_count, new_row};
use crate::record::{IssuedToken, Kind, TokenRecord};
use crate::store::{BoxFuture, NewToken, TokenStore};

impl<S: TokenStore> Lifecycle<S> {
    /// Issues a token for `subject` and `purpose`: 32 random bytes as base64url (as Python's
    /// `secrets.token_urlsafe(32)`), after the configured prefix. By default the subject's
    /// older live tokens of the same purpose are revoked in the same transaction.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] for an empty or oversized subject or a malformed purpose;
    /// [`Error::TtlTooLong`]; [`Error::NoKey`] with an empty key ring; [`Error::Random`];
    /// storage errors.
    ///
    /// # Security
    ///
    /// The token is returned once, in a [`pssst::Token`]; only its hash is stored.
    ///
    /// # Examples
    ///
    /// See [`Lifecycle`].
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn issue(
        &self,
        subject: &str,
        purpose: &str,
        options: IssueOptions,
    ) -> Result<IssuedToken> {
        let (row, issued) = self.prepare_issue(subject, purpose, &options)?;
        let keep = keep_count(self.config.policy(purpose).supersede_rule());
        let superseded = self.store.insert(&row, keep).await?;

        self.record_issue(&row, &superseded);
        Ok(issued)
    }

    /// Issues a token and hands it to `work` (which mails it, queues the mail in the caller's
    /// own table on the same connection, or prints it) inside the transaction that stores it:
    /// if `work` fails, nothing is kept, neither the new token nor the revocation of the
    /// subject's older ones, so the link mailed earlier still works.
    ///
    /// # Errors
    ///
    /// `work`'s error after a rollback; the errors of [`Lifecycle::issue`], converted.
    ///
    /// # Security
    ///
    /// The database lock is held while `work` runs, as in
    /// [`consume_with`](Lifecycle::consume_with): keep it short.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore, Timestamp};
    ///
    /// #[derive(Debug)]
    /// enum Mail {
    ///     Refused,
    ///     Store(Error),
    /// }
    /// impl From<Error> for Mail {
    ///     fn from(err: Error) -> Self {
    ///         Mail::Store(err)
    ///     }
    /// }
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = SqliteStore::open_in_memory().await?;
    /// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// let lifecycle = Lifecycle::new(store, keys, Config::default());
    ///
    /// let mailed = lifecycle
    ///     .issue_with("user-42", "reset", Default::default(), |_conn, issued| {
    ///         Box::pin(async move {
    ///             let token = issued.token().expose_secret();
    ///             let _link = format!("https://app.example/reset?token={token}");
    ///             Err::<(), _>(Mail::Refused) // the mail server said no
    ///         })
    ///     })
    ///     .await;
    /// assert!(matches!(mailed, Err(Mail::Refused)));
    /// assert!(lifecycle.list(&Default::default()).await?.is_empty()); // nothing was kept
    /// # Ok::<(), Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn issue_with<T, E, F>(
        &self,
        subject: &str,
        purpose: &str,
        options: IssueOptions,
        work: F,
    ) -> Result<(TokenRecord, T), E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut S::Conn, IssuedToken) -> BoxFuture<'c, Result<T, E>> + Send,
    {
        let (row, issued) = self.prepare_issue(subject, purpose, &options)?;
        let record = issued.record().clone();
        let keep = keep_count(self.config.policy(purpose).supersede_rule());
        let stored = self
            .store
            .insert_with(&row, keep, move |conn| work(conn, issued))
            .await;

        match stored {
            Ok((superseded, value)) => {
                self.record_issue(&row, &superseded);
                Ok((record, value))
            }
            Err(err) => {
                let event = AuditEvent::new(Action::RolledBack, Kind::Token, row.created_at);
                self.emit(event.purpose(purpose));
                Err(err)
            }
        }
    }

    /// The row to store and the token to hand out, once every argument has been checked.
    fn prepare_issue(
        &self,
        subject: &str,
        purpose: &str,
        options: &IssueOptions,
    ) -> Result<(NewToken, IssuedToken)> {
        let ttl = self.checked_ttl(subject, purpose, options)?;
        let token = self.new_token()?;
        let digest = self.issue_digest(purpose, token.expose_secret())?;
        let row = new_row(Kind::Token, subject, purpose, digest, self.clock.now(), ttl)?;
        let issued = IssuedToken {
            token,
            record: issued_record(row.clone()),
        };
        Ok((row, issued))
    }
}
