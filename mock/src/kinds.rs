//! Related-item types and the single list of the ones this mock accepts.
//!
//! The 2024-05-03 release (botocore 1.34.98) added `File`. Everything that needs to know
//! which types exist (the `type` enum check, the `content` union, the search filter
//! union) asks [`Kinds`], which reads [`accepted_related_item_types`] for the configured
//! [`MockRelease`]: at 1.34.97 `File` is an unknown enum value and `file` an unknown union
//! member, so no File item (and no audit event naming File) can exist. 1.44.5 added
//! `Sla`, `ConnectCase` and `Custom`, unknown in the same way at the older releases.

use crate::config::{MockConfig, MockRelease};
use crate::faults::Fault;

/// A related-item type: a value of the model's `RelatedItemType` enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelatedItemType {
    /// An Amazon Connect contact.
    Contact,
    /// A text comment.
    Comment,
    /// An Amazon Connect file (new in the 2024-05-03 release).
    File,
    /// A service-level agreement on a case field (new in 1.44.5).
    Sla,
    /// Another case of the same domain (new in 1.44.5).
    ConnectCase,
    /// Values of the domain's fields (new in 1.44.5).
    Custom,
}

impl RelatedItemType {
    /// Every type the newest supported model knows, in the model's enum order.
    pub const ALL: [Self; 6] = [
        Self::Contact,
        Self::Comment,
        Self::File,
        Self::Sla,
        Self::ConnectCase,
        Self::Custom,
    ];

    /// The enum value on the wire (`Contact`, `Comment`, `File`).
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Contact => "Contact",
            Self::Comment => "Comment",
            Self::File => "File",
            Self::Sla => "Sla",
            Self::ConnectCase => "ConnectCase",
            Self::Custom => "Custom",
        }
    }

    /// The union member that carries this type's content or filter.
    pub fn member_name(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Comment => "comment",
            Self::File => "file",
            Self::Sla => "sla",
            Self::ConnectCase => "connectCase",
            Self::Custom => "custom",
        }
    }
}

/// The related-item types release `release` has: the one place that decides them.
pub fn accepted_related_item_types(release: MockRelease) -> &'static [RelatedItemType] {
    match release {
        MockRelease::V1_34_97 => &[RelatedItemType::Contact, RelatedItemType::Comment],
        MockRelease::V1_34_98 => &[
            RelatedItemType::Contact,
            RelatedItemType::Comment,
            RelatedItemType::File,
        ],
        MockRelease::V1_44_5 => &RelatedItemType::ALL,
    }
}

/// The related-item types one mock instance accepts, from its configured release (or,
/// with the `pre-file-release` fault, from the release before File whatever the
/// configured one). Every check of a type, union member or filter member asks this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kinds {
    types: &'static [RelatedItemType],
}

impl Kinds {
    /// The kinds of `release`.
    pub fn of_release(release: MockRelease) -> Self {
        Self {
            types: accepted_related_item_types(release),
        }
    }

    /// The kinds `config` accepts.
    pub fn of(config: &MockConfig) -> Self {
        if config.faults.contains(&Fault::PreFileRelease) {
            return Self::of_release(MockRelease::V1_34_97);
        }
        Self::of_release(config.release)
    }

    /// Whether `kind` is accepted (a union member of an unaccepted type counts as
    /// unknown).
    pub fn accepts(self, kind: RelatedItemType) -> bool {
        self.types.contains(&kind)
    }

    /// The accepted type whose wire name is `name`, if any.
    pub fn type_named(self, name: &str) -> Option<RelatedItemType> {
        self.types.iter().copied().find(|t| t.wire_name() == name)
    }

    /// The accepted wire names, for enum-violation messages: `[Contact, Comment, File]`.
    pub fn wire_names(self) -> Vec<&'static str> {
        self.types.iter().map(|t| t.wire_name()).collect()
    }

    /// The accepted union member names, in the model's order.
    pub fn member_names(self) -> Vec<&'static str> {
        self.types.iter().map(|t| t.member_name()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_is_accepted_from_1_34_98() {
        let kinds = Kinds::of(&MockConfig::default());
        assert_eq!(kinds.type_named("File"), Some(RelatedItemType::File));
        assert!(kinds.accepts(RelatedItemType::File));
        assert_eq!(kinds.wire_names(), ["Contact", "Comment", "File"]);
        assert_eq!(kinds.member_names(), ["contact", "comment", "file"]);
    }

    #[test]
    fn file_is_unknown_before_1_34_98() {
        let old = Kinds::of(&MockConfig {
            release: MockRelease::V1_34_97,
            ..MockConfig::default()
        });
        assert_eq!(old.type_named("File"), None);
        assert!(!old.accepts(RelatedItemType::File));
        assert_eq!(old.wire_names(), ["Contact", "Comment"]);
        let faulty = Kinds::of(&MockConfig {
            faults: [Fault::PreFileRelease].into(),
            ..MockConfig::default()
        });
        assert_eq!(faulty, old);
    }

    #[test]
    fn wire_names_are_case_sensitive() {
        let kinds = Kinds::of_release(MockRelease::V1_34_98);
        assert_eq!(kinds.type_named("file"), None);
        assert_eq!(kinds.type_named("Sla"), None);
    }

    #[test]
    fn sla_connect_case_and_custom_exist_only_in_1_44_5() {
        let new = Kinds::of_release(MockRelease::V1_44_5);
        assert_eq!(
            new.wire_names(),
            ["Contact", "Comment", "File", "Sla", "ConnectCase", "Custom"]
        );
        assert_eq!(
            new.type_named("ConnectCase"),
            Some(RelatedItemType::ConnectCase)
        );
        for release in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
            let old = Kinds::of_release(release);
            for kind in [
                RelatedItemType::Sla,
                RelatedItemType::ConnectCase,
                RelatedItemType::Custom,
            ] {
                assert!(!old.accepts(kind), "{release} {kind:?}");
                assert_eq!(old.type_named(kind.wire_name()), None);
            }
        }
    }
}
