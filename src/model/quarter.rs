//! Quarters: `2022-Q1`. (stub: being implemented)
use crate::lang::Language;

/// A calendar quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i16,
    number: u8,
}

impl Quarter {
    /// A quarter; `number` must be 1..=4.
    pub fn new(year: i16, number: u8) -> Option<Quarter> {
        (1..=4)
            .contains(&number)
            .then_some(Quarter { year, number })
    }
    /// The quarter a date falls in.
    pub fn of(date: jiff::civil::Date) -> Quarter {
        Quarter {
            year: date.year(),
            number: ((date.month() - 1) / 3 + 1) as u8,
        }
    }
    /// Parses `2022-Q1`, `Q1/2022`, `quý I/2022` (case-insensitive).
    pub fn parse(s: &str) -> Result<Quarter, String> {
        Err(format!("invalid quarter `{s}`"))
    }
    /// The year.
    pub fn year(self) -> i16 {
        self.year
    }
    /// 1..=4.
    pub fn number(self) -> u8 {
        self.number
    }
    /// `2022-q1`.
    pub fn slug(self) -> String {
        format!("{}-q{}", self.year, self.number)
    }
    /// `Quý I/2022` (vi) or `Q1 2022` (en).
    pub fn label(self, lang: Language) -> String {
        let _ = lang;
        self.to_string()
    }
    /// The quarter a year earlier.
    pub fn year_before(self) -> Quarter {
        Quarter {
            year: self.year - 1,
            number: self.number,
        }
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}
