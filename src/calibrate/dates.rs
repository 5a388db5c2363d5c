//! Calendar dates of a CRM export, as days since 1970-01-01. Three
//! spellings are read:
//!
//! - ISO `2025-03-31` (also `2025-03-31T00:00:00...`, the time ignored);
//! - US `03/31/2025`: with slashes the order is ALWAYS month/day/year; a
//!   first number above 12 (`31/03/2025`) is refused with a hint to write
//!   the ISO form, never silently read as day/month;
//! - European `31.03.2025`: with dots the order is always day.month.year.
//!
//! Two-digit years are refused (which century is a guess).

/// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian; Howard
/// Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day number (the inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A day number as ISO `YYYY-MM-DD`.
pub fn iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses a date in one of the spellings of the module documentation;
/// the error says what was expected.
pub fn parse_date(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    let bad = || format!("`{t}` is not a date: write 2025-03-31 (ISO), 03/31/2025 (month/day/year) or 31.03.2025");
    let nums = |sep: char| -> Option<Vec<&str>> {
        let parts: Vec<&str> = t.split(sep).collect();
        (parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
            .then_some(parts)
    };
    let (y, m, d, parts) = if let Some(p) = nums('-') {
        (p[0], p[1], p[2], p)
    } else if let Some(p) = nums('/') {
        (p[2], p[0], p[1], p)
    } else if let Some(p) = nums('.') {
        (p[2], p[1], p[0], p)
    } else {
        return Err(bad());
    };
    if y.len() != 4 {
        return Err(format!(
            "`{t}`: write the year with four digits (which century a two-digit year means is a guess)"
        ));
    }
    let (year, month, day): (i64, u32, u32) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if t.contains('/') && month > 12 && day <= 12 {
        return Err(format!(
            "`{t}`: dates with slashes are read as month/day/year, and {month} is not a month; if this is \
             day/month/year, write {} (ISO) or {day:02}.{month:02}.{year} instead",
            format_args!("{year:04}-{day:02}-{month:02}")
        ));
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        let _ = parts;
        return Err(format!("`{t}` is not a calendar date (month {month}, day {day})"));
    }
    Ok(days_from_civil(year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_spellings_name_the_same_day() {
        let d = parse_date("2025-03-31").unwrap();
        assert_eq!(parse_date("03/31/2025"), Ok(d));
        assert_eq!(parse_date("31.03.2025"), Ok(d));
        assert_eq!(parse_date("2025-03-31T12:00:00Z"), Ok(d));
        assert_eq!(iso(d), "2025-03-31");
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(parse_date("2024-03-01").unwrap() - parse_date("2024-02-28").unwrap(), 2);
    }

    #[test]
    fn a_day_month_date_with_slashes_is_refused_with_the_iso_form() {
        let e = parse_date("31/03/2025").unwrap_err();
        assert!(e.contains("month/day/year") && e.contains("2025-03-31"), "{e}");
        assert!(parse_date("02/30/2025").unwrap_err().contains("not a calendar date"));
        assert!(parse_date("3/31/25").unwrap_err().contains("four digits"));
        assert!(parse_date("March 31").is_err());
    }

    #[test]
    fn days_round_trip() {
        for d in [-1000, 0, 19_000, 20_000, 60_000] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }
}
