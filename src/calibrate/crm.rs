//! A CRM export as [`Records`]: a CSV file with a header row and one row per
//! rep per period. Columns (names case-insensitive, any order; others are
//! ignored with a warning):
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `rep_id` | yes | the rep's identifier (any text, stable across the rep's rows) |
//! | `period_start` | yes | first day of the period (month or quarter) |
//! | `quota` | yes | the rep's quota for the period, USD (0 = none) |
//! | `bookings` | yes | bookings of the period, USD (negative for a period of cancellations or clawbacks) |
//! | `deals_won` | no | deals won in the period |
//! | `pay` | no | total pay of the period, USD (gives the cost of sales) |
//! | `hire_date` | yes | the rep's first day |
//! | `exit_date` | yes | the rep's last day; empty while in post |
//! | `exit_voluntary` | yes | `yes`/`no` (also `true`/`false`, `y`/`n`, `1`/`0`); empty while in post |
//!
//! Dates are read by [`super::dates`]: ISO `2025-03-31`, `03/31/2025`
//! (slashes: always month/day/year, a day/month date is refused) or
//! `31.03.2025` (dots: day.month.year).
//!
//! Weeks count from the earliest period start (week 0; days / 7, rounded).
//! A period runs to the next period start in the file; the last one is as
//! long as the period a quarter before it (monthly exports) or the one
//! before it. A row covers the weeks of its period the rep was in post
//! (from hire, to exit). Rows that cannot be used are reported, each with
//! its line, column and reason, and left out; the rest are used.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use super::dates::{iso, parse_date};
use super::records::{Records, RepPeriod};
use crate::config::error::closest;

/// Days in a week.
const DAYS_PER_WEEK: f64 = 7.0;

/// Largest CSV file read (256 MiB).
pub const MAX_CSV_BYTES: u64 = 256 << 20;

/// The columns, in the order [`write_csv`] writes them.
pub const COLUMNS: [&str; 9] =
    ["rep_id", "period_start", "quota", "bookings", "deals_won", "pay", "hire_date", "exit_date", "exit_voluntary"];

/// Columns a file must have.
pub const REQUIRED: [&str; 7] =
    ["rep_id", "period_start", "quota", "bookings", "hire_date", "exit_date", "exit_voluntary"];

/// A row (or a cell) that could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct RowIssue {
    /// 1-based line of the file.
    pub line: u64,
    /// 1-based column and its name, when one cell is to blame.
    pub column: Option<(usize, String)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some((c, name)) => write!(f, "line {}, column {c} ({name}): {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// Why an export could not be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CrmError {
    /// The file could not be read or is not CSV text.
    #[error("{0}")]
    Io(String),
    /// Required columns are missing from the header.
    #[error("line 1: missing column{} {}; the header needs {}", if .missing.len() == 1 { "" } else { "s" }, .missing.join(", "), REQUIRED.join(", "))]
    Header {
        /// The missing columns, each with a did-you-mean when a header is close.
        missing: Vec<String>,
    },
    /// No row could be used.
    #[error("no usable row ({} rows left out){}", .issues.len(), .issues.iter().take(10).map(|i| format!("\n  {i}")).collect::<String>())]
    NothingUsable {
        /// Why each row was left out.
        issues: Vec<RowIssue>,
    },
}

/// A read export.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmExport {
    /// The records of the usable rows.
    pub records: Records,
    /// The date of week 0.
    pub origin: i64,
    /// Rows left out and other warnings, in line order.
    pub issues: Vec<RowIssue>,
    /// Rows used.
    pub rows_used: usize,
    /// Reps with at least one usable row.
    pub reps: usize,
}

/// One parsed row before weeks are known.
struct Parsed {
    line: u64,
    rep: String,
    period: i64,
    quota: f64,
    bookings: f64,
    deals: Option<u32>,
    pay: Option<f64>,
    hire: i64,
    exit: Option<(i64, bool)>,
}

