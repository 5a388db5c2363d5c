//! Errors of reading and validating a scenario file. Every message names the key
//! path and says what is allowed, so the user can fix the file without the docs.

use thiserror::Error;

/// What is wrong with a scenario.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The file is not valid TOML (or not UTF-8).
    #[error("TOML syntax error at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A key that salesim does not know.
    #[error("unknown key `{key_path}`{}{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default(), location(*line, *column))]
    UnknownKey {
        /// Full dotted path of the unknown key.
        key_path: String,
        /// Closest known key, if any is close.
        suggestion: Option<String>,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
    },
    /// A value of the wrong type (for example text where a number belongs).
    #[error("`{key_path}`: {message}{}", location(*line, *column))]
    WrongType {
        /// Full dotted path of the key.
        key_path: String,
        /// What was found and what was expected.
        message: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
    },
    /// A number outside its documented range (or not finite).
    #[error("`{key_path}` = {value} is out of range: allowed {min} to {max} ({unit}){}", if *integer { ", a whole number" } else { "" })]
    OutOfRange {
        /// Full dotted path of the key.
        key_path: String,
        /// The value found.
        value: f64,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Unit of the key.
        unit: String,
        /// Whether only whole numbers are allowed.
        integer: bool,
    },
    /// The file defines no `[[strategy]]`.
    #[error("no strategies: add at least one `[[strategy]]` table with a `name`")]
    NoStrategies,
    /// Two strategies share a name.
    #[error("`strategy[{index}].name`: duplicate strategy name \"{name}\"; strategy names must be unique")]
    DuplicateStrategy {
        /// Position of the second occurrence (0-based).
        index: usize,
        /// The repeated name.
        name: String,
    },
    /// A strategy without a usable name.
    #[error("`strategy[{index}].name` is empty; give every strategy a name")]
    EmptyName {
        /// Position of the strategy (0-based).
        index: usize,
    },
    /// `scenario.baseline` names no strategy.
    #[error("`scenario.baseline` = \"{baseline}\" names no strategy; {}", did_you_mean_or_list(baseline, available))]
    MissingBaseline {
        /// The name given.
        baseline: String,
        /// The strategy names defined.
        available: Vec<String>,
    },
    /// Values that are each in range but do not fit together.
    #[error("`{key_path}`: {message}")]
    Inconsistent {
        /// Full dotted path of the key.
        key_path: String,
        /// What does not fit and how to fix it.
        message: String,
    },
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
        (Some(l), None) => format!(" (line {l})"),
        _ => String::new(),
    }
}

fn did_you_mean_or_list(given: &str, available: &[String]) -> String {
    match closest(given, available.iter().map(String::as_str)) {
        Some(s) => format!("did you mean \"{s}\"? (strategies: {})", available.join(", ")),
        None => format!("strategies defined: {}", available.join(", ")),
    }
}

/// The candidate closest to `given` by edit distance, if it is close enough to be
/// a plausible typo.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A [`ConfigError`] together with the file it came from.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{file}: {error}")]
pub struct ScenarioError {
    /// The file (or a label such as `<built-in>`).
    pub file: String,
    /// What is wrong.
    #[source]
    pub error: ConfigError,
}
