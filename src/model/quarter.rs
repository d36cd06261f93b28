//! Quarters: `2022-Q1`, written `Quý I/2022` on a Vietnamese site.
use crate::lang::Language;
use jiff::civil::Date;

/// The years [`Quarter::parse`] accepts.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// A calendar quarter. Ordered by year, then number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i16,
    number: u8,
}

/// The Roman numerals of quarters 1 to 4, as Vietnamese writes them (`Quý IV/2022`).
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Quarter {
    /// A quarter; `number` must be 1..=4.
    pub fn new(year: i16, number: u8) -> Option<Quarter> {
        (1..=4)
            .contains(&number)
            .then_some(Quarter { year, number })
    }

    /// The quarter a date falls in (January–March is Q1).
    pub fn of(date: Date) -> Quarter {
        // `month()` is 1..=12, so the quarter is 1..=4.
        let number = u8::try_from((date.month() - 1) / 3 + 1).unwrap_or(1);
        Quarter {
            year: date.year(),
            number,
        }
    }

    /// Parses a quarter written `2022-Q1`, `Q1/2022`, `Q1-2022`, `Q1 2022`, `quý I/2022` or
    /// `quý 1/2022` (any case, with or without diacritics, Roman I–IV or digits 1–4 after
    /// `quý`), ignoring surrounding whitespace. The year must be in [`YEARS`].
    ///
    /// The error says what was expected, e.g. ``invalid quarter `2022-Q5`: write it as
    /// 2022-Q1, Q1/2022 or quý I/2022``.
    pub fn parse(s: &str) -> Result<Quarter, String> {
        let folded = crate::slug::fold_for_search(s);
        let Some((year, number)) = parse_folded(&folded) else {
            return Err(format!(
                "invalid quarter `{}`: write it as 2022-Q1, Q1/2022 or quý I/2022",
                s.trim()
            ));
        };
        if !YEARS.contains(&year) {
            return Err(format!(
                "invalid quarter `{}`: the year must be between {} and {}",
                s.trim(),
                YEARS.start(),
                YEARS.end()
            ));
        }
        Quarter::new(year, number).ok_or_else(|| format!("invalid quarter `{}`", s.trim()))
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.year
    }

    /// 1..=4.
    pub fn number(self) -> u8 {
        self.number
    }

    /// The URL segment: `2022-q1`.
    pub fn slug(self) -> String {
        format!("{}-q{}", self.year, self.number)
    }

    /// The Roman numeral of the quarter: `I`, `II`, `III` or `IV`.
    pub fn roman(self) -> &'static str {
        ROMAN
            .get(usize::from(self.number).saturating_sub(1))
            .copied()
            .unwrap_or("I")
    }

    /// The label for headings and text: `Quý I/2022` (vi) or `Q1 2022` (en).
    pub fn label(self, lang: Language) -> String {
        match lang {
            Language::Vi => format!("Quý {}/{}", self.roman(), self.year),
            Language::En => format!("Q{} {}", self.number, self.year),
        }
    }

    /// A compact label for chart axes, the same in both languages: `Q1/22` (quarter number,
    /// then the last two digits of the year). `lang` is accepted for future use.
    pub fn short_label(self, lang: Language) -> String {
        let _ = lang;
        format!("Q{}/{:02}", self.number, self.year.rem_euclid(100))
    }

    /// The same quarter a year earlier (for year-on-year comparisons).
    pub fn year_before(self) -> Quarter {
        Quarter {
            year: self.year.saturating_sub(1),
            number: self.number,
        }
    }

    /// The following quarter (`2022-Q4` → `2023-Q1`).
    pub fn next(self) -> Quarter {
        if self.number >= 4 {
            Quarter {
                year: self.year.saturating_add(1),
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// The preceding quarter (`2023-Q1` → `2022-Q4`).
    pub fn prev(self) -> Quarter {
        if self.number <= 1 {
            Quarter {
                year: self.year.saturating_sub(1),
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// The first month of the quarter (1, 4, 7 or 10).
    fn first_month(self) -> i8 {
        i8::try_from(self.number.clamp(1, 4) * 3 - 2).unwrap_or(1)
    }

    /// The first day of the quarter (`2022-Q2` → 2022-04-01). Years outside jiff's range
    /// (-9999..=9999) are clamped to it.
    pub fn first_day(self) -> Date {
        Date::new(self.jiff_year(), self.first_month(), 1).unwrap_or(Date::MIN)
    }

    /// The last day of the quarter (`2022-Q2` → 2022-06-30). Years outside jiff's range
    /// (-9999..=9999) are clamped to it.
    pub fn last_day(self) -> Date {
        let last_month = self.first_month() + 2;
        let day = if matches!(last_month, 3 | 12) { 31 } else { 30 };
        Date::new(self.jiff_year(), last_month, day).unwrap_or(Date::MAX)
    }

    fn jiff_year(self) -> i16 {
        self.year.clamp(Date::MIN.year(), Date::MAX.year())
    }
}

/// Parses a quarter folded by [`crate::slug::fold_for_search`] (lowercase, no diacritics,
/// trimmed, single spaces) into `(year, number)`.
fn parse_folded(t: &str) -> Option<(i16, u8)> {
    // `2022-q1`
    if let Some((year, q)) = t.split_once("-q") {
        return Some((parse_year(year)?, parse_digit(q)?));
    }
    // `q1/2022`, `quy i/2022`, `q1 2022`: the year is after the last separator.
    let sep = t.rfind(['/', '-', ' '])?;
    let (head, year) = (&t[..sep], &t[sep + 1..]);
    let year = parse_year(year)?;
    // `quý I / 2022`: a space before the year may follow a spaced-out `/` or `-`.
    let head = if t[sep..].starts_with(' ') {
        head.strip_suffix(['/', '-']).unwrap_or(head).trim_end()
    } else {
        head.trim_end()
    };
    let number = if let Some(rest) = head.strip_prefix("quy") {
        let rest = rest.trim_start();
        parse_digit(rest).or_else(|| parse_roman(rest))?
    } else {
        parse_digit(head.strip_prefix('q')?)?
    };
    Some((year, number))
}

/// Four ASCII digits.
fn parse_year(s: &str) -> Option<i16> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// `1`..=`4`.
fn parse_digit(s: &str) -> Option<u8> {
    match s {
        "1" => Some(1),
        "2" => Some(2),
        "3" => Some(3),
        "4" => Some(4),
        _ => None,
    }
}

/// `i`..=`iv` (lowercase).
fn parse_roman(s: &str) -> Option<u8> {
    match s {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

impl std::fmt::Display for Quarter {
    /// `2022-Q1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

impl std::str::FromStr for Quarter {
    type Err = String;

    /// Same as [`Quarter::parse`].
    fn from_str(s: &str) -> Result<Quarter, String> {
        Quarter::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(year: i16, number: u8) -> Quarter {
        Quarter { year, number }
    }

    #[test]
    fn parses_every_form() {
        let cases = [
            ("2022-Q1", q(2022, 1)),
            ("2022-q1", q(2022, 1)),
            ("Q1/2022", q(2022, 1)),
            ("q1/2022", q(2022, 1)),
            ("Q1-2022", q(2022, 1)),
            ("Q3 2022", q(2022, 3)),
            ("quý I/2022", q(2022, 1)),
            ("Quý IV/2022", q(2022, 4)),
            ("QUÝ II/2022", q(2022, 2)),
            ("QUÝ III/2022", q(2022, 3)),
            ("quy I/2022", q(2022, 1)),
            ("Quy iv/2022", q(2022, 4)),
            ("quý 2/2022", q(2022, 2)),
            ("quý I / 2022", q(2022, 1)),
            ("quý  I-2022", q(2022, 1)),
            ("  2022-Q4\n", q(2022, 4)),
            ("1900-Q1", q(1900, 1)),
            ("2200-Q4", q(2200, 4)),
        ];
        for (input, want) in cases {
            assert_eq!(Quarter::parse(input), Ok(want), "{input:?}");
        }
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Quý IV/2022").collect();
        assert_eq!(Quarter::parse(&nfd), Ok(q(2022, 4)));
        assert_eq!("2022-Q2".parse::<Quarter>(), Ok(q(2022, 2)));
    }

    #[test]
    fn rejects_with_a_helpful_message() {
        let err = Quarter::parse("2022-Q5").err().unwrap_or_default();
        assert_eq!(
            err,
            "invalid quarter `2022-Q5`: write it as 2022-Q1, Q1/2022 or quý I/2022"
        );
        for bad in [
            "",
            "2022",
            "Q1",
            "Q0/2022",
            "quý V/2022",
            "quý 5/2022",
            "2022-Q",
            "22-Q1",
            "Q1/22",
            "Q1//2022",
            "2022/Q1",
            "quý I",
            "Q12022",
            "x2022-Q1",
            "2022-Q1x",
        ] {
            let err = Quarter::parse(bad).err().unwrap_or_default();
            assert!(err.contains("write it as 2022-Q1"), "{bad:?}: {err}");
        }
        let err = Quarter::parse("1899-Q4").err().unwrap_or_default();
        assert_eq!(
            err,
            "invalid quarter `1899-Q4`: the year must be between 1900 and 2200"
        );
        assert!(Quarter::parse("Q1/2201").is_err());
    }

    #[test]
    fn labels() {
        let q1 = q(2022, 1);
        assert_eq!(q1.to_string(), "2022-Q1");
        assert_eq!(q1.slug(), "2022-q1");
        assert_eq!(q1.label(Language::Vi), "Quý I/2022");
        assert_eq!(q(2022, 4).label(Language::Vi), "Quý IV/2022");
        assert_eq!(q1.label(Language::En), "Q1 2022");
        assert_eq!(q1.short_label(Language::Vi), "Q1/22");
        assert_eq!(q(2005, 3).short_label(Language::En), "Q3/05");
        assert_eq!(q(2000, 2).roman(), "II");
    }

    #[test]
    fn every_month_maps_to_its_quarter() {
        for month in 1..=12i8 {
            let date = Date::new(2022, month, 15).unwrap_or(Date::MIN);
            let want = u8::try_from((month + 2) / 3).unwrap_or(0);
            let got = Quarter::of(date);
            assert_eq!(got, q(2022, want), "month {month}");
            assert!(got.first_day() <= date && date <= got.last_day());
        }
    }

    #[test]
    fn navigation_and_bounds() {
        assert_eq!(q(2022, 4).next(), q(2023, 1));
        assert_eq!(q(2022, 2).next(), q(2022, 3));
        assert_eq!(q(2023, 1).prev(), q(2022, 4));
        assert_eq!(q(2023, 3).prev(), q(2023, 2));
        assert_eq!(q(2023, 3).year_before(), q(2022, 3));
        assert!(q(2022, 4) < q(2023, 1));
        assert!(q(2022, 1) < q(2022, 2));
        assert_eq!(q(2022, 1).first_day().to_string(), "2022-01-01");
        assert_eq!(q(2022, 1).last_day().to_string(), "2022-03-31");
        assert_eq!(q(2022, 2).first_day().to_string(), "2022-04-01");
        assert_eq!(q(2022, 2).last_day().to_string(), "2022-06-30");
        assert_eq!(q(2022, 3).last_day().to_string(), "2022-09-30");
        assert_eq!(q(2022, 4).first_day().to_string(), "2022-10-01");
        assert_eq!(q(2022, 4).last_day().to_string(), "2022-12-31");
        assert_eq!(q(i16::MAX, 4).last_day(), Date::MAX);
        assert_eq!(Quarter::new(2022, 0), None);
        assert_eq!(Quarter::new(2022, 5), None);
    }

    proptest! {
        #[test]
        fn round_trips(year in 1900i16..=2200, number in 1u8..=4) {
            let quarter = q(year, number);
            prop_assert_eq!(Quarter::parse(&quarter.to_string()), Ok(quarter));
            prop_assert_eq!(Quarter::parse(&quarter.label(Language::Vi)), Ok(quarter));
            prop_assert_eq!(Quarter::parse(&quarter.label(Language::En)), Ok(quarter));
            prop_assert_eq!(Quarter::parse(&quarter.slug()), Ok(quarter));
            prop_assert_eq!(quarter.next().prev(), quarter);
            prop_assert_eq!(Quarter::of(quarter.first_day()), quarter);
            prop_assert_eq!(Quarter::of(quarter.last_day()), quarter);
            prop_assert_eq!(quarter.last_day().tomorrow().map(Quarter::of).ok(), Some(quarter.next()));
        }
    }
}
