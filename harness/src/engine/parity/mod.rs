//! Parity: record what a reference target answers to a fixed flow of requests once, then hold
//! any other implementation to it.
//!
//! - [`flow`]: the recorded flow (deterministic, sequential, seeded with its own fixed seed)
//!   and [`flow::record`], which runs it against a target and returns a [`Recording`];
//! - [`redact`]: ids, ARNs, tokens and times into placeholders that keep their relations, and
//!   rebasing placeholders onto another target's values;
//! - [`recording`]: the recording's types and its reviewable on-disk form;
//! - [`compare`]: one answer against its recording, as the `parity.*` checks judge it;
//! - [`replay`]: the suite a run with a recording ([`RunConfig::parity`]) goes through: the
//!   recorded requests sent again, rebased onto the ids this target returned, every answer
//!   compared;
//! - [`tap`]: how the flow's exchanges (set-up and provisioning included) reach the recording.
//!
//! [`RunConfig::parity`]: crate::engine::RunConfig::parity

pub mod compare;
pub mod flow;
pub mod recording;
pub mod redact;
pub mod replay;
pub mod tap;

pub use compare::Ignore;
pub use recording::Recording;
pub use tap::Tap;

/// What a run holds its target to: a recording, the body members not compared (each with
/// its reason), and where the recording came from (a folder, or the target recorded live).
#[derive(Debug, Clone, PartialEq)]
pub struct Parity {
    /// The recording.
    pub recording: Recording,
    /// Members not compared.
    pub ignore: Vec<Ignore>,
    /// Where the recording came from, as reports name it.
    pub source: String,
}

impl Parity {
    /// `recording`, every member compared, named `source` in reports.
    pub fn comparing_all(recording: Recording, source: impl Into<String>) -> Self {
        Parity {
            recording,
            ignore: Vec::new(),
            source: source.into(),
        }
    }
}
