//! The suites a run is made of; each takes a [`Session`](super::session::Session) and records
//! its verdicts in the ledger.

pub mod auth;
pub mod generated;
pub mod pagination;
mod pipeline;
pub mod roundtrip;
pub mod scenarios;
pub mod stateful;

use std::time::SystemTime;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Parses an RFC 3339 date-time (what `timestampFormat: iso8601` puts on the wire).
pub fn parse_time(text: &str) -> Option<SystemTime> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(SystemTime::from)
}

/// Formats a time as RFC 3339 (UTC).
pub fn format_time(time: SystemTime) -> String {
    OffsetDateTime::from(time)
        .format(&Rfc3339)
        .unwrap_or_default()
}
