//! Related-item kinds: the `type` values a release has, each paired with the `content` union
//! member that carries it (`File` ↔ `file`, `ConnectCase` ↔ `connectCase`).
//!
//! The model states the pairing only by naming: `CreateRelatedItemRequest.type` is an enum
//! (`RelatedItemType`) and `.content` a union whose members are the lower-camel forms of its
//! values. The same rule ties the tag and the union of any structure of that form, so it is
//! written here once, for the generator (which sets the tag from the union it chose) and the
//! suites (which create, find and filter items of every kind).

use crate::model::ServiceModel;

/// The operation whose request names every related-item kind of a release.
const CREATE_RELATED_ITEM: &str = "CreateRelatedItem";

/// One related-item kind of a release.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelatedKind {
    /// The `content` union member (`file`).
    pub member: String,
    /// The `type` enum value that names it (`File`).
    pub type_value: String,
}

/// `File` → `file`, `ConnectCase` → `connectCase`: the member-name form of an enum value.
pub fn lower_camel(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The `(union member, enum value)` pairs of `members` whose name is the lower-camel form of
/// one of `values`, in the order of `members`; a member no value names is left out (a caller
/// that needs every member named compares the lengths).
pub fn tag_pairs<'a>(
    values: &[String],
    members: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, String)> {
    members
        .into_iter()
        .filter_map(|member| {
            values
                .iter()
                .find(|v| lower_camel(v) == member)
                .map(|v| (member.to_string(), v.clone()))
        })
        .collect()
}

/// The related-item kinds of `model`'s release, in the order of the `content` union's
/// members: `Contact`, `Comment`, `File` in 1.34.98; `Sla`, `ConnectCase`, `Custom` added in
/// 1.44.5. Empty for a model without `CreateRelatedItem`.
pub fn related_kinds(model: &ServiceModel) -> Vec<RelatedKind> {
    let Some(request) = model
        .operation(CREATE_RELATED_ITEM)
        .and_then(|op| op.input.as_ref())
        .and_then(|input| model.structure(&input.shape))
    else {
        return Vec::new();
    };
    let (Some(tag), Some(content)) = (request.members.get("type"), request.members.get("content"))
    else {
        return Vec::new();
    };
    let values = model
        .shape(&tag.shape)
        .enum_values()
        .unwrap_or_default()
        .to_vec();
    let Some(union) = model.structure(&content.shape) else {
        return Vec::new();
    };
    tag_pairs(&values, union.members.keys().map(String::as_str))
        .into_iter()
        .map(|(member, type_value)| RelatedKind { member, type_value })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    #[test]
    fn lower_camel_forms() {
        assert_eq!(lower_camel("File"), "file");
        assert_eq!(lower_camel("ConnectCase"), "connectCase");
        assert_eq!(lower_camel(""), "");
    }

    fn kinds(release: Release) -> Vec<(String, String)> {
        let model = ServiceModel::load(release).unwrap();
        related_kinds(&model)
            .into_iter()
            .map(|k| (k.member, k.type_value))
            .collect()
    }

    #[test]
    fn each_release_has_its_kinds() {
        let pair = |m: &str, v: &str| (m.to_string(), v.to_string());
        let before_file = kinds(Release::V1_34_97);
        assert!(before_file.contains(&pair("contact", "Contact")));
        assert!(before_file.contains(&pair("comment", "Comment")));
        assert!(!before_file.iter().any(|(m, _)| m == "file"));
        assert!(kinds(Release::V1_34_98).contains(&pair("file", "File")));
        let today = kinds(Release::V1_44_5);
        for kind in [
            pair("sla", "Sla"),
            pair("connectCase", "ConnectCase"),
            pair("custom", "Custom"),
        ] {
            assert!(today.contains(&kind), "{kind:?} not in {today:?}");
        }
    }

    #[test]
    fn members_no_value_names_are_left_out() {
        let values = vec!["File".to_string(), "Comment".to_string()];
        assert_eq!(
            tag_pairs(&values, ["file", "other"]),
            [("file".to_string(), "File".to_string())]
        );
    }
}
