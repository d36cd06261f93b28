//! Numbers in the site language.
//!
//! Vietnamese groups thousands with `.` and uses `,` as the decimal mark (`1.234.567,89`);
//! English does the opposite (`1,234,567.89`).
//!
//! Formatting works on the decimal digits of Rust's shortest round-trip representation of
//! the `f64` (what `format!("{v}")` prints), never on the binary value: `0.1 + 0.2` shows
//! as `0,3`, and rounding is half-up (away from zero) on those digits, so `1.005` rounded
//! to two decimals is `1,01` and `0.25` to one decimal is `0,3`. Rounding is done on the
//! digit string, with no floating-point arithmetic.
use crate::lang::Language;

/// What is printed for NaN and infinities.
pub const NOT_A_NUMBER: &str = "—";

/// Decimals shown when the caller does not ask for a fixed number of them.
const DEFAULT_MAX_DECIMALS: usize = 6;

/// The largest fixed number of decimals honoured; larger requests are capped to this.
pub const MAX_DECIMALS: u32 = 64;

/// A finite number as decimal digits: `int_digits.frac_digits`, both ASCII digits.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    /// At least one digit, no leading zeros except a lone `0`.
    int_digits: Vec<u8>,
    frac_digits: Vec<u8>,
}

impl Decimal {
    /// The shortest round-trip decimal digits of a finite `value`.
    fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() {
            return None;
        }
        Decimal::from_text(&format!("{}", value.abs()), value.is_sign_negative())
    }

    /// Decimal digits of an unsigned number written `123.45`, `1.5e-7` or `2.5E22`.
    ///
    /// `Display` for f64 prints positional notation, but exponents are accepted anyway in
    /// case that ever changes.
    fn from_text(text: &str, negative: bool) -> Option<Decimal> {
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
            None => (text, 0),
        };
        // f64 exponents stay within ±400; refuse anything that would allocate wildly.
        if exponent.abs() > 1000 {
            return None;
        }
        let (int_text, frac_text) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut all: Vec<u8> = Vec::with_capacity(int_text.len() + frac_text.len());
        all.extend_from_slice(int_text.as_bytes());
        all.extend_from_slice(frac_text.as_bytes());
        if !all.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Position of the decimal point within `all`.
        let point = i64::try_from(int_text.len()).ok()?.checked_add(exponent)?;
        let (mut int_digits, frac_digits) = if point <= 0 {
            let zeros = usize::try_from(-point).ok()?;
            let mut frac = vec![b'0'; zeros];
            frac.extend_from_slice(&all);
            (Vec::new(), frac)
        } else {
            let point = usize::try_from(point).ok()?;
            if point >= all.len() {
                let mut int = all;
                int.resize(point, b'0');
                (int, Vec::new())
            } else {
                let frac = all.split_off(point);
                (all, frac)
            }
        };
        let leading_zeros = int_digits.iter().take_while(|&&d| d == b'0').count();
        int_digits.drain(..leading_zeros);
        if int_digits.is_empty() {
            int_digits.push(b'0');
        }
        Some(Decimal {
            negative,
            int_digits,
            frac_digits,
        })
    }

    /// Rounds half-up (away from zero) to at most `decimals` fractional digits.
    fn round(&mut self, decimals: usize) {
        if self.frac_digits.len() <= decimals {
            return;
        }
        let round_up = self.frac_digits[decimals] >= b'5';
        self.frac_digits.truncate(decimals);
        if !round_up {
            return;
        }
        for d in self
            .frac_digits
            .iter_mut()
            .rev()
            .chain(self.int_digits.iter_mut().rev())
        {
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                return;
            }
        }
        // Every digit was 9: 99.96 → 100.0.
        self.int_digits.insert(0, b'1');
    }

    fn strip_trailing_zeros(&mut self) {
        while self.frac_digits.last() == Some(&b'0') {
            self.frac_digits.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.int_digits
            .iter()
            .chain(&self.frac_digits)
            .all(|&d| d == b'0')
    }

    /// Writes the magnitude (no sign) with the language's grouping and decimal mark.
    fn push_magnitude(&self, out: &mut String, lang: Language) {
        let (group, mark) = separators(lang);
        let n = self.int_digits.len();
        for (i, &d) in self.int_digits.iter().enumerate() {
            if i > 0 && (n - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(char::from(d));
        }
        if !self.frac_digits.is_empty() {
            out.push(mark);
            out.extend(self.frac_digits.iter().map(|&d| char::from(d)));
        }
    }
}

/// `(grouping separator, decimal mark)`.
fn separators(lang: Language) -> (char, char) {
    match lang {
        Language::Vi => ('.', ','),
        Language::En => (',', '.'),
    }
}

/// Rounds `value` to `decimals` places (`fixed`: pad with zeros to exactly that many;
/// otherwise strip trailing zeros). `None` for NaN and infinities. Negative zero and values
/// that round to zero lose their sign.
fn to_decimal(value: f64, decimals: usize, fixed: bool) -> Option<Decimal> {
    let mut d = Decimal::from_f64(value)?;
    d.round(decimals);
    if fixed {
        d.frac_digits.resize(decimals, b'0');
    } else {
        d.strip_trailing_zeros();
    }
    if d.is_zero() {
        d.negative = false;
    }
    Some(d)
}

/// Formats `value` with the language's grouping and decimal mark: `12.335`, `1.234.567,89`,
/// `7,6` (vi); `12,335`, `1,234,567.89`, `7.6` (en).
///
/// With `decimals: None` the number's own digits are shown (at most 6 decimals, rounded
/// half-up, trailing zeros dropped). With `Some(d)` the number is rounded half-up to exactly
/// `d` decimals (capped at [`MAX_DECIMALS`]), padding with zeros: `0.25` → `0,3` (d = 1),
/// `2.5` → `3`, `-2.5` → `-3` (d = 0), `7` → `7,0` (d = 1). NaN and infinities give
/// [`NOT_A_NUMBER`]; zero is never signed.
pub fn format_number(value: f64, lang: Language, decimals: Option<u32>) -> String {
    let decimal = match decimals {
        None => to_decimal(value, DEFAULT_MAX_DECIMALS, false),
        Some(d) => {
            let d = usize::try_from(d.min(MAX_DECIMALS)).unwrap_or(DEFAULT_MAX_DECIMALS);
            to_decimal(value, d, true)
        }
    };
    let Some(decimal) = decimal else {
        return NOT_A_NUMBER.to_owned();
    };
    let mut out = String::with_capacity(decimal.int_digits.len() * 4 / 3 + 24);
    if decimal.negative {
        out.push('-');
    }
    decimal.push_magnitude(&mut out, lang);
    out
}

/// Formats a percent change with at most one decimal (half-up): `tăng 7,6%`, `giảm 3,5%`,
/// `không đổi` (vi); `+7.6%`, `−3.5%` (U+2212 minus), `no change` (en).
///
/// A change that rounds to zero (`0.04`) is "no change". NaN and infinities give
/// [`NOT_A_NUMBER`].
pub fn format_change(pct: f64, lang: Language) -> String {
    let Some(decimal) = to_decimal(pct, 1, false) else {
        return NOT_A_NUMBER.to_owned();
    };
    if decimal.is_zero() {
        return match lang {
            Language::Vi => "không đổi",
            Language::En => "no change",
        }
        .to_owned();
    }
    let mut out = String::with_capacity(decimal.int_digits.len() * 4 / 3 + 12);
    out.push_str(match (lang, decimal.negative) {
        (Language::Vi, false) => "tăng ",
        (Language::Vi, true) => "giảm ",
        (Language::En, false) => "+",
        (Language::En, true) => "\u{2212}",
    });
    decimal.push_magnitude(&mut out, lang);
    out.push('%');
    out
}

/// [`format_change`] with its base, for readers who see the change alone: `tăng 7,6% so
/// với cùng kỳ` (vi), `+7.6% year on year` (en).
pub fn format_change_long(pct: f64, lang: Language) -> String {
    let mut out = format_change(pct, lang);
    if out != NOT_A_NUMBER {
        out.push_str(match lang {
            Language::Vi => " so với cùng kỳ",
            Language::En => " year on year",
        });
    }
    out
}

/// Formats a percent with at most one decimal (half-up, trailing zero dropped): `33%`,
/// `7,6%` (vi), `7.6%` (en). NaN and infinities give [`NOT_A_NUMBER`].
pub fn format_percent(pct: f64, lang: Language) -> String {
    let Some(decimal) = to_decimal(pct, 1, false) else {
        return NOT_A_NUMBER.to_owned();
    };
    let mut out = String::with_capacity(decimal.int_digits.len() * 4 / 3 + 8);
    if decimal.negative {
        out.push('-');
    }
    decimal.push_magnitude(&mut out, lang);
    out.push('%');
    out
}

/// Parses a number written in the language's format, the inverse of [`format_number`]:
/// `1.234.567,89` (vi) or `1,234,567.89` (en), with an optional leading `-` (or U+2212).
///
/// Surrounding whitespace is ignored. Grouping is optional but, when present, must be
/// regular (`1.234.567`, not `1.2345`), so a number written in the other language's format
/// (`1.5` in Vietnamese) is rejected rather than misread. Returns `None` for anything else.
pub fn parse_number(s: &str, lang: Language) -> Option<f64> {
    let (group, mark) = separators(lang);
    let s = s.trim();
    let (negative, rest) = match s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int_part, frac_part) = match rest.split_once(mark) {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mut plain = String::with_capacity(rest.len() + 2);
    if negative {
        plain.push('-');
    }
    let mut groups = int_part.split(group);
    let first = groups.next()?;
    if !all_digits(first) {
        return None;
    }
    plain.push_str(first);
    let mut grouped = false;
    for g in groups {
        if g.len() != 3 || !all_digits(g) {
            return None;
        }
        grouped = true;
        plain.push_str(g);
    }
    if grouped && first.len() > 3 {
        return None;
    }
    if let Some(frac) = frac_part {
        if !all_digits(frac) {
            return None;
        }
        plain.push('.');
        plain.push_str(frac);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Vi};
    use proptest::prelude::*;

    #[test]
    fn vietnamese_numbers() {
        let cases = [
            (12335.0, "12.335"),
            (1234567.89, "1.234.567,89"),
            (7.6, "7,6"),
            (-3.5, "-3,5"),
            (0.5, "0,5"),
            (0.0, "0"),
            (-0.0, "0"),
            (100.0, "100"),
            (1000.0, "1.000"),
            (-1234.0, "-1.234"),
            (0.1 + 0.2, "0,3"),
            (1e-7, "0"),
            (-1e-7, "0"),
            (0.0000015, "0,000002"),
            (1e21, "1.000.000.000.000.000.000.000"),
            (123456.1234567, "123.456,123457"),
        ];
        for (v, want) in cases {
            assert_eq!(format_number(v, Vi, None), want, "{v}");
        }
    }

    #[test]
    fn english_numbers() {
        assert_eq!(format_number(12335.0, En, None), "12,335");
        assert_eq!(format_number(1234567.89, En, None), "1,234,567.89");
        assert_eq!(format_number(7.6, En, None), "7.6");
        assert_eq!(format_number(-3.5, En, None), "-3.5");
        assert_eq!(format_number(0.1 + 0.2, En, None), "0.3");
    }

    #[test]
    fn fixed_decimals_round_half_up_on_digits() {
        let cases = [
            (0.25, 1, "0,3"),
            (2.5, 0, "3"),
            (7.65, 1, "7,7"),
            (-2.5, 0, "-3"),
            (1.005, 2, "1,01"),
            (7.0, 1, "7,0"),
            (1234.5, 0, "1.235"),
            (999.96, 1, "1.000,0"),
            (9.99, 0, "10"),
            (-0.04, 1, "0,0"),
            (0.125, 2, "0,13"),
            (12335.0, 2, "12.335,00"),
            (1e-10, 3, "0,000"),
        ];
        for (v, d, want) in cases {
            assert_eq!(format_number(v, Vi, Some(d)), want, "{v} to {d}");
        }
        assert_eq!(format_number(1.005, En, Some(2)), "1.01");
        assert_eq!(
            format_number(1.0, En, Some(u32::MAX)).len(),
            2 + MAX_DECIMALS as usize
        );
    }

    #[test]
    fn extreme_values() {
        assert_eq!(format_number(f64::NAN, Vi, None), "—");
        assert_eq!(format_number(f64::INFINITY, En, Some(2)), "—");
        assert_eq!(format_number(f64::NEG_INFINITY, Vi, None), "—");
        let max = format_number(f64::MAX, En, None);
        assert!(max.starts_with("179,769,313,486,231,570,000"), "{max}");
        assert_eq!(format_number(f64::MIN_POSITIVE, Vi, None), "0");
        assert_eq!(format_number(5e-324, Vi, Some(2)), "0,00");
        assert_eq!(format_percent(f64::NAN, Vi), "—");
        assert_eq!(format_change(f64::INFINITY, Vi), "—");
    }

    #[test]
    fn decimal_from_exponent_forms() {
        // Display never uses exponents, but the digit expander accepts them.
        let d = Decimal::from_text("1.5e-7", false).map(|d| (d.int_digits, d.frac_digits));
        assert_eq!(d, Some((b"0".to_vec(), b"00000015".to_vec())));
        let d = Decimal::from_text("2.5E22", false).map(|d| d.int_digits);
        assert_eq!(d, Some(b"25000000000000000000000".to_vec()));
        let d = Decimal::from_text("12.345e1", false).map(|d| (d.int_digits, d.frac_digits));
        assert_eq!(d, Some((b"123".to_vec(), b"45".to_vec())));
        assert_eq!(Decimal::from_text("1.2x", false), None);
        assert_eq!(Decimal::from_text("1e", false), None);
        // Display of tiny and huge values is positional.
        let d = Decimal::from_f64(1.5e-7).map(|d| (d.int_digits, d.frac_digits));
        assert_eq!(d, Some((b"0".to_vec(), b"00000015".to_vec())));
        let d = Decimal::from_f64(2.5e22).map(|d| d.int_digits);
        assert_eq!(d, Some(b"25000000000000000000000".to_vec()));
    }

    #[test]
    fn percents() {
        assert_eq!(format_percent(33.0, Vi), "33%");
        assert_eq!(format_percent(7.6, Vi), "7,6%");
        assert_eq!(format_percent(7.6, En), "7.6%");
        assert_eq!(format_percent(7.65, Vi), "7,7%");
        assert_eq!(format_percent(33.333333, En), "33.3%");
        assert_eq!(format_percent(99.96, Vi), "100%");
        assert_eq!(format_percent(-0.5, Vi), "-0,5%");
        assert_eq!(format_percent(0.04, Vi), "0%");
        assert_eq!(format_percent(-0.04, Vi), "0%");
        assert_eq!(format_percent(1234.5, Vi), "1.234,5%");
    }

    #[test]
    fn changes() {
        assert_eq!(format_change(7.6, Vi), "tăng 7,6%");
        assert_eq!(format_change(-3.5, Vi), "giảm 3,5%");
        assert_eq!(format_change(0.0, Vi), "không đổi");
        assert_eq!(format_change(-0.0, Vi), "không đổi");
        assert_eq!(format_change(0.04, Vi), "không đổi");
        assert_eq!(format_change(7.6, En), "+7.6%");
        assert_eq!(format_change(-3.5, En), "\u{2212}3.5%");
        assert_eq!(format_change(0.0, En), "no change");
        assert_eq!(format_change(7.65, En), "+7.7%");
        assert_eq!(format_change_long(7.6, Vi), "tăng 7,6% so với cùng kỳ");
        assert_eq!(format_change_long(0.0, Vi), "không đổi so với cùng kỳ");
        assert_eq!(format_change_long(-3.5, En), "\u{2212}3.5% year on year");
        assert_eq!(format_change_long(f64::NAN, En), NOT_A_NUMBER);
        assert_eq!(format_change(-7.65, Vi), "giảm 7,7%");
        assert_eq!(format_change(12.0, Vi), "tăng 12%");
        assert_eq!(format_change(1500.0, En), "+1,500%");
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_number("12.335", Vi), Some(12335.0));
        assert_eq!(parse_number("1.234.567,89", Vi), Some(1234567.89));
        assert_eq!(parse_number("7,6", Vi), Some(7.6));
        assert_eq!(parse_number("-3,5", Vi), Some(-3.5));
        assert_eq!(parse_number("\u{2212}3,5", Vi), Some(-3.5));
        assert_eq!(parse_number(" 12335 ", Vi), Some(12335.0));
        assert_eq!(parse_number("12,335", En), Some(12335.0));
        assert_eq!(parse_number("1,234,567.89", En), Some(1234567.89));
        assert_eq!(parse_number("7.6", En), Some(7.6));
        assert_eq!(parse_number("0", En), Some(0.0));
        for bad in [
            "", "-", "1.5", "1.2345", "1234.567", "12,", ",5", "1,2,3", "abc", "1e5", "--1",
            "1 000", "+1", "1,5,6",
        ] {
            assert_eq!(parse_number(bad, Vi), None, "{bad:?}");
        }
        assert_eq!(parse_number("7,6", En), None);
        assert_eq!(parse_number("1.2.3", En), None);
        assert_eq!(parse_number(&"9".repeat(400), En), None);
    }

    proptest! {
        #[test]
        fn parse_inverts_format(
            int in -999_999_999_999i64..=999_999_999_999,
            frac in 0u32..1_000_000,
            places in 0usize..=6,
            en in any::<bool>(),
        ) {
            let lang = if en { En } else { Vi };
            let frac = frac % 10u32.pow(u32::try_from(places).unwrap_or(0));
            let text = if places == 0 { format!("{int}") } else { format!("{int}.{frac:0places$}") };
            let v: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            let shown = format_number(v, lang, None);
            let back = parse_number(&shown, lang);
            prop_assert!(back.is_some(), "{} → {} did not parse", v, shown);
            let back = back.unwrap_or(f64::NAN);
            prop_assert!((back - v).abs() <= 1e-9 * v.abs().max(1.0), "{} → {} → {}", v, shown, back);
        }

        #[test]
        fn fixed_decimals_have_exactly_that_many(v in -1e9f64..1e9, d in 0u32..8) {
            let shown = format_number(v, En, Some(d));
            let frac_len = shown.split_once('.').map_or(0, |(_, f)| f.len());
            prop_assert_eq!(frac_len, d as usize);
            let back = parse_number(&shown, En).unwrap_or(f64::NAN);
            prop_assert!((back - v).abs() <= 0.5 * 10f64.powi(-(d as i32)) + 1e-6);
        }
    }
}
