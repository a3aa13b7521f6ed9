//! Named checks: the vocabulary of every report.
//!
//! Each check is a unit with a stable id, a severity and the model shape or documentation
//! sentence it rests on. `MUST` checks come from the model or the docs and fail a run; `SHOULD`
//! checks are inferred expectations, reported but not failing unless `--fail-on should`.

mod catalogue;
mod overrides;

use std::fmt;

pub use catalogue::{CATALOGUE, CheckId};
pub use overrides::{Action, Override};

/// How much a failed check weighs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// The model or the documentation says so: a failure fails the run.
    Must,
    /// An inferred expectation: reported, failing only with `--fail-on should`.
    Should,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Must => "MUST",
            Severity::Should => "SHOULD",
        })
    }
}

/// The family a check belongs to; families group the catalogue and the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// HTTP and rest-json mechanics of every exchange.
    Protocol,
    /// Valid requests are accepted.
    Acceptance,
    /// Invalid requests are rejected.
    Rejection,
    /// Unknown resources are reported as such.
    NotFound,
    /// Response bodies match the model.
    Response,
    /// What is created can be read back.
    #[serde(rename = "roundtrip")]
    RoundTrip,
    /// Search filters select exactly what they name.
    Filters,
    /// The audit history records what happened.
    Audit,
    /// Signatures are enforced.
    Auth,
    /// Paging is complete, bounded and consistent.
    Pagination,
    /// Every resource is created, read, listed, updated and deleted as the model says.
    Lifecycle,
    /// Random interleavings agree with a model.
    Stateful,
    /// SearchCases finds exactly the cases its filter selects, in the order its sorts ask.
    SearchCases,
    /// Case-level operations (batch update, delete, merge) change what later reads see.
    Cases,
    /// Hand-written scenarios.
    Scenario,
    /// Answers agree with a recording of a reference target.
    Parity,
}

/// One named check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// Stable id, `family.rule`: what reports, baselines and `--only` use.
    pub id: &'static str,
    /// The family it belongs to.
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// One line saying what must hold.
    pub title: &'static str,
    /// The model shape or documentation sentence the check rests on.
    pub rests_on: &'static str,
    /// Operations or shapes of the model the check cannot be evaluated without (`DeleteCase`,
    /// `SlaFilter`): at a release whose model lacks one, the check is reported as not part
    /// of that release rather than as never evaluated for no reason. Empty: every release.
    pub needs: &'static [&'static str],
}

/// Looks a check up by its stable id (what reports, baselines, `--only` and the mock's fault
/// catalogue write).
pub fn lookup(id: &str) -> Option<&'static Check> {
    CheckId::parse(id).map(CheckId::check)
}

impl CheckId {
    /// The catalogue entry.
    pub fn check(self) -> &'static Check {
        &CATALOGUE[self as usize]
    }

    /// The stable id, `family.rule`.
    pub fn as_str(self) -> &'static str {
        self.check().id
    }

    /// The catalogue severity (a run may raise it: [`Policy::severity_of`]).
    pub fn severity(self) -> Severity {
        self.check().severity
    }

    /// The check with this stable id, if the catalogue has one.
    pub fn parse(id: &str) -> Option<CheckId> {
        CATALOGUE
            .iter()
            .position(|c| c.id == id)
            .map(|index| CheckId::ALL[index])
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Ordered by stable id, as reports list checks.
impl Ord for CheckId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for CheckId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Which checks a run records and how much each weighs: `--only`, `--severity`,
/// `--expect-auth` and the `[[policy]]` overrides of `harness.toml`, decided here once for
/// every verdict (the engine's ledger applies it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Record only checks whose id starts with one of these (empty: all).
    pub only: Vec<String>,
    /// Record only checks of this severity, as the run weighs them (None: all).
    pub severity: Option<Severity>,
    /// The target claims to verify signatures: the auth checks are `MUST`.
    pub expect_auth: bool,
    /// Overrides per check (and operation), each with its reason.
    pub overrides: Vec<Override>,
}

impl Policy {
    /// The severity `check` has in this run, whatever the operation: its catalogue severity,
    /// except that the auth checks are `MUST` when the target claims to verify signatures, a
    /// `should` override for every operation makes it `SHOULD` and a `must` one `MUST` (a
    /// `should` wins over a `must`).
    pub fn severity_of(&self, check: CheckId) -> Severity {
        let lowered = self
            .overrides
            .iter()
            .any(|o| o.action == Action::Should && o.applies_everywhere(check));
        if lowered {
            return Severity::Should;
        }
        let raised = self
            .overrides
            .iter()
            .any(|o| o.action == Action::Must && o.applies_everywhere(check));
        if raised {
            return Severity::Must;
        }
        if self.expect_auth && check.check().family == Family::Auth {
            return Severity::Must;
        }
        check.severity()
    }

