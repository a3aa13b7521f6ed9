//! Baselines: failures a team already knows about, so the CI gate fails only on new ones.
//!
//! A baseline file is a JSON list of entries:
//!
//! ```json
//! [
//!   { "check": "response.required-members", "operation": "SearchRelatedItems",
//!     "reason": "associationTime missing, VENDOR-123", "expires": "2024-12-31" }
//! ]
//! ```
//!
//! `operation` may be `"*"` for every operation. An entry with `expires` stops excusing its
//! failure after that day (UTC): the failure fails the gate again, so no exemption is forever
//! by accident. Unknown check ids and malformed dates are errors (exit 2), since a typo would
//! otherwise silently excuse nothing. `harness run --write-baseline FILE` writes the current
//! failures in this form as a starting point.

use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::model::Report;

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The check id, as in `docs/checks.md`.
    pub check: String,
    /// The operation, or `*` for all.
    pub operation: String,
    /// Why it is tolerated (a ticket, a vendor note): shown in every report.
    pub reason: String,
    /// Last day (UTC, `YYYY-MM-DD`) the entry excuses its failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl BaselineEntry {
    /// Whether this entry names the (operation, check) line.
    pub fn matches(&self, operation: &str, check: &str) -> bool {
        self.check == check && (self.operation == "*" || self.operation == operation)
    }

    /// Whether the entry has expired on `today` (`YYYY-MM-DD`): it is valid through its
    /// `expires` day.
    pub fn expired_on(&self, today: &str) -> bool {
        self.expires.as_deref().is_some_and(|day| day < today)
    }
}

/// A parsed, validated baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Baseline {
    /// The entries, in file order.
    pub entries: Vec<BaselineEntry>,
}

impl Baseline {
    /// Parses and validates baseline text.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let baseline: Baseline = serde_json::from_str(text)
            .context("a baseline is a JSON list of {check, operation, reason, expires?} objects")?;
        for (i, entry) in baseline.entries.iter().enumerate() {
            if crate::checks::lookup(&entry.check).is_none() {
                bail!(
                    "baseline entry {i}: unknown check {:?} (see `harness checks`)",
                    entry.check
                );
            }
            if entry.operation.is_empty() {
                bail!("baseline entry {i}: empty operation (use \"*\" for all)");
            }
            if let Some(day) = &entry.expires
                && !is_date(day)
            {
                bail!("baseline entry {i}: expires {day:?} is not a YYYY-MM-DD date");
            }
        }
        Ok(baseline)
    }

    /// Reads and validates a baseline file.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading baseline {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("baseline {}", path.display()))
    }

    /// A baseline excusing every failed line of `report`, as a starting point for a team.
    pub fn from_report(report: &Report, reason: &str) -> Self {
        Baseline {
            entries: report
                .failed_checks()
                .map(|c| BaselineEntry {
                    check: c.check.clone(),
                    operation: c.operation.clone().unwrap_or_else(|| "*".into()),
                    reason: reason.to_string(),
                    expires: None,
                })
                .collect(),
        }
    }

    /// The baseline as pretty JSON text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return false;
    };
    time::Month::try_from(m)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(y, m, d).ok())
        .is_some()
}

/// Today's date in UTC, `YYYY-MM-DD`, what expiry is judged against.
pub fn today_utc() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_list_and_validates_checks_and_dates() {
        let b = Baseline::parse(
            r#"[{"check": "response.required-members", "operation": "SearchRelatedItems", "reason": "VENDOR-1", "expires": "2024-12-31"},
                {"check": "pagination.bad-token-rejected", "operation": "*", "reason": "x"}]"#,
        )
        .unwrap();
        assert_eq!(b.entries.len(), 2);
        assert!(b.entries[1].matches("GetCaseAuditEvents", "pagination.bad-token-rejected"));
        assert!(!b.entries[0].matches("GetCaseAuditEvents", "response.required-members"));

        let err = Baseline::parse(r#"[{"check": "nope.nope", "operation": "*", "reason": ""}]"#)
            .unwrap_err();
        assert!(err.to_string().contains("unknown check"), "{err:#}");
        let err = Baseline::parse(
            r#"[{"check": "response.bounds", "operation": "*", "reason": "", "expires": "2024-02-30"}]"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err:#}");
        let err =
            Baseline::parse(r#"[{"check": "response.bounds", "operation": "*"}]"#).unwrap_err();
        assert!(format!("{err:#}").contains("reason"), "{err:#}");
        assert!(Baseline::parse(r#"{"check": "response.bounds"}"#).is_err());
    }

    #[test]
    fn entries_are_valid_through_their_expiry_day() {
        let entry = BaselineEntry {
            check: "response.bounds".into(),
            operation: "*".into(),
            reason: "r".into(),
            expires: Some("2024-05-03".into()),
        };
        assert!(!entry.expired_on("2024-05-03"));
        assert!(entry.expired_on("2024-05-04"));
        assert!(
            !BaselineEntry {
                expires: None,
                ..entry
            }
            .expired_on("2999-01-01")
        );
    }

    #[test]
    fn today_is_a_date() {
        assert!(is_date(&today_utc()), "{}", today_utc());
    }
}
