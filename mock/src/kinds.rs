//! Related-item types and the single list of the ones this mock accepts.
//!
//! The 2024-05-03 release (botocore 1.34.98) added `File`. Everything that needs to know
//! which types exist (the `type` enum check, the `content` union, the search filter
//! union, the audit `relatedItemType`) asks [`accepted_related_item_types`], so emulating
//! the release before File means changing that one function.

/// A related-item type: a value of the model's `RelatedItemType` enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelatedItemType {
    /// An Amazon Connect contact.
    Contact,
    /// A text comment.
    Comment,
    /// An Amazon Connect file (new in the 2024-05-03 release).
    File,
}

impl RelatedItemType {
    /// Every type the newest supported model knows, in the model's enum order.
    pub const ALL: [Self; 3] = [Self::Contact, Self::Comment, Self::File];

    /// The enum value on the wire (`Contact`, `Comment`, `File`).
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Contact => "Contact",
            Self::Comment => "Comment",
            Self::File => "File",
        }
    }

    /// The union member that carries this type's content or filter.
    pub fn member_name(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Comment => "comment",
            Self::File => "file",
        }
    }

    /// The accepted type whose wire name is `name`, if any.
    pub fn from_wire(name: &str) -> Option<Self> {
        accepted_related_item_types()
            .iter()
            .copied()
            .find(|t| t.wire_name() == name)
    }
}

/// The related-item types this mock accepts: the one place that decides them.
pub fn accepted_related_item_types() -> &'static [RelatedItemType] {
    &RelatedItemType::ALL
}

/// Whether `kind` is accepted (a union member of an unaccepted type counts as unknown).
pub fn is_accepted(kind: RelatedItemType) -> bool {
    accepted_related_item_types().contains(&kind)
}

/// The accepted wire names, for enum-violation messages: `[Contact, Comment, File]`.
pub fn accepted_wire_names() -> Vec<&'static str> {
    accepted_related_item_types()
        .iter()
        .map(|t| t.wire_name())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_is_accepted_in_this_release() {
        assert_eq!(
            RelatedItemType::from_wire("File"),
            Some(RelatedItemType::File)
        );
        assert!(is_accepted(RelatedItemType::File));
        assert_eq!(accepted_wire_names(), ["Contact", "Comment", "File"]);
    }

    #[test]
    fn wire_names_are_case_sensitive() {
        assert_eq!(RelatedItemType::from_wire("file"), None);
        assert_eq!(RelatedItemType::from_wire("Sla"), None);
    }
}