    /// The severity `check` has for `operation` in this run: as [`Policy::severity_of`],
    /// `SHOULD` under a `should` override naming the operation, else `MUST` under a `must` one.
    pub fn severity_for(&self, operation: &str, check: CheckId) -> Severity {
        let lowered = self
            .overrides
            .iter()
            .any(|o| o.action == Action::Should && o.applies(operation, check));
        let raised = self
            .overrides
            .iter()
            .any(|o| o.action == Action::Must && o.applies(operation, check));
        if lowered {
            Severity::Should
        } else if raised {
            Severity::Must
        } else {
            self.severity_of(check)
        }
    }

    /// Whether `check` is selected by `--only`, `--severity` and the overrides that disable it
    /// everywhere (the severity it has in this run, so `--expect-auth --severity must` keeps the
    /// auth checks).
    pub fn selects(&self, check: CheckId) -> bool {
        let id = check.as_str();
        let by_name = self.only.is_empty() || self.only.iter().any(|p| id.starts_with(p.as_str()));
        let disabled = self
            .overrides
            .iter()
            .any(|o| o.action == Action::Disable && o.applies_everywhere(check));
        by_name && !disabled && self.severity.is_none_or(|s| self.severity_of(check) == s)
    }

    /// Whether `check` is recorded for `operation`: [`Policy::selects`], less the overrides
    /// disabling it for that operation, at the severity it has there.
    pub fn selects_for(&self, operation: &str, check: CheckId) -> bool {
        let id = check.as_str();
        let by_name = self.only.is_empty() || self.only.iter().any(|p| id.starts_with(p.as_str()));
        let disabled = self
            .overrides
            .iter()
            .any(|o| o.action == Action::Disable && o.applies(operation, check));
        by_name
            && !disabled
            && self
                .severity
                .is_none_or(|s| self.severity_for(operation, check) == s)
    }

    /// Whether an `accept-status` override lets an answer with `status` hold for `check` as
    /// judged for `operation`.
    pub fn accepts_status(&self, operation: &str, check: CheckId, status: u16) -> bool {
        self.overrides.iter().any(|o| {
            o.applies(operation, check)
                && matches!(&o.action, Action::AcceptStatus(statuses) if statuses.contains(&status))
        })
    }
}

/// The catalogue as Markdown: the generated `docs/checks.md`.
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Check catalogue\n\n\
         Generated by `cargo run -p harness -- checks --markdown > docs/checks.md`; a test fails when\n\
         this file differs from the catalogue in `harness/src/checks/catalogue.rs`.\n\n\
         `MUST`: the model or the documentation says so; a failure fails the run (exit 1).\n\
         `SHOULD`: an inferred expectation; reported, failing only with `--fail-on should`.\n",
    );
    let mut family = None;
    for check in CATALOGUE {
        if family != Some(check.family) {
            family = Some(check.family);
            out.push_str(&format!(
                "\n## {:?}\n\n| id | severity | what must hold | rests on |\n| --- | --- | --- | --- |\n",
                check.family
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            check.id,
            check.severity,
            check.title.replace('|', "\\|"),
            needs_suffix(check, check.rests_on.replace('|', "\\|"))
        ));
    }
    out
}