/// Reads the export at `path`.
pub fn read_csv(path: &Path) -> Result<CrmExport, CrmError> {
    let bytes = crate::config::load::read_capped(path, MAX_CSV_BYTES).map_err(|e| CrmError::Io(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CrmError::Io(format!("the file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    parse_csv(&text)
}

fn week_of(day: i64, origin: i64) -> i64 {
    ((day - origin) as f64 / DAYS_PER_WEEK).round() as i64
}

/// Parses export text (see the module documentation).
pub fn parse_csv(text: &str) -> Result<CrmExport, CrmError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> =
        reader.headers().map_err(|e| CrmError::Io(e.to_string()))?.iter().map(|h| h.to_ascii_lowercase()).collect();
    let mut issues = Vec::new();
    let col = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|c| col(c).is_none())
        .map(|c| match closest(c, header.iter().map(String::as_str)) {
            Some(h) => format!("`{c}` (is `{h}` it?)"),
            None => format!("`{c}`"),
        })
        .collect();
    if !missing.is_empty() {
        return Err(CrmError::Header { missing });
    }
    for (i, h) in header.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            let hint = closest(h, COLUMNS).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
            issues.push(RowIssue {
                line: 1,
                column: Some((i + 1, h.clone())),
                message: format!("unknown column, ignored{hint}"),
            });
        }
    }
    let idx = |name: &str| col(name).unwrap_or(usize::MAX);
    let mut parsed = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                issues.push(RowIssue { line, column: None, message: format!("not a CSV row: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        match parse_row(&record, line, &idx) {
            Ok(p) => parsed.push(p),
            Err(issue) => issues.push(issue),
        }
    }
    assemble(parsed, issues)
}

/// One row, or the first problem in it.
fn parse_row(record: &csv::StringRecord, line: u64, idx: &dyn Fn(&str) -> usize) -> Result<Parsed, RowIssue> {
    let cell = |name: &str| record.get(idx(name)).unwrap_or("");
    let issue = |name: &str, message: String| RowIssue { line, column: Some((idx(name) + 1, name.into())), message };
    let money = |name: &str, required: bool, signed: bool| -> Result<Option<f64>, RowIssue> {
        let raw = cell(name);
        if raw.is_empty() {
            return if required { Err(issue(name, "is empty; write a number (0 for none)".into())) } else { Ok(None) };
        }
        let cleaned: String = raw.chars().filter(|c| !matches!(c, '$' | ',' | ' ' | '_')).collect();
        match cleaned.parse::<f64>() {
            Ok(v) if v.is_finite() && (signed || v >= 0.0) => Ok(Some(v)),
            Ok(v) => Err(issue(name, format!("= {v}: must be a number of dollars at or above 0"))),
            Err(_) => Err(issue(name, format!("`{raw}` is not a number"))),
        }
    };
    let date = |name: &str| parse_date(cell(name)).map_err(|m| issue(name, m));
    if record.len() < REQUIRED.len() {
        return Err(RowIssue {
            line,
            column: None,
            message: format!("has {} cells; the header has more", record.len()),
        });
    }
    let rep = cell("rep_id").to_string();
    if rep.is_empty() {
        return Err(issue("rep_id", "is empty; every row needs the rep's identifier".into()));
    }
    let period = date("period_start")?;
    let quota = money("quota", true, false)?.unwrap_or(0.0);
    let bookings = money("bookings", true, true)?.unwrap_or(0.0);
    let deals = match cell("deals_won") {
        "" => None,
        raw => Some(raw.parse::<u32>().map_err(|_| issue("deals_won", format!("`{raw}` is not a whole number")))?),
    };
    let pay = money("pay", false, false)?;
    let hire = date("hire_date")?;
    let exit = match cell("exit_date") {
        "" => {
            if !cell("exit_voluntary").is_empty() {
                return Err(issue("exit_voluntary", "is filled but exit_date is empty".into()));
            }
            None
        }
        _ => {
            let day = date("exit_date")?;
            if day < hire {
                return Err(issue("exit_date", format!("{} is before the hire date {}", iso(day), iso(hire))));
            }
            let voluntary = match cell("exit_voluntary").to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "voluntary" => true,
                "no" | "n" | "false" | "0" | "involuntary" => false,
                "" => return Err(issue("exit_voluntary", "is empty for a rep who left; write yes or no".into())),
                other => return Err(issue("exit_voluntary", format!("`{other}`: write yes or no"))),
            };
            Some((day, voluntary))
        }
    };
    Ok(Parsed { line, rep, period, quota, bookings, deals, pay, hire, exit })
}

/// A rep's hire day, exit (day, voluntary) and the line that gave them.
type Span = (i64, Option<(i64, bool)>, u64);

