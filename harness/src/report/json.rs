//! `report.json`: the whole [`Report`] as pretty JSON, the machine-readable source every other
//! tool (replay, dashboards, a later gate) reads back. Its layout is described by the committed
//! JSON Schema `schemas/report.schema.json` (draft 2020-12), which a test checks real reports
//! against.

use std::path::Path;

use anyhow::{Context, bail};

use super::model::{REPORT_SCHEMA_VERSION, Report};

/// The committed JSON Schema of `report.json`, embedded so tools can validate without the
/// repository at hand.
pub const REPORT_SCHEMA: &str = include_str!("../../../schemas/report.schema.json");

/// The report as pretty JSON text with a trailing newline.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serialises");
    text.push('\n');
    text
}

/// Reads a `report.json` back, refusing a layout version this harness does not know.
pub fn read(path: &Path) -> anyhow::Result<Report> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(REPORT_SCHEMA_VERSION)) {
        bail!(
            "{} has report layout version {version:?}; this harness reads version {REPORT_SCHEMA_VERSION}",
            path.display()
        );
    }
    serde_json::from_value(value).with_context(|| format!("{} is not a report", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schema_is_a_draft_2020_12_schema() {
        let schema: serde_json::Value = serde_json::from_str(REPORT_SCHEMA).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        crate::schema::compile(&schema).expect("the report schema compiles");
        assert_eq!(
            schema["properties"]["schema_version"]["const"],
            REPORT_SCHEMA_VERSION
        );
    }
}
