//! What the terminal allows: colour and width. Colour follows
//! <https://no-color.org>: none when `NO_COLOR` is set to anything but the
//! empty string, when the stream is not a terminal, or when `TERM=dumb`. The
//! choice is made once, here, for every library that colours (clap's help and
//! errors, indicatif's progress bars through `console`); tables have no
//! colour. The width fits the `run` and `merge` table to a terminal; files and
//! pipes get the stable layout.

use std::io::IsTerminal;

/// Whether a stream may carry colour, given the environment's `NO_COLOR` and
/// `TERM` and whether the stream is a terminal.
pub fn colour_allowed(no_color: Option<&str>, term: Option<&str>, is_terminal: bool) -> bool {
    no_color.is_none_or(str::is_empty) && term != Some("dumb") && is_terminal
}

fn colour_for(is_terminal: bool) -> bool {
    let no_color = std::env::var("NO_COLOR").ok();
    let term = std::env::var("TERM").ok();
    colour_allowed(no_color.as_deref(), term.as_deref(), is_terminal)
}

/// Whether stdout may carry colour.
pub fn stdout_colour() -> bool {
    colour_for(std::io::stdout().is_terminal())
}

/// Whether stderr may carry colour.
pub fn stderr_colour() -> bool {
    colour_for(std::io::stderr().is_terminal())
}

/// Applies the colour choice to the libraries that colour: progress bars
/// (`console`, used by indicatif) on both streams.
pub fn apply_colour_choice() {
    console::set_colors_enabled(stdout_colour());
    console::set_colors_enabled_stderr(stderr_colour());
}

/// clap's colour choice for help and usage errors (stdout for help, stderr
/// for errors: colour only when both may carry it).
pub fn clap_colour() -> clap::ColorChoice {
    if stdout_colour() && stderr_colour() { clap::ColorChoice::Auto } else { clap::ColorChoice::Never }
}

/// A progress-bar template with its bar coloured where stderr allows colour:
/// `{bar}` in `template` becomes `{bar:40.cyan/blue}` or `{bar:40}`.
pub fn progress_template(template: &str) -> String {
    template.replace("{bar}", if stderr_colour() { "{bar:40.cyan/blue}" } else { "{bar:40}" })
}

/// The width of the terminal on stdout, or `None` when stdout is a file or
/// a pipe (whose output keeps a layout independent of any width).
pub fn stdout_width() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_to_anything_but_empty_turns_colour_off() {
        assert!(colour_allowed(None, Some("xterm-256color"), true));
        assert!(colour_allowed(Some(""), Some("xterm"), true));
        assert!(!colour_allowed(Some("1"), Some("xterm"), true));
        assert!(!colour_allowed(Some("false"), None, true));
    }

    #[test]
    fn pipes_and_dumb_terminals_get_no_colour() {
        assert!(!colour_allowed(None, Some("xterm"), false));
        assert!(!colour_allowed(None, Some("dumb"), true));
    }
}