/// Weeks, periods and rows from the parsed rows.
fn assemble(parsed: Vec<Parsed>, mut issues: Vec<RowIssue>) -> Result<CrmExport, CrmError> {
    let Some(origin) = parsed.iter().map(|p| p.period).min() else {
        return Err(CrmError::NothingUsable { issues });
    };
    let starts: Vec<i64> =
        parsed.iter().map(|p| week_of(p.period, origin)).collect::<BTreeSet<_>>().into_iter().collect();
    let gaps: Vec<i64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    let last_gap = match gaps.len() {
        0 => 13,
        n if n >= 3 && gaps[n - 1] <= 5 => gaps[n - 3],
        n => gaps[n - 1],
    };
    let end_of = |start: i64| -> i64 {
        let k = starts.partition_point(|&s| s <= start);
        starts.get(k).copied().unwrap_or(start + last_gap)
    };
    let weeks = (starts.last().copied().unwrap_or(0) + last_gap).max(1);
    let mut ids: BTreeMap<String, u64> = BTreeMap::new();
    let mut first_span: BTreeMap<u64, Span> = BTreeMap::new();
    let mut seen: BTreeSet<(u64, i64)> = BTreeSet::new();
    let mut rows = Vec::new();
    for p in parsed {
        let next = ids.len() as u64 + 1;
        let rep = *ids.entry(p.rep.clone()).or_insert(next);
        let span = *first_span.entry(rep).or_insert((p.hire, p.exit, p.line));
        if (span.0, span.1) != (p.hire, p.exit) {
            issues.push(RowIssue {
                line: p.line,
                column: None,
                message: format!(
                    "rep `{}` has other hire or exit dates on line {}; the first row's are used",
                    p.rep, span.2
                ),
            });
        }
        let period = week_of(p.period, origin);
        if !seen.insert((rep, period)) {
            issues.push(RowIssue {
                line: p.line,
                column: None,
                message: format!("rep `{}` has a second row for the period of {}; left out", p.rep, iso(p.period)),
            });
            continue;
        }
        let hire_week = week_of(span.0, origin);
        let exit_week = span.1.map(|(d, _)| week_of(d, origin));
        let start = period.max(hire_week);
        let end = exit_week.map_or(end_of(period), |e| e.min(end_of(period) - 1) + 1);
        if end <= start {
            issues.push(RowIssue {
                line: p.line,
                column: None,
                message: format!(
                    "rep `{}` was not in post in the period of {} (hired {}{}); left out",
                    p.rep,
                    iso(p.period),
                    iso(span.0),
                    span.1.map(|(d, _)| format!(", left {}", iso(d))).unwrap_or_default()
                ),
            });
            continue;
        }
        rows.push(RepPeriod {
            rep,
            start,
            weeks: (end - start) as u32,
            quota: p.quota,
            bookings: p.bookings,
            deals_won: p.deals,
            pay: p.pay,
            hire_week,
            exit_week,
            voluntary: span.1.map(|(_, v)| v),
        });
    }
    if rows.is_empty() {
        return Err(CrmError::NothingUsable { issues });
    }
    issues.sort_by_key(|i| i.line);
    let reps = rows.iter().map(|r| r.rep).collect::<BTreeSet<_>>().len();
    let rows_used = rows.len();
    Ok(CrmExport {
        records: Records { weeks: weeks as u32, rows, weekly_bookings: None },
        origin,
        issues,
        rows_used,
        reps,
    })
}

/// The first week of the period (a month of the 4-4-5 calendar of
/// [`super::observe`]) holding week `week`.
fn period_start_week(week: i64) -> i64 {
    let q = week.div_euclid(super::records::QUARTER_WEEKS) * super::records::QUARTER_WEEKS;
    let within = week - q;
    q + if within >= 8 {
        8
    } else if within >= 4 {
        4
    } else {
        0
    }
}

