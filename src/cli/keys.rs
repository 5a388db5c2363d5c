//! `salesim keys`: every scenario key with its type, range, default, unit and
//! meaning (a table, or JSON), or with `--schema` the scenario file's JSON
//! Schema for editors.

use comfy_table::{ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle};
use salesim::config::json_schema::{KeyInfo, keys as all_keys, scenario_schema};

use super::CliError;
use super::args::{DocFormatArg, KeysArgs};

/// Borderless, a dashed line under the header.
const STYLE: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none().junction(' '))
    .header_separator(LineStyle::none().fill('-').junction(' '))
    .content_lines(ContentLineStyle::none().junction(' '));

/// A number as a person would write it in the file.
fn number(v: f64) -> String {
    if v.abs() >= 1e6 && v.fract() == 0.0 { format!("{v:e}") } else { format!("{v}") }
}

fn range(k: &KeyInfo) -> String {
    match (k.min, k.max) {
        (Some(lo), Some(hi)) => format!("{} to {}", number(lo), number(hi)),
        _ => String::new(),
    }
}

pub fn keys(a: KeysArgs) -> Result<i32, CliError> {
    let json = |v: &serde_json::Value| serde_json::to_string_pretty(v).map_err(|e| CliError::Failure(e.to_string()));
    if a.schema {
        outln!("{}", json(&scenario_schema())?);
        return Ok(0);
    }
    let keys = all_keys();
    match a.format {
        DocFormatArg::Json => {
            outln!("{}", serde_json::to_string_pretty(&keys).map_err(|e| CliError::Failure(e.to_string()))?);
        }
        DocFormatArg::Table => {
            let mut t = Table::new();
            t.load_style(STYLE);
            t.set_header(["key", "type", "range", "unit", "default", "meaning"]);
            for k in &keys {
                let unit = k.unit.clone().unwrap_or_default();
                t.add_row([k.key.clone(), k.kind.clone(), range(k), unit, k.default_text(), k.meaning.clone()]);
            }
            for column in t.column_iter_mut() {
                column.set_padding((0, 1));
            }
            if let Some(width) = super::terminal::stdout_width() {
                t.set_content_arrangement(ContentArrangement::Dynamic).set_width(width);
            }
            outln!(
                "Every key of a scenario file. performance.* and incentives.* go in each [[strategy]] \
                 ([strategy.performance], [strategy.incentives]); behavior.* and market.* numbers may also be \
                 written as distributions ({{ uniform = [lo, hi] }}). Schema for editors: salesim keys --schema.\n"
            );
            for line in t.lines() {
                outln!("{}", line.trim_end());
            }
        }
    }
    Ok(0)
}
