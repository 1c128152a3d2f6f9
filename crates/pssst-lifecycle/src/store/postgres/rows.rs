//! Rows to records, and [`Timestamp`]s as `timestamptz` without a date-time crate.

use sqlx::decode::Decode;
use sqlx::encode::{Encode, IsNull};
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArgumentBuffer, PgRow, PgTypeInfo, PgValueFormat, PgValueRef, Postgres};
use sqlx::{Row, Type};

use crate::error::{Error, Result};
use crate::record::{Kind, TokenId, TokenRecord};
use crate::store::postgres::errors::db_error;
use crate::time::Timestamp;

/// A [`Timestamp`] as PostgreSQL's `timestamptz`, exactly.
///
/// On the wire (binary format) a `timestamptz` is a signed 64-bit count of microseconds since
/// 2000-01-01T00:00:00Z, UTC whatever the session's `TimeZone`; a [`Timestamp`] counts the same
/// microseconds from 1970. The conversion is one subtraction: no rounding, no time zone, no
/// float. Every `Timestamp` from 4713 BC to the end of `i64` fits; a value out of the
/// server's range (earlier) is refused by the server, and `infinity` read back is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PgTime(pub(crate) Timestamp);

/// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z.
const POSTGRES_EPOCH: i64 = 946_684_800_000_000;

/// `timestamptz` in `pg_type`, fixed since PostgreSQL 7.
const TIMESTAMPTZ: Oid = Oid(1184);

impl PgTime {
    /// Microseconds since 2000, as sent to the server.
    fn to_wire(self) -> Option<i64> {
        self.0.as_unix_micros().checked_sub(POSTGRES_EPOCH)
    }

    /// The instant the server sent as microseconds since 2000.
    fn from_wire(micros: i64) -> Option<Self> {
        if micros == i64::MAX || micros == i64::MIN {
            return None; // `infinity` and `-infinity`
        }
        let unix = micros.checked_add(POSTGRES_EPOCH)?;
        Some(Self(Timestamp::from_unix_micros(unix)))
    }
}

impl Type<Postgres> for PgTime {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(TIMESTAMPTZ)
    }
}

impl Encode<'_, Postgres> for PgTime {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let micros = self
            .to_wire()
            .ok_or("instant before the range of timestamptz")?;
        <i64 as Encode<'_, Postgres>>::encode_by_ref(&micros, buf)
    }
}

impl Decode<'_, Postgres> for PgTime {
    fn decode(value: PgValueRef<'_>) -> Result<Self, BoxDynError> {
        if !matches!(value.format(), PgValueFormat::Binary) {
            return Err("timestamptz in text format".into());
        }
        let micros = <i64 as Decode<'_, Postgres>>::decode(value)?;
        Self::from_wire(micros).ok_or_else(|| "timestamptz outside the range of Timestamp".into())
    }
}

/// Reads a record from a row selected with `statements::COLUMNS`.
pub(crate) fn record(row: &PgRow) -> Result<TokenRecord> {
    let get = db_error;
    let id: pssst::Uuid = row.try_get("id").map_err(get)?;
    let kind: String = row.try_get("kind").map_err(get)?;
    let attempts: i32 = row.try_get("attempts").map_err(get)?;
    let time = |name: &str| -> Result<Option<Timestamp>> {
        let time: Option<PgTime> = row.try_get(name).map_err(get)?;
        Ok(time.map(|t| t.0))
    };
    Ok(TokenRecord {
        id: TokenId::from_uuid(id),
        kind: Kind::parse(&kind)?,
        subject: row.try_get("subject").map_err(get)?,
        purpose: row.try_get("purpose").map_err(get)?,
        key_id: row.try_get("key_id").map_err(get)?,
        created_at: required(time("created_at")?)?,
        expires_at: required(time("expires_at")?)?,
        used_at: time("used_at")?,
        revoked_at: time("revoked_at")?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
    })
}

/// Binds an optional instant.
pub(crate) fn pg_time(time: Option<Timestamp>) -> Option<PgTime> {
    time.map(PgTime)
}

fn required(time: Option<Timestamp>) -> Result<Timestamp> {
    time.ok_or_else(|| Error::Database("a NOT NULL time column was NULL".into()))
}

type BoxDynError = Box<dyn std::error::Error + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_epochs_are_thirty_years_apart() {
        let y2k = Timestamp::from_unix_seconds(946_684_800);
        assert_eq!(y2k.to_string(), "2000-01-01T00:00:00Z");
        assert_eq!(PgTime(y2k).to_wire(), Some(0));
    }

    #[test]
    fn wire_round_trip_is_exact_to_the_microsecond() {
        let cases = [
            i64::MAX,
            i64::MAX - 1,
            POSTGRES_EPOCH + 1,
            POSTGRES_EPOCH - 1,
            1,
            0,
            -1,
            -POSTGRES_EPOCH * 100,
        ];
        for micros in cases {
            let time = PgTime(Timestamp::from_unix_micros(micros));
            let back = PgTime::from_wire(time.to_wire().unwrap());
            assert_eq!(back, Some(time), "{micros}");
        }
    }

    #[test]
    fn infinities_and_instants_out_of_range_are_refused() {
        assert_eq!(PgTime::from_wire(i64::MAX), None);
        assert_eq!(PgTime::from_wire(i64::MIN), None);
        assert_eq!(
            PgTime::from_wire(i64::MAX - 1),
            None,
            "past the end of i64 micros"
        );
        assert_eq!(
            PgTime(Timestamp::from_unix_micros(i64::MIN)).to_wire(),
            None
        );
    }
}
