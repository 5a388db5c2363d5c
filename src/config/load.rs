//! Stage one of loading: TOML text to [`RawScenario`], with errors that carry the
//! key path, the line and the column, and a did-you-mean for unknown keys.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{ConfigError, closest};
use super::schema::{Section, spec};
use super::types::RawScenario;
use super::uncertain::{Distribution, UncertainParam};

/// Largest scenario file read: 8 MiB, a hundred times the largest bundled
/// scenario with thousands of strategies to spare. A larger file (or a device
/// such as `/dev/zero`) is refused before it fills memory.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// Reads at most `max` bytes of `path`; a longer file is refused with its limit.
pub fn read_capped(path: &std::path::Path, max: u64) -> Result<Vec<u8>, ConfigError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| ConfigError::Io(e.to_string()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(ConfigError::Io("is a directory, not a file".into()));
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| ConfigError::Io(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(ConfigError::Io(format!(
            "the file is larger than {} MiB, the most salesim reads; is it the right file?",
            max >> 20
        )));
    }
    Ok(bytes)
}

/// Parses scenario text. Syntax, unknown-key and type errors are reported here;
/// ranges are checked by [`super::validate::validate`].
pub fn parse_raw(text: &str) -> Result<RawScenario, ConfigError> {
    let (plain, uncertain) = extract_distributions(text)?;
    let mut raw = parse_plain(plain.as_deref().unwrap_or(text))?;
    raw.uncertain = uncertain;
    Ok(raw)
}

/// Finds `[behavior]`, `[market]` and `[team]` keys written as distributions
/// (`key = { uniform = [lo, hi] }`, `{ normal = [mean, sd] }`,
/// `{ triangular = [lo, mode, hi] }`; whole-number `[team]` keys such as
/// `size` cannot be uncertain), and returns the text with each such
/// inline table replaced by its central value (same lines, so later messages
/// keep their line numbers) together with the distributions. `None` when the
/// file has no distribution.
fn extract_distributions(text: &str) -> Result<(Option<String>, Vec<UncertainParam>), ConfigError> {
    let Ok(root) = DeTable::parse(text) else { return Ok((None, Vec::new())) };
    let mut found: Vec<(std::ops::Range<usize>, UncertainParam)> = Vec::new();
    for (section_key, value) in root.get_ref() {
        let section = match section_key.get_ref().as_ref() {
            "behavior" => Section::Behavior,
            "market" => Section::Market,
            "team" => Section::Team,
            _ => continue,
        };
        let DeValue::Table(table) = value.get_ref() else { continue };
        for (key, value) in table {
            let DeValue::Table(_) = value.get_ref() else { continue };
            let key = key.get_ref().to_string();
            let path = format!("{}.{key}", section.prefix());
            let Some(spec) = spec(section, &key) else { continue };
            let span = value.span();
            let (line, column) = line_column(text, span.start);
            let wrong = |message: String| ConfigError::WrongType {
                key_path: path.clone(),
                message,
                line: Some(line),
                column: Some(column),
            };
            if spec.integer {
                return Err(wrong(format!(
                    "`{path}` is a whole number and cannot be uncertain; only keys with a continuous range can be \
                     distributions"
                )));
            }
            let snippet = text.get(span.clone()).unwrap_or_default();
            if !snippet.trim_start().starts_with('{') {
                return Err(wrong(format!(
                    "write a distribution inline, e.g. `{key} = {{ uniform = [lo, hi] }}`, not as a separate table"
                )));
            }
            let parsed: toml::Table =
                toml::from_str(&format!("v = {snippet}")).map_err(|e| wrong(tidy(e.message())))?;
            let distribution = parse_distribution(parsed.get("v"), &key).map_err(wrong)?;
            let (lo, hi) = distribution.support();
            let (check_lo, check_hi) =
                if lo.is_finite() { (lo, hi) } else { (distribution.centre(), distribution.centre()) };
            for v in [check_lo, check_hi] {
                if !(v >= spec.min && v <= spec.max) {
                    return Err(ConfigError::OutOfRange {
                        key_path: path.clone(),
                        value: v,
                        min: spec.min,
                        max: spec.max,
                        unit: spec.unit.to_string(),
                        integer: spec.integer,
                    });
                }
            }
            found.push((span, UncertainParam { section, key, distribution }));
        }
    }
    if found.is_empty() {
        return Ok((None, Vec::new()));
    }
    found.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, u) in &found {
        out.push_str(&text[at..span.start]);
        out.push_str(&format!("{:?}", u.distribution.centre()));
        at = span.end;
    }
    out.push_str(&text[at..]);
    Ok((Some(out), found.into_iter().map(|(_, u)| u).collect()))
}

