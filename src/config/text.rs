//! Text that came from a file and goes to a terminal, a table or a spreadsheet:
//! escaping control characters, clipping long labels, neutralising formulas,
//! and the look-alike key of a name. Names in a scenario may come from someone
//! else; nothing of theirs reaches a terminal or a spreadsheet raw.

use std::borrow::Cow;

/// Most characters in a strategy, scenario or sweep name.
pub const MAX_NAME_CHARS: usize = 80;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls (escape
/// sequences start with them), DEL, and the invisible bidirectional and
/// formatting characters that reorder or hide text.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width space, joiners, marks
            | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{FEFF}' // zero-width no-break space
            | '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{180E}' // Mongolian vowel separator
        )
}

/// `text` with every [`is_hidden`] character written as `\u{XXXX}` (and `\n`,
/// `\t` kept only when `keep_lines`), safe to print on a terminal.
pub fn escape_with(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !text.chars().any(|c| is_hidden(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape_with`] for one-line text: every hidden character escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// A label for a table or chart: escaped, and cut to `max` characters with a
/// trailing `…` when longer.
pub fn clip(text: &str, max: usize) -> String {
    let text = escape(text);
    if text.chars().count() <= max {
        return text.into_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A cell for CSV that a spreadsheet will show as text, never evaluate: text
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
/// `'` (OWASP's advice against CSV injection). For names and other free text,
/// not numbers.
pub fn csv_text(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// What a name looks like to a reader: Unicode compatibility normalisation
/// (NFKC), hidden characters removed, surrounding and repeated white space
/// collapsed, and case folded. Two names with the same key look the same in
/// every output.
pub fn look_alike_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let visible: String = name.nfkc().filter(|&c| !is_hidden(c)).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_invisible_characters() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\u{1b}[31mred"), "a\\u{001B}[31mred");
        assert_eq!(escape("x\u{202E}y\u{200B}"), "x\\u{202E}y\\u{200B}");
        assert_eq!(escape_with("two\nlines", true), "two\nlines");
        assert_eq!(escape("two\nlines"), "two\\u{000A}lines");
    }

    #[test]
    fn clips_long_labels() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip(&"x".repeat(100), 10), format!("{}…", "x".repeat(9)));
        assert_eq!(clip("ééééé", 5), "ééééé");
    }

    #[test]
    fn neutralises_formulas_in_csv() {
        for f in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_text(f), format!("'{f}"));
        }
        assert_eq!(csv_text("balanced"), "balanced");
        assert_eq!(csv_text(""), "");
    }

    #[test]
    fn look_alike_names_share_a_key() {
        let key = look_alike_key("Balanced");
        for same in ["balanced", "balanced ", " BALANCED", "bal\u{200B}anced", "ｂａｌａｎｃｅｄ"] {
            assert_eq!(look_alike_key(same), key, "{same:?}");
        }
        // Composed and decomposed é.
        assert_eq!(look_alike_key("caf\u{e9}"), look_alike_key("cafe\u{301}"));
        assert_ne!(look_alike_key("balanced"), look_alike_key("balanced2"));
    }
}
