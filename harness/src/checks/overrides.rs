//! Check-policy overrides: a user's considered decision, with a reason, to disable a check, to
//! weigh it as `SHOULD` or as `MUST`, or to accept extra statuses, for every operation or one. They come
//! from `[[policy]]` entries of `harness.toml`; [`super::Policy`] applies them to every
//! verdict, and every report lists each with its reason, so a green run never hides one.

use std::fmt;

use super::CheckId;

/// What an override does to its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The check is not recorded at all (for its operation, or everywhere).
    Disable,
    /// The check weighs `SHOULD`: its failures no longer fail the default gate.
    Should,
    /// The check weighs `MUST`: its failures fail the default gate (a `SHOULD` check a
    /// project holds to, e.g. `parity.body` between implementations meant to agree exactly).
    Must,
    /// An answer with one of these statuses holds for this check (one of
    /// [`Override::STATUS_CHECKS`]), e.g. a 400 a real service gives a valid request naming a
    /// resource it does not hold.
    AcceptStatus(Vec<u16>),
}

impl Action {
    /// The name `harness.toml` and the reports use (`disable`, `should`, `accept-status`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Disable => "disable",
            Action::Should => "should",
            Action::Must => "must",
            Action::AcceptStatus(_) => "accept-status",
        }
    }
}

/// One override of the check policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The check it applies to.
    pub check: CheckId,
    /// The operation it applies to (`None`: every operation).
    pub operation: Option<String>,
    /// What it does.
    pub action: Action,
    /// Why: mandatory, and printed in every report.
    pub reason: String,
}

impl Override {
    /// The checks whose verdict is a judgement of the answer's status, the only ones an
    /// `accept-status` override can apply to.
    pub const STATUS_CHECKS: [CheckId; 4] = [
        CheckId::ProtocolStatusModeled,
        CheckId::AcceptanceValidRequest200,
        CheckId::RejectionInvalidRequest400,
        CheckId::NotFoundUnknownResource404,
    ];

    /// Whether it applies to `check` as judged for `operation`.
    pub fn applies(&self, operation: &str, check: CheckId) -> bool {
        self.check == check && self.operation.as_deref().is_none_or(|op| op == operation)
    }

    /// Whether it applies to `check` whatever the operation (what a suite asking before it
    /// spends requests can know).
    pub fn applies_everywhere(&self, check: CheckId) -> bool {
        self.check == check && self.operation.is_none()
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.action.name(), self.check)?;
        if let Action::AcceptStatus(statuses) = &self.action {
            let list: Vec<String> = statuses.iter().map(u16::to_string).collect();
            write!(f, " [{}]", list.join(", "))?;
        }
        match &self.operation {
            Some(op) => write!(f, " for {op}")?,
            None => f.write_str(" for every operation")?,
        }
        write!(f, ": {}", self.reason)
    }
}
