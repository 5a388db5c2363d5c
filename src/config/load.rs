//! Stage one of loading: TOML text to [`RawScenario`], with errors that carry the
//! key path, the line and the column, and a did-you-mean for unknown keys.

use super::error::{ConfigError, closest};
use super::types::RawScenario;

/// Parses scenario text. Syntax, unknown-key and type errors are reported here;
/// ranges are checked by [`super::validate::validate`].
pub fn parse_raw(text: &str) -> Result<RawScenario, ConfigError> {
    let deserializer = toml::Deserializer::parse(text).map_err(|e| syntax_error(text, &e))?;
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
            ConfigError::WrongType { key_path, message: tidy(&message), line, column }
        }
    })
}

fn syntax_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let (line, column) = e.span().map(|s| line_column(text, s.start)).unwrap_or((1, 1));
    ConfigError::Syntax { line, column, message: tidy(e.message()) }
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
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