/// `rests_on`, followed by what the check needs of the model when it is not in every release.
fn needs_suffix(check: &Check, rests_on: String) -> String {
    if check.needs.is_empty() {
        rests_on
    } else {
        let names: Vec<String> = check.needs.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "{rests_on} (evaluated where the model has {})",
            names.join(" and ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn what_a_check_needs_is_in_some_release_and_missing_from_none_it_is_listed_for() {
        let models: Vec<crate::model::ServiceModel> = crate::model::Release::ALL
            .iter()
            .map(|r| crate::model::ServiceModel::load(*r).expect("vendored model"))
            .collect();
        for check in CATALOGUE {
            for name in check.needs {
                assert!(
                    models.iter().any(|m| m.has_operation_or_shape(name)),
                    "{} needs {name}, which no vendored release has (a typo?)",
                    check.id
                );
                assert!(
                    models.iter().any(|m| !m.has_operation_or_shape(name)),
                    "{} needs {name}, which every release has: the need says nothing",
                    check.id
                );
            }
        }
    }

    #[test]
    fn ids_are_unique_and_prefixed_by_their_family() {
        let mut seen = BTreeSet::new();
        for check in CATALOGUE {
            assert!(seen.insert(check.id), "duplicate check id {}", check.id);
            let prefix = check.id.split('.').next().unwrap();
            let family = serde_json::to_value(check.family).unwrap();
            assert_eq!(prefix, family.as_str().unwrap(), "{}", check.id);
            assert!(!check.rests_on.is_empty() && !check.title.is_empty());
        }
    }

    #[test]
    fn every_id_names_its_own_catalogue_entry() {
        assert_eq!(CheckId::ALL.len(), CATALOGUE.len());
        for (index, id) in CheckId::ALL.iter().enumerate() {
            assert_eq!(*id as usize, index);
            assert_eq!(CheckId::parse(id.as_str()), Some(*id));
        }
        assert_eq!(CheckId::parse("protocol.no-such-check"), None);
    }

    #[test]
    fn expect_auth_makes_the_auth_checks_must_for_selection_too() {
        let policy = Policy {
            severity: Some(Severity::Must),
            expect_auth: true,
            ..Policy::default()
        };
        assert_eq!(
            policy.severity_of(CheckId::AuthUnsignedRefused),
            Severity::Must
        );
        assert!(policy.selects(CheckId::AuthUnsignedRefused));
        let without = Policy {
            expect_auth: false,
            ..policy.clone()
        };
        assert!(!without.selects(CheckId::AuthUnsignedRefused));
        let only = Policy {
            only: vec!["pagination.".into()],
            ..Policy::default()
        };
        assert!(only.selects(CheckId::PaginationNoDuplicates));
        assert!(!only.selects(CheckId::ProtocolTransport));
    }

    #[test]
    fn a_must_override_raises_a_should_check_and_a_should_one_wins_over_it() {
        let raise = |operation: Option<&str>| Override {
            check: CheckId::ParityBody,
            operation: operation.map(str::to_string),
            action: Action::Must,
            reason: "implementations meant to agree exactly".into(),
        };
        let everywhere = Policy {
            overrides: vec![raise(None)],
            ..Policy::default()
        };
        assert_eq!(CheckId::ParityBody.severity(), Severity::Should);
        assert_eq!(everywhere.severity_of(CheckId::ParityBody), Severity::Must);
        let for_one = Policy {
            overrides: vec![raise(Some("GetCase"))],
            ..Policy::default()
        };
        assert_eq!(
            for_one.severity_for("GetCase", CheckId::ParityBody),
            Severity::Must
        );
        assert_eq!(
            for_one.severity_for("ListDomains", CheckId::ParityBody),
            Severity::Should
        );
        let both = Policy {
            overrides: vec![
                raise(None),
                Override {
                    action: Action::Should,
                    ..raise(None)
                },
            ],
            ..Policy::default()
        };
        assert_eq!(both.severity_of(CheckId::ParityBody), Severity::Should);
    }

    #[test]
    fn overrides_disable_lower_and_accept_per_operation() {
        let policy = Policy {
            overrides: vec![
                Override {
                    check: CheckId::AcceptanceValidRequest200,
                    operation: Some("CreateRelatedItem".into()),
                    action: Action::Should,
                    reason: "r".into(),
                },
                Override {
                    check: CheckId::ProtocolJsonContentType,
                    operation: None,
                    action: Action::Disable,
                    reason: "r".into(),
                },
                Override {
                    check: CheckId::RejectionInvalidRequest400,
                    operation: Some("GetCase".into()),
                    action: Action::AcceptStatus(vec![404]),
                    reason: "r".into(),
                },
            ],
            ..Policy::default()
        };
        let valid = CheckId::AcceptanceValidRequest200;
        assert_eq!(
            policy.severity_for("CreateRelatedItem", valid),
            Severity::Should
        );
        assert_eq!(policy.severity_for("GetCase", valid), Severity::Must);
        assert_eq!(policy.severity_of(valid), Severity::Must);
        assert!(!policy.selects(CheckId::ProtocolJsonContentType));
        assert!(!policy.selects_for("GetCase", CheckId::ProtocolJsonContentType));
        assert!(policy.selects_for("GetCase", valid));
        let rejected = CheckId::RejectionInvalidRequest400;
        assert!(policy.accepts_status("GetCase", rejected, 404));
        assert!(!policy.accepts_status("GetCase", rejected, 500));
        assert!(!policy.accepts_status("CreateCase", rejected, 404));
        let must_only = Policy {
            severity: Some(Severity::Must),
            ..policy.clone()
        };
        assert!(!must_only.selects_for("CreateRelatedItem", valid));
        assert!(must_only.selects_for("GetCase", valid));
    }

    #[test]
    fn docs_checks_md_is_generated_from_the_catalogue() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/checks.md");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = catalogue_markdown();
        if committed != generated {
            let diff = similar::TextDiff::from_lines(&committed, &generated)
                .unified_diff()
                .header("docs/checks.md", "generated")
                .to_string();
            panic!(
                "docs/checks.md is stale; run `cargo run -p harness -- checks --markdown > docs/checks.md`\n{diff}"
            );
        }
    }
}