fn parse_distribution(value: Option<&toml::Value>, key: &str) -> Result<Distribution, String> {
    let usage = format!(
        "expected a number or a distribution: `{key} = {{ uniform = [lo, hi] }}`, `{{ normal = [mean, sd] }}` or `{{ triangular = [lo, mode, hi] }}`"
    );
    let Some(toml::Value::Table(t)) = value else { return Err(usage) };
    if t.len() != 1 {
        return Err(usage);
    }
    let (name, args) = t.iter().next().ok_or_else(|| usage.clone())?;
    let nums: Vec<f64> = match args {
        toml::Value::Array(a) => a
            .iter()
            .map(|v| match v {
                toml::Value::Float(f) if f.is_finite() => Some(*f),
                toml::Value::Integer(i) => Some(*i as f64),
                _ => None,
            })
            .collect::<Option<Vec<f64>>>()
            .ok_or_else(|| format!("`{name}` takes finite numbers"))?,
        _ => return Err(usage),
    };
    let need = |n: usize, form: &str| {
        if nums.len() == n { Ok(()) } else { Err(format!("`{name}` takes {n} numbers: {form}")) }
    };
    match name.as_str() {
        "uniform" => {
            need(2, "[lo, hi]")?;
            if nums[0] > nums[1] {
                return Err(format!("uniform: lo ({}) is above hi ({})", nums[0], nums[1]));
            }
            Ok(Distribution::Uniform { lo: nums[0], hi: nums[1] })
        }
        "normal" => {
            need(2, "[mean, sd]")?;
            if nums[1] < 0.0 {
                return Err(format!("normal: the sd ({}) must not be negative", nums[1]));
            }
            Ok(Distribution::Normal { mean: nums[0], sd: nums[1] })
        }
        "triangular" => {
            need(3, "[lo, mode, hi]")?;
            if !(nums[0] <= nums[1] && nums[1] <= nums[2]) {
                return Err(format!("triangular: need lo <= mode <= hi, got {nums:?}"));
            }
            Ok(Distribution::Triangular { lo: nums[0], mode: nums[1], hi: nums[2] })
        }
        other => Err(format!("unknown distribution `{other}`; {usage}")),
    }
}

fn parse_plain(text: &str) -> Result<RawScenario, ConfigError> {
    let root = DeTable::parse(text).map_err(|e| syntax_error(text, &e))?;
    check_shape(text, root.get_ref())?;
    check_integers(text, "", root.get_ref())?;
    deserialize_root(text, root)
}

/// Deserializes a parsed TOML document into `T`; an unknown key becomes
/// [`ConfigError::UnknownKey`] with its path, line, column and the closest
/// known key, any other mismatch [`ConfigError::WrongType`].
fn deserialize_root<T: serde::de::DeserializeOwned>(text: &str, root: Spanned<DeTable<'_>>) -> Result<T, ConfigError> {
    let deserializer = toml::Deserializer::from(root);
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let key_path = clean_path(&e.path().to_string());
        let inner = e.into_inner();
        let (line, column) = match inner.span() {
            Some(span) => {
                let (l, c) = line_column(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let message = inner.message().to_string();
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default().to_string();
            let expected: Vec<&str> = rest
                .split_once("expected")
                .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            let suggestion = closest(&key, expected.iter().copied()).map(|s| join(&parent(&key_path, &key), s));
            ConfigError::UnknownKey { key_path: join(&parent(&key_path, &key), &key), suggestion, line, column }
        } else {
            let message = format!(
                "{}{}",
                tidy(&message)
                    .replace("expected u32", "expected a whole number")
                    .replace("expected u64", "expected a whole number")
                    .replace("expected f64", "expected a number"),
                allowed(&key_path)
            );
            ConfigError::WrongType { key_path, message, line, column }
        }
    })
}

