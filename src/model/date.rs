//! Bulletin dates. (stub: being implemented)
use crate::lang::Language;
use jiff::{Timestamp, ZonedDateTime, civil, tz::TimeZone};

/// A bulletin's date: the instant and its civil date/time in the zone it was written in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BulletinDate {
    zoned: ZonedDateTime,
    /// Whether a time of day was written (`2022-07-26T17:11:00`) or only a date.
    has_time: bool,
}

impl BulletinDate {
    /// Parses `2022-07-26`, `2022-07-26T17:11:00` (in `tz`) or RFC 3339 `2022-07-26T17:11:00+07:00`.
    pub fn parse(s: &str, tz: &TimeZone) -> Result<BulletinDate, String> {
        let _ = tz;
        Err(format!("invalid date `{s}`"))
    }
    /// The civil date as written.
    pub fn date(&self) -> civil::Date {
        self.zoned.date()
    }
    /// The instant.
    pub fn timestamp(&self) -> Timestamp {
        self.zoned.timestamp()
    }
    /// RFC 3339 with offset, for feeds and `<time datetime>`.
    pub fn rfc3339(&self) -> String {
        self.zoned.timestamp().to_string()
    }
    /// `YYYY-MM-DD`.
    pub fn iso_date(&self) -> String {
        self.zoned.date().to_string()
    }
    /// `26/07/2022` (vi) or `26 July 2022`... (en: `2022-07-26`).
    pub fn display(&self, lang: Language) -> String {
        let _ = lang;
        self.iso_date()
    }
    /// Whether a time of day was given.
    pub fn has_time(&self) -> bool {
        self.has_time
    }
}
