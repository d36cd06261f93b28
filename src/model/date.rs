//! Bulletin dates: `2022-07-26`, `2022-07-26T17:11:00` or `2022-07-26T17:11:00+07:00`.
use crate::lang::Language;
use crate::model::quarter::Quarter;
use jiff::{
    Timestamp, ZonedDateTime,
    civil::{self, Time},
    tz::{Offset, TimeZone},
};

/// A bulletin's date: the instant and its civil date/time in the zone it was written in.
///
/// Ordered by instant (then by `has_time`); two dates written in different offsets that
/// denote the same instant compare equal apart from `has_time`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BulletinDate {
    zoned: ZonedDateTime,
    /// Whether a time of day was written (`2022-07-26T17:11:00`) or only a date.
    has_time: bool,
}

/// English month names, for messages.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A byte cursor over the ASCII syntax of a date.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.pos.checked_add(n)?;
        let chunk = self.bytes.get(self.pos..end)?;
        if !chunk.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos = end;
        Some(
            chunk
                .iter()
                .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')),
        )
    }

    /// Consumes `b` if it is next.
    fn eat(&mut self, b: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

/// The fields of a date as written, before validation.
struct Written {
    year: u32,
    month: u32,
    day: u32,
    /// `(hour, minute, second, nanosecond)`.
    time: Option<(u32, u32, u32, u32)>,
    /// Offset from UTC in seconds, when one was written.
    offset: Option<i32>,
}

/// Reads the syntax `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM|±HH]]`.
fn read(s: &str) -> Option<Written> {
    let mut c = Cursor {
        bytes: s.as_bytes(),
        pos: 0,
    };
    let year = c.digits(4)?;
    c.eat(b'-').then_some(())?;
    let month = c.digits(2)?;
    c.eat(b'-').then_some(())?;
    let day = c.digits(2)?;
    if c.at_end() {
        return Some(Written {
            year,
            month,
            day,
            time: None,
            offset: None,
        });
    }
    (c.eat(b'T') || c.eat(b't') || c.eat(b' ')).then_some(())?;
    let hour = c.digits(2)?;
    c.eat(b':').then_some(())?;
    let minute = c.digits(2)?;
    let mut second = 0;
    let mut nanos = 0;
    if c.eat(b':') {
        second = c.digits(2)?;
        if c.eat(b'.') || c.eat(b',') {
            let mut n = 0;
            while n < 9 && c.peek().is_some_and(|b| b.is_ascii_digit()) {
                nanos = nanos * 10 + c.digits(1)?;
                n += 1;
            }
            if n == 0 || c.peek().is_some_and(|b| b.is_ascii_digit()) {
                return None;
            }
            nanos *= 10u32.pow(9 - n);
        }
    }
    let offset = match c.peek() {
        None => None,
        Some(b'Z' | b'z') => {
            c.pos += 1;
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let hours = i32::try_from(c.digits(2)?).ok()?;
            let minutes = if c.at_end() {
                0
            } else {
                c.eat(b':');
                i32::try_from(c.digits(2)?).ok()?
            };
            if minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            Some(if sign == b'-' { -seconds } else { seconds })
        }
        Some(_) => return None,
    };
    c.at_end().then_some(())?;
    Some(Written {
        year,
        month,
        day,
        time: Some((hour, minute, second, nanos)),
        offset,
    })
}

impl BulletinDate {
    /// Parses a bulletin date:
    ///
    /// * `2022-07-26`: midnight in `tz`, without a time of day;
    /// * `2022-07-26T17:11:00`, `2022-07-26T17:11`, `2022-07-26 17:11:00` (fractional
    ///   seconds allowed): that wall-clock time in `tz` (a time skipped by a DST change moves
    ///   forward, a repeated one takes the earlier instant);
    /// * RFC 3339 with an offset, `2022-07-26T17:11:00+07:00` or `…Z`: that instant, kept in
    ///   the written offset for display.
    ///
    /// Errors name the problem: ``invalid date `2022-02-30`: February 2022 has 28 days``,
    /// ``invalid date `26/07/2022`: write it as 2022-07-26, 2022-07-26T17:11:00 or
    /// 2022-07-26T17:11:00+07:00``.
    pub fn parse(s: &str, tz: &TimeZone) -> Result<BulletinDate, String> {
        let s = s.trim();
        let Some(w) = read(s) else {
            return Err(format!(
                "invalid date `{s}`: write it as 2022-07-26, 2022-07-26T17:11:00 \
                 or 2022-07-26T17:11:00+07:00"
            ));
        };
        let date = civil_date(s, &w)?;
        let Some((hour, minute, second, nanos)) = w.time else {
            let zoned = tz
                .to_zoned_datetime(date.to_datetime(Time::midnight()))
                .map_err(|e| format!("invalid date `{s}`: {e}"))?;
            return Ok(BulletinDate {
                zoned,
                has_time: false,
            });
        };
        let time = match (
            i8::try_from(hour),
            i8::try_from(minute),
            i8::try_from(second),
            i32::try_from(nanos),
        ) {
            (Ok(h), Ok(m), Ok(sec), Ok(ns)) if h < 24 && m < 60 && sec < 60 => {
                Time::new(h, m, sec, ns).ok()
            }
            _ => None,
        };
        let Some(time) = time else {
            return Err(format!(
                "invalid date `{s}`: the time {hour:02}:{minute:02}:{second:02} does not \
                 exist (hours go 00–23, minutes and seconds 00–59)"
            ));
        };
        let datetime = date.to_datetime(time);
        let zoned = match w.offset {
            None => tz.to_zoned_datetime(datetime),
            Some(seconds) => {
                let offset = Offset::from_seconds(seconds)
                    .map_err(|_| format!("invalid date `{s}`: the UTC offset is out of range"))?;
                TimeZone::fixed(offset).to_zoned_datetime(datetime)
            }
        }
        .map_err(|e| format!("invalid date `{s}`: {e}"))?;
        Ok(BulletinDate {
            zoned,
            has_time: true,
        })
    }

    /// The civil date as written.
    pub fn date(&self) -> civil::Date {
        self.zoned.date()
    }

    /// The instant.
    pub fn timestamp(&self) -> Timestamp {
        self.zoned.timestamp()
    }

    /// The instant with the zone (or fixed offset) it was written in.
    pub fn zoned(&self) -> &ZonedDateTime {
        &self.zoned
    }

    /// The year of the civil date.
    pub fn year(&self) -> i16 {
        self.zoned.year()
    }

    /// The quarter the civil date falls in.
    pub fn quarter(&self) -> Quarter {
        Quarter::of(self.date())
    }

    /// RFC 3339 with the offset, for feeds and `<time datetime>`:
    /// `2022-07-26T17:11:00+07:00` (midnight for a date without time; fractional seconds
    /// only when written; UTC is `+00:00`).
    pub fn rfc3339(&self) -> String {
        let z = &self.zoned;
        let mut out = format!(
            "{}T{:02}:{:02}:{:02}",
            self.iso_date(),
            z.hour(),
            z.minute(),
            z.second()
        );
        let nanos = z.subsec_nanosecond();
        if nanos > 0 {
            let frac = format!("{nanos:09}");
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        let offset = z.offset().seconds();
        let abs = offset.unsigned_abs();
        out.push(if offset < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}:{:02}", abs / 3600, abs / 60 % 60));
        if !abs.is_multiple_of(60) {
            out.push_str(&format!(":{:02}", abs % 60));
        }
        out
    }

    /// `YYYY-MM-DD`.
    pub fn iso_date(&self) -> String {
        let d = self.zoned.date();
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }

    /// The date for readers: `26/07/2022` (vi) or `26 Jul 2022` (en). Never the time.
    pub fn display(&self, lang: Language) -> String {
        let d = self.zoned.date();
        match lang {
            Language::Vi => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            Language::En => {
                let month = MONTHS
                    .get(usize::try_from(d.month() - 1).unwrap_or(0))
                    .map_or("", |m| &m[..3]);
                format!("{} {month} {}", d.day(), d.year())
            }
        }
    }

    /// The date and, when one was written, the time: `26/07/2022 17:11` (vi),
    /// `26 Jul 2022, 17:11` (en); the same as [`display`](Self::display) otherwise.
    pub fn display_time(&self, lang: Language) -> String {
        let date = self.display(lang);
        if !self.has_time {
            return date;
        }
        let (h, m) = (self.zoned.hour(), self.zoned.minute());
        match lang {
            Language::Vi => format!("{date} {h:02}:{m:02}"),
            Language::En => format!("{date}, {h:02}:{m:02}"),
        }
    }

    /// Whether a time of day was given.
    pub fn has_time(&self) -> bool {
        self.has_time
    }
}

/// Validates the written year, month and day, explaining what is wrong.
fn civil_date(s: &str, w: &Written) -> Result<civil::Date, String> {
    let month_name = usize::try_from(w.month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTHS.get(i));
    let Some(month_name) = month_name else {
        return Err(format!(
            "invalid date `{s}`: there is no month {:02} (months go 01–12)",
            w.month
        ));
    };
    let year = i16::try_from(w.year).map_err(|_| format!("invalid date `{s}`"))?;
    let month = i8::try_from(w.month).map_err(|_| format!("invalid date `{s}`"))?;
    let first = civil::Date::new(year, month, 1).map_err(|e| format!("invalid date `{s}`: {e}"))?;
    let days = first.days_in_month();
    match i8::try_from(w.day) {
        Ok(day) if (1..=days).contains(&day) => {
            civil::Date::new(year, month, day).map_err(|e| format!("invalid date `{s}`: {e}"))
        }
        _ if w.day == 0 => Err(format!("invalid date `{s}`: days start at 01")),
        _ => Err(format!(
            "invalid date `{s}`: {month_name} {year} has {days} days"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hcm() -> TimeZone {
        // A fixed +07:00 stands in for Asia/Ho_Chi_Minh (no DST since 1975), so tests do
        // not depend on the system tz database.
        TimeZone::fixed(Offset::constant(7))
    }

    fn parse(s: &str) -> BulletinDate {
        match BulletinDate::parse(s, &hcm()) {
            Ok(d) => d,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn err(s: &str) -> String {
        BulletinDate::parse(s, &hcm()).err().unwrap_or_default()
    }

    #[test]
    fn date_only_is_midnight_in_tz() {
        let d = parse("2022-07-26");
        assert!(!d.has_time());
        assert_eq!(d.iso_date(), "2022-07-26");
        assert_eq!(d.rfc3339(), "2022-07-26T00:00:00+07:00");
        assert_eq!(d.timestamp().to_string(), "2022-07-25T17:00:00Z");
        assert_eq!(d.display(Language::Vi), "26/07/2022");
        assert_eq!(d.display(Language::En), "26 Jul 2022");
        assert_eq!(d.display_time(Language::Vi), "26/07/2022");
        assert_eq!(d.display_time(Language::En), "26 Jul 2022");
        assert_eq!(d.year(), 2022);
        assert_eq!(
            d.quarter(),
            Quarter::new(2022, 3).unwrap_or_else(|| panic!())
        );
        assert_eq!(parse("  2022-07-26\n"), d);
    }

    #[test]
    fn local_times_are_in_tz() {
        for s in [
            "2022-07-26T17:11:00",
            "2022-07-26T17:11",
            "2022-07-26 17:11:00",
            "2022-07-26t17:11:00",
        ] {
            let d = parse(s);
            assert!(d.has_time(), "{s}");
            assert_eq!(d.rfc3339(), "2022-07-26T17:11:00+07:00", "{s}");
            assert_eq!(d.display_time(Language::Vi), "26/07/2022 17:11");
            assert_eq!(d.display_time(Language::En), "26 Jul 2022, 17:11");
            assert_eq!(d.display(Language::Vi), "26/07/2022");
        }
        assert_eq!(
            parse("2022-07-26T17:11:05.25").rfc3339(),
            "2022-07-26T17:11:05.25+07:00"
        );
    }

    #[test]
    fn named_time_zones_apply_dst() {
        let Ok(tz) = TimeZone::get("Europe/Paris") else {
            return; // no tz database on this machine
        };
        let summer = BulletinDate::parse("2022-07-26T12:00", &tz);
        assert_eq!(
            summer.map(|d| d.rfc3339()),
            Ok("2022-07-26T12:00:00+02:00".to_owned())
        );
        let winter = BulletinDate::parse("2022-01-26", &tz);
        assert_eq!(
            winter.map(|d| d.rfc3339()),
            Ok("2022-01-26T00:00:00+01:00".to_owned())
        );
        // 02:30 does not exist on 27 March 2022 in Paris: it moves forward.
        let gap = BulletinDate::parse("2022-03-27T02:30", &tz);
        assert_eq!(
            gap.map(|d| d.rfc3339()),
            Ok("2022-03-27T03:30:00+02:00".to_owned())
        );
    }

    #[test]
    fn explicit_offsets_are_kept() {
        let d = parse("2022-07-26T17:11:00+07:00");
        assert_eq!(d.rfc3339(), "2022-07-26T17:11:00+07:00");
        let utc = parse("2022-07-26T10:11:00Z");
        assert_eq!(utc.rfc3339(), "2022-07-26T10:11:00+00:00");
        assert_eq!(utc.display_time(Language::Vi), "26/07/2022 10:11");
        assert_eq!(utc.timestamp(), d.timestamp());
        assert_eq!(utc.cmp(&d), std::cmp::Ordering::Equal);
        let ny = parse("2022-07-26T06:11:00-04:00");
        assert_eq!(ny.rfc3339(), "2022-07-26T06:11:00-04:00");
        assert_eq!(ny.timestamp(), d.timestamp());
        let india = parse("2022-07-26T15:41:00+0530");
        assert_eq!(india.rfc3339(), "2022-07-26T15:41:00+05:30");
        assert_eq!(india.timestamp(), d.timestamp());
        assert_eq!(parse("2022-07-26T17:11:00+07").rfc3339(), d.rfc3339());
        // The offset decides the civil date shown.
        let late = parse("2022-07-26T23:30:00-05:00");
        assert_eq!(late.iso_date(), "2022-07-26");
    }

    #[test]
    fn ordering_is_by_instant() {
        let mut dates = [
            parse("2022-07-27"),
            parse("2022-07-26T17:11:00Z"),
            parse("2022-07-26T17:11:00"),
            parse("2021-12-31T23:59:59"),
        ];
        dates.sort();
        let order: Vec<String> = dates.iter().map(BulletinDate::rfc3339).collect();
        assert_eq!(
            order,
            [
                "2021-12-31T23:59:59+07:00",
                "2022-07-26T17:11:00+07:00",
                // Midnight in +07:00 is 17:00 UTC, before 17:11 UTC.
                "2022-07-27T00:00:00+07:00",
                "2022-07-26T17:11:00+00:00",
            ]
        );
    }

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(
            err("2022-02-30"),
            "invalid date `2022-02-30`: February 2022 has 28 days"
        );
        assert_eq!(
            err("2024-02-30"),
            "invalid date `2024-02-30`: February 2024 has 29 days"
        );
        assert_eq!(
            err("2022-04-31"),
            "invalid date `2022-04-31`: April 2022 has 30 days"
        );
        assert_eq!(
            err("2022-13-01"),
            "invalid date `2022-13-01`: there is no month 13 (months go 01–12)"
        );
        assert!(err("2022-00-10").contains("no month 00"));
        assert!(err("2022-01-00").contains("days start at 01"));
        assert!(err("2022-07-26T25:00").contains("the time 25:00:00 does not exist"));
        assert!(err("2022-07-26T17:60").contains("does not exist"));
        assert!(err("2022-07-26T17:11:61+07:00").contains("does not exist"));
        assert!(err("2022-07-26T17:11:00+30:00").contains("offset is out of range"));
        assert!(BulletinDate::parse("2022-02-29", &hcm()).is_err());
        assert!(BulletinDate::parse("2024-02-29", &hcm()).is_ok());
    }

    #[test]
    fn unknown_formats_show_the_expected_ones() {
        let want = |s: &str| {
            format!(
                "invalid date `{s}`: write it as 2022-07-26, 2022-07-26T17:11:00 \
                 or 2022-07-26T17:11:00+07:00"
            )
        };
        for bad in [
            "26/07/2022",
            "",
            "2022-7-26",
            "2022/07/26",
            "22-07-26",
            "2022-07-26T",
            "2022-07-26T17",
            "2022-07-26T1711",
            "2022-07-26T17:11:00 +07:00",
            "2022-07-26T17:11:00+7",
            "2022-07-26T17:11:00+07:99",
            "2022-07-26T17:11:00.",
            "2022-07-26T17:11:00.1234567891",
            "2022-07-26T17:11:00[Asia/Ho_Chi_Minh]",
            "2022-07-26x",
            "hôm qua",
            "２０２２-07-26",
        ] {
            assert_eq!(err(bad), want(bad.trim()), "{bad:?}");
        }
    }
}