/// Parses TOML text into any serde type with the messages of scenario
/// files: syntax errors with line and column, unknown keys with their path,
/// line, column and a did-you-mean (the type should deny unknown fields),
/// wrong types with their path. For files other than scenarios (calibration
/// targets).
pub fn parse_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ConfigError> {
    let root = DeTable::parse(text).map_err(|e| syntax_error(text, &e))?;
    deserialize_root(text, root)
}

fn syntax_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let span = e.span();
    let (line, column) = span.clone().map(|s| line_column(text, s.start)).unwrap_or((1, 1));
    let mut message = tidy(e.message());
    // `duplicate key` alone does not say which key: quote it from the source.
    if let Some(key) = span.and_then(|s| text.get(s)).map(str::trim)
        && message.starts_with("duplicate key")
        && !key.is_empty()
        && key.len() <= 80
        && !key.contains('\n')
    {
        message = format!("{message} `{key}`");
    }
    ConfigError::Syntax { line, column, message }
}

/// `; allowed MIN to MAX (unit)` for a numeric key, so that a value the TOML types
/// reject (a negative count, a fraction of a week) still shows the documented range.
fn allowed(key_path: &str) -> String {
    match spec_of_path(key_path) {
        Some(s) => format!("; allowed {} to {} ({})", s.min, s.max, s.unit),
        None => String::new(),
    }
}

/// The catalogue entry of a key path such as `experiment.seed` or
/// `strategy[2].incentives.contest.prize`.
fn spec_of_path(key_path: &str) -> Option<&'static super::schema::KeySpec> {
    let rest = match key_path.strip_prefix("strategy[") {
        Some(r) => r.split_once("].")?.1,
        None => key_path,
    };
    let (section, key) = rest.split_once('.')?;
    let section = match section {
        "scenario" => Section::Scenario,
        "experiment" => Section::Experiment,
        "team" => Section::Team,
        "market" => Section::Market,
        "behavior" => Section::Behavior,
        "costs" => Section::Costs,
        "performance" => Section::Performance,
        "incentives" => Section::Incentives,
        _ => return None,
    };
    spec(section, key)
}