/// Records as export text with week 0 on day `origin` (days since
/// 1970-01-01): each row's period start is its month of the 4-4-5 calendar,
/// dates are ISO, ids are `R` and the rep's number. What [`parse_csv`] reads
/// back is the same records (without weekly bookings).
pub fn write_csv(records: &Records, origin: i64) -> String {
    let day = |week: i64| iso(origin + 7 * week);
    let mut out = String::new();
    out.push_str(&COLUMNS.join(","));
    out.push('\n');
    let mut rows: Vec<&RepPeriod> = records.rows.iter().collect();
    rows.sort_by_key(|r| (r.rep, r.start));
    for r in rows {
        let cells = [
            format!("R{:04}", r.rep),
            day(period_start_week(r.start)),
            format!("{:.2}", r.quota),
            format!("{:.2}", r.bookings),
            r.deals_won.map(|d| d.to_string()).unwrap_or_default(),
            r.pay.map(|p| format!("{p:.2}")).unwrap_or_default(),
            day(r.hire_week),
            r.exit_week.map(day).unwrap_or_default(),
            match r.voluntary {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "rep_id,period_start,quota,bookings,deals_won,hire_date,exit_date,exit_voluntary\n";

    #[test]
    fn a_small_export_reads_into_weeks_from_the_first_period() {
        let text = format!(
            "{HEAD}a,2025-01-01,30000,32000,3,2020-05-01,,\n\
             a,2025-04-01,30000,20000,2,2020-05-01,,\n\
             b,01/01/2025,30000,10000,1,2024-12-01,15.05.2025,yes\n\
             b,2025-04-01,30000,5000,0,2024-12-01,2025-05-15,yes\n"
        );
        let e = parse_csv(&text).unwrap();
        assert!(e.issues.is_empty(), "{:?}", e.issues);
        assert_eq!((e.reps, e.rows_used, e.records.weeks), (2, 4, 26));
        let b: Vec<_> = e.records.rows.iter().filter(|r| r.rep == 2).collect();
        assert_eq!(b[1].start, 13);
        // Left on 2025-05-15, week 19: in post weeks 13..=19.
        assert_eq!(b[1].weeks, 7);
        assert_eq!(b[1].exit_week, Some(19));
        assert_eq!(b[1].voluntary, Some(true));
    }

    #[test]
    fn bad_cells_are_reported_with_line_and_column_and_the_rest_is_used() {
        let text = format!(
            "{HEAD}a,2025-01-01,30000,32000,3,2020-05-01,,\n\
             a,2025-04-01,thirty,20000,2,2020-05-01,,\n\
             b,31/01/2025,30000,1,1,2024-12-01,,\n\
             c,2025-01-01,30000,1,1,2024-12-01,2024-01-01,yes\n\
             d,2025-01-01,30000,1,1,2024-12-01,2025-02-01,maybe\n"
        );
        let e = parse_csv(&text).unwrap();
        let lines: Vec<String> = e.issues.iter().map(|i| i.to_string()).collect();
        assert_eq!(e.rows_used, 1, "{lines:?}");
        assert!(lines[0].starts_with("line 3, column 3 (quota): `thirty` is not a number"), "{lines:?}");
        assert!(lines[1].starts_with("line 4, column 2 (period_start)") && lines[1].contains("month/day/year"));
        assert!(lines[2].starts_with("line 5, column 7 (exit_date)") && lines[2].contains("before the hire date"));
        assert!(lines[3].starts_with("line 6, column 8 (exit_voluntary)"));
    }

    #[test]
    fn a_file_without_usable_rows_or_columns_is_refused() {
        let e = parse_csv("rep,period_start\nx,2025-01-01\n").unwrap_err();
        assert!(e.to_string().contains("missing columns"), "{e}");
        let e = parse_csv(&format!("{HEAD}a,2025-13-01,1,1,1,2020-01-01,,\n")).unwrap_err();
        assert!(matches!(e, CrmError::NothingUsable { .. }), "{e}");
    }

    #[test]
    fn written_records_read_back_the_same() {
        let row = |rep, start, weeks, hire, exit: Option<i64>| RepPeriod {
            rep,
            start,
            weeks,
            quota: 1000.0,
            bookings: 1234.5,
            deals_won: None,
            pay: Some(10.0),
            hire_week: hire,
            exit_week: exit,
            voluntary: exit.map(|_| false),
        };
        let rows = vec![
            row(1, 0, 4, -50, None),
            row(1, 4, 4, -50, None),
            row(1, 8, 5, -50, None),
            row(1, 13, 4, -50, None),
            row(2, 0, 4, -10, Some(5)),
            row(2, 4, 2, -10, Some(5)),
            row(3, 6, 2, 6, None),
            row(3, 8, 5, 6, None),
            row(3, 13, 4, 6, None),
        ];
        let records = Records { weeks: 17, rows, weekly_bookings: None };
        let text = write_csv(&records, parse_date("2025-01-06").unwrap());
        let back = parse_csv(&text).unwrap();
        assert!(back.issues.is_empty(), "{:?}", back.issues);
        let mut want = records.rows.clone();
        want.sort_by_key(|r| (r.rep, r.start));
        assert_eq!(back.records.rows, want);
        assert_eq!(back.records.weeks, 17);
    }
}