/// The serde derive accepts a TOML array where a table belongs (it reads struct
/// fields by position), so `performance = [1.2]` would silently set
/// `quota_difficulty`. Tables must be tables, and `strategy` an array of tables.
fn check_shape(text: &str, root: &DeTable<'_>) -> Result<(), ConfigError> {
    for (key, value) in root {
        match key.get_ref().as_ref() {
            "scenario" | "experiment" | "team" | "market" | "behavior" | "costs" => {
                expect_table(text, key.get_ref(), value)?;
            }
            "sweep" => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err(wrong_shape(
                        text,
                        "sweep",
                        value,
                        "expected an array of tables: write each sweep as `[[sweep]]`, not `[sweep]`",
                    ));
                };
                for (index, item) in items.iter().enumerate() {
                    expect_table(text, &format!("sweep[{index}]"), item)?;
                }
            }
            "strategy" => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err(wrong_shape(
                        text,
                        "strategy",
                        value,
                        "expected an array of tables: write each strategy as `[[strategy]]`, not `[strategy]`",
                    ));
                };
                for (index, item) in items.iter().enumerate() {
                    let path = format!("strategy[{index}]");
                    let strategy = expect_table(text, &path, item)?;
                    for (key, value) in strategy {
                        let sub = format!("{path}.{}", key.get_ref());
                        match key.get_ref().as_ref() {
                            "performance" => {
                                expect_table(text, &sub, value)?;
                            }
                            "incentives" => {
                                for (key, value) in expect_table(text, &sub, value)? {
                                    if matches!(key.get_ref().as_ref(), "contest" | "recognition") {
                                        expect_table(text, &format!("{sub}.{}", key.get_ref()), value)?;
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whole numbers beyond the 64-bit signed range (TOML's own) are refused with
/// their key path and, for a catalogued key, its range: serde would report
/// them against the enclosing table without the key.
fn check_integers(text: &str, path: &str, table: &DeTable<'_>) -> Result<(), ConfigError> {
    for (key, value) in table {
        let sub = join(path, key.get_ref());
        check_integer_value(text, &sub, value)?;
    }
    Ok(())
}

fn check_integer_value(text: &str, path: &str, value: &Spanned<DeValue<'_>>) -> Result<(), ConfigError> {
    match value.get_ref() {
        DeValue::Table(t) => check_integers(text, path, t),
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_integer_value(text, &format!("{path}[{index}]"), item)?;
            }
            Ok(())
        }
        DeValue::Integer(i) if i64::from_str_radix(i.as_str(), i.radix()).is_err() => {
            let digits = i.as_str();
            let magnitude = u128::from_str_radix(digits.trim_start_matches(['-', '+']), i.radix())
                .map_or(f64::INFINITY, |v| v as f64);
            let number = if digits.starts_with('-') { -magnitude } else { magnitude };
            match spec_of_path(path) {
                Some(spec) => Err(ConfigError::OutOfRange {
                    key_path: path.to_string(),
                    value: number,
                    min: spec.min,
                    max: spec.max,
                    unit: spec.unit.to_string(),
                    integer: spec.integer,
                }),
                None => Err(wrong_shape(text, path, value, "a whole number beyond the 64-bit range (about ±9.2e18)")),
            }
        }
        _ => Ok(()),
    }
}

fn expect_table<'a, 'i>(
    text: &str,
    path: &str,
    value: &'a Spanned<DeValue<'i>>,
) -> Result<&'a DeTable<'i>, ConfigError> {
    match value.get_ref() {
        DeValue::Table(t) => Ok(t),
        other => Err(wrong_shape(text, path, value, &format!("expected a table, found {}", kind(other)))),
    }
}

fn wrong_shape(text: &str, path: &str, value: &Spanned<DeValue<'_>>, message: &str) -> ConfigError {
    let (line, column) = line_column(text, value.span().start);
    ConfigError::WrongType {
        key_path: path.to_string(),
        message: message.to_string(),
        line: Some(line),
        column: Some(column),
    }
}

fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// serde_path_to_error writes `.` for the root and `strategy[1].performance`
/// style paths; keep them as they are but drop the root marker.
fn clean_path(path: &str) -> String {
    if path == "." { String::new() } else { path.to_string() }
}

/// The table that holds an unknown key: the error path may or may not already end
/// with the key itself.
fn parent(path: &str, key: &str) -> String {
    match path.strip_suffix(key) {
        Some(p) => p.trim_end_matches('.').to_string(),
        None => path.to_string(),
    }
}

fn join(table: &str, key: &str) -> String {
    if table.is_empty() { key.to_string() } else { format!("{table}.{key}") }
}

fn tidy(message: &str) -> String {
    message.trim().replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_path_and_suggests_the_closest_key() {
        let err = parse_raw("[[strategy]]\nname = \"a\"\n[strategy.performance]\nmonitorng = 0.5\n").unwrap_err();
        match err {
            ConfigError::UnknownKey { key_path, suggestion, .. } => {
                assert_eq!(key_path, "strategy[0].performance.monitorng");
                assert_eq!(suggestion.as_deref(), Some("strategy[0].performance.monitoring"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn syntax_error_reports_line_and_column() {
        let err = parse_raw("[scenario]\nname = \"x\"\nweeks = = 3\n").unwrap_err();
        match err {
            ConfigError::Syntax { line, .. } => assert_eq!(line, 3),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_key() {
        let err = parse_raw("[team]\nsize = \"big\"\n").unwrap_err();
        match err {
            ConfigError::WrongType { key_path, line, .. } => {
                assert_eq!(key_path, "team.size");
                assert_eq!(line, Some(2));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn an_array_where_a_table_belongs_is_refused_not_read_by_position() {
        let err = parse_raw("[[strategy]]\nname = \"a\"\nperformance = [1.2]\n").unwrap_err();
        match err {
            ConfigError::WrongType { key_path, line, .. } => {
                assert_eq!(key_path, "strategy[0].performance");
                assert_eq!(line, Some(3));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_negative_count_shows_the_allowed_range() {
        let err = parse_raw("[team]\nsize = -5\n").unwrap_err();
        assert!(err.to_string().contains("allowed 1 to 100000"), "{err}");
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
