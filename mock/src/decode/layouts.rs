//! Typed inputs of CreateLayout, GetLayout, ListLayouts, UpdateLayout and DeleteLayout,
//! with the `LayoutContent` union (`basic`: `topPanel` and `moreInfo` sections of field
//! groups).

use std::collections::HashSet;

use serde::Deserialize;

use super::common::{label, path_only, query_page};
use super::json::{Obj, parse_body};
use super::validate::name_pattern_text;
use super::validate::{Violations, index, join, proven};
use crate::config::{MockConfig, MockRelease};
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// Fields that may not be part of a layout: CreateLayout's and UpdateLayout's
/// documentation, "Title and Status fields cannot be part of layouts since they are not
/// configurable".
pub const NOT_IN_LAYOUTS: [&str; 2] = ["title", "status"];

/// The most `FieldItem`s a field group holds (`FieldGroup.fields`): 100 until 1.34.98,
/// 220 from 1.44.5 (the model diff's "bounds changed [0,100] → [0,220]").
pub fn max_group_fields(release: MockRelease) -> usize {
    if release >= MockRelease::V1_44_5 {
        220
    } else {
        100
    }
}

/// A `FieldGroup` (the one member of the `Section` union).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldGroup {
    /// `name` (0..=100), when given.
    pub name: Option<String>,
    /// `fields[].id`, in order (0..=100).
    pub fields: Vec<String>,
}

/// `LayoutSections`: `sections`, when given (0..=1 sections).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutSections {
    /// The sections, each a field group.
    pub sections: Option<Vec<FieldGroup>>,
}

/// `BasicLayout`, the one member of the `LayoutContent` union.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasicLayout {
    /// `topPanel`, when given.
    pub top_panel: Option<LayoutSections>,
    /// `moreInfo`, when given.
    pub more_info: Option<LayoutSections>,
}

impl BasicLayout {
    /// Every field id of the layout with its member path, in document order (top panel
    /// first).
    pub fn field_ids(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        for (member, panel) in [("topPanel", &self.top_panel), ("moreInfo", &self.more_info)] {
            let Some(sections) = panel.as_ref().and_then(|p| p.sections.as_ref()) else {
                continue;
            };
            for (s, group) in sections.iter().enumerate() {
                for (f, id) in group.fields.iter().enumerate() {
                    let path =
                        format!("content.basic.{member}.sections[{s}].fieldGroup.fields[{f}].id");
                    out.push((path, id.as_str()));
                }
            }
        }
        out
    }
}

#[derive(Deserialize)]
struct LayoutContentRaw {
    basic: Option<Obj<BasicLayoutRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BasicLayoutRaw {
    more_info: Option<Obj<LayoutSectionsRaw>>,
    top_panel: Option<Obj<LayoutSectionsRaw>>,
}

#[derive(Deserialize)]
struct LayoutSectionsRaw {
    sections: Option<Vec<Obj<SectionRaw>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SectionRaw {
    field_group: Option<Obj<FieldGroupRaw>>,
}

#[derive(Deserialize)]
struct FieldGroupRaw {
    fields: Option<Vec<Obj<FieldItemRaw>>>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct FieldItemRaw {
    id: Option<String>,
}

/// Validates `LayoutContent` at `content`: exactly one union member (`basic`), at most one
/// section per panel, each section a `fieldGroup` with its required `fields` (0..=100
/// items, each `id` 1..=500) and optional `name` (0..=100); no field twice, and neither
/// `title` nor `status`.
fn layout_content(
    v: &mut Violations,
    raw: LayoutContentRaw,
    release: MockRelease,
) -> Option<BasicLayout> {
    let present: Vec<&str> = raw.basic.iter().map(|_| "basic").collect();
    if !v.union_one("content", &present, &["basic"]) {
        return None;
    }
    let Obj(basic) = raw.basic?;
    let layout = BasicLayout {
        top_panel: basic
            .top_panel
            .map(|Obj(p)| sections(v, "content.basic.topPanel", p, release)),
        more_info: basic
            .more_info
            .map(|Obj(p)| sections(v, "content.basic.moreInfo", p, release)),
    };
    let mut seen = HashSet::new();
    for (path, id) in layout.field_ids() {
        if NOT_IN_LAYOUTS.contains(&id) {
            v.constraint(
                &path,
                &format!(
                    "not name the '{id}' field (Title and Status fields cannot be part of layouts)"
                ),
            );
        } else if !seen.insert(id) {
            v.constraint(
                &path,
                &format!("name a field once per layout ('{id}' is repeated)"),
            );
        }
    }
    Some(layout)
}

fn sections(
    v: &mut Violations,
    path: &str,
    raw: LayoutSectionsRaw,
    release: MockRelease,
) -> LayoutSections {
    let Some(list) = raw.sections else {
        return LayoutSections { sections: None };
    };
    let list_path = join(path, "sections");
    v.size(&list_path, list.len(), 0, 1);
    let mut groups = Vec::with_capacity(list.len());
    for (i, Obj(section)) in list.into_iter().enumerate() {
        let section_path = index(&list_path, i);
        let present: Vec<&str> = section.field_group.iter().map(|_| "fieldGroup").collect();
        if !v.union_one(&section_path, &present, &["fieldGroup"]) {
            continue;
        }
        let Some(Obj(group)) = section.field_group else {
            continue;
        };
        let group_path = join(&section_path, "fieldGroup");
        if let Some(name) = &group.name {
            v.length(&join(&group_path, "name"), name, 0, 100);
        }
        let fields_path = join(&group_path, "fields");
        let mut fields = Vec::new();
        if let Some(items) = v.required(&fields_path, group.fields) {
            v.size(&fields_path, items.len(), 0, max_group_fields(release));
            for (f, Obj(item)) in items.into_iter().enumerate() {
                let id_path = join(&index(&fields_path, f), "id");
                if let Some(id) = v.required(&id_path, item.id) {
                    v.length(&id_path, &id, 1, 500);
                    fields.push(id);
                }
            }
        }
        groups.push(FieldGroup {
            name: group.name,
            fields,
        });
    }
    LayoutSections {
        sections: Some(groups),
    }
}

fn layout_name(v: &mut Violations, name: &str, release: MockRelease) {
    if v.length("name", name, 1, 100) {
        v.name_pattern_as("name", name, name_pattern_text(release));
    }
}

/// A validated CreateLayout request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateLayoutInput {
    /// Domain of the new layout.
    pub domain_id: String,
    /// Layout name (1..=100, pattern `^.*[\S]$`).
    pub name: String,
    /// `content.basic`.
    pub content: BasicLayout,
}

#[derive(Deserialize)]
struct CreateLayoutBody {
    content: Option<Obj<LayoutContentRaw>>,
    name: Option<String>,
}

/// Decodes CreateLayout (`content` and `name` required).
pub fn create_layout(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<CreateLayoutInput, ApiError> {
    let raw: CreateLayoutBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let content = v
        .required("content", raw.content)
        .and_then(|Obj(c)| layout_content(&mut v, c, config.release));
    let name = v.required("name", raw.name);
    if let Some(name) = &name {
        layout_name(&mut v, name, config.release);
    }
    v.finish()?;
    Ok(CreateLayoutInput {
        domain_id,
        name: proven(name, "name")?,
        content: proven(content, "content")?,
    })
}

/// A validated GetLayout or DeleteLayout request (path only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutPathInput {
    /// Domain of the layout.
    pub domain_id: String,
    /// The layout.
    pub layout_id: String,
}

/// Decodes GetLayout and DeleteLayout (path labels only; a body must still be a JSON
/// object and is ignored).
pub fn layout_path(route: &Route, body: &[u8]) -> Result<LayoutPathInput, ApiError> {
    let [domain_id, layout_id] = path_only(route, body, ["domainId", "layoutId"])?;
    Ok(LayoutPathInput {
        domain_id,
        layout_id,
    })
}

/// A validated ListLayouts request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListLayoutsInput {
    /// Domain whose layouts are listed.
    pub domain_id: String,
    /// Page size, 1..=100 (default 100).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

/// Decodes ListLayouts (query string `maxResults`, `nextToken`).
pub fn list_layouts(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListLayoutsInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let (max_results, next_token) = query_page(&mut v, query, 100, config);
    v.finish()?;
    Ok(ListLayoutsInput {
        domain_id,
        max_results,
        next_token,
    })
}

/// A validated UpdateLayout request: `name` and `content` are both optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateLayoutInput {
    /// Domain of the layout.
    pub domain_id: String,
    /// The layout to update.
    pub layout_id: String,
    /// New name, when given.
    pub name: Option<String>,
    /// New content (replacing the whole content), when given.
    pub content: Option<BasicLayout>,
}

#[derive(Deserialize)]
struct UpdateLayoutBody {
    content: Option<Obj<LayoutContentRaw>>,
    name: Option<String>,
}

/// Decodes UpdateLayout.
pub fn update_layout(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<UpdateLayoutInput, ApiError> {
    let raw: UpdateLayoutBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let layout_id = label(&mut v, route, "layoutId");
    let content = raw
        .content
        .and_then(|Obj(c)| layout_content(&mut v, c, config.release));
    if let Some(name) = &raw.name {
        layout_name(&mut v, name, config.release);
    }
    v.finish()?;
    Ok(UpdateLayoutInput {
        domain_id,
        layout_id,
        name: raw.name,
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn create_route() -> Route {
        resolve("POST", "/domains/d/layouts").expect("route")
    }

    fn create_layout(route: &Route, body: &[u8]) -> Result<CreateLayoutInput, ApiError> {
        super::create_layout(route, body, &MockConfig::default())
    }

    fn update_layout(route: &Route, body: &[u8]) -> Result<UpdateLayoutInput, ApiError> {
        super::update_layout(route, body, &MockConfig::default())
    }

    #[test]
    fn field_groups_hold_220_fields_from_1_44_5() {
        let group = |n: usize| {
            let items: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"f{i}"}}"#)).collect();
            format!(
                r#"{{"name":"L","content":{{"basic":{{"moreInfo":{{"sections":[{{"fieldGroup":{{"fields":[{}]}}}}]}}}}}}}}"#,
                items.join(",")
            )
        };
        let new = MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        };
        for n in [101, 220] {
            super::create_layout(&create_route(), group(n).as_bytes(), &new).expect("1.44.5");
            let err = create_layout(&create_route(), group(n).as_bytes()).expect_err("1.34.98");
            assert!(
                err.message.contains("less than or equal to 100"),
                "{}",
                err.message
            );
        }
        let err =
            super::create_layout(&create_route(), group(221).as_bytes(), &new).expect_err("221");
        assert!(
            err.message.contains("less than or equal to 220"),
            "{}",
            err.message
        );
    }

    #[test]
    fn create_layout_reads_both_panels() {
        let body = br#"{"name":"L","content":{"basic":{
            "topPanel":{"sections":[{"fieldGroup":{"name":"top","fields":[{"id":"a"},{"id":"b"}]}}]},
            "moreInfo":{"sections":[{"fieldGroup":{"fields":[{"id":"c"}]}}]}}}}"#;
        let ok = create_layout(&create_route(), body).expect("valid");
        assert_eq!(ok.name, "L");
        let ids: Vec<&str> = ok
            .content
            .field_ids()
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let top = ok
            .content
            .top_panel
            .expect("top")
            .sections
            .expect("sections");
        assert_eq!(top[0].name.as_deref(), Some("top"));
        let more = ok
            .content
            .more_info
            .expect("more")
            .sections
            .expect("sections");
        assert_eq!(more[0].name, None);
        let empty = create_layout(&create_route(), br#"{"name":"E","content":{"basic":{}}}"#)
            .expect("empty basic layout");
        assert_eq!(empty.content, BasicLayout::default());
    }

    #[test]
    fn create_layout_requires_name_and_content() {
        let err = create_layout(&create_route(), b"{}").expect_err("missing");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("'content'") && err.message.contains("'name'"));
        let err = create_layout(&create_route(), br#"{"name":"L","content":{}}"#)
            .expect_err("empty union");
        assert!(err.message.contains("'content'"), "{}", err.message);
        let err = create_layout(&create_route(), br#"{"name":"L ","content":{"basic":{}}}"#)
            .expect_err("pattern");
        assert!(err.message.contains("'name'"), "{}", err.message);
    }

    #[test]
    fn sections_unions_and_field_lists_are_checked() {
        let cases: [(&[u8], &str); 6] = [
            (
                br#"{"name":"L","content":{"basic":{"topPanel":{"sections":[{"fieldGroup":{"fields":[]}},{"fieldGroup":{"fields":[]}}]}}}}"#,
                "content.basic.topPanel.sections'",
            ),
            (
                br#"{"name":"L","content":{"basic":{"moreInfo":{"sections":[{}]}}}}"#,
                "content.basic.moreInfo.sections[0]'",
            ),
            (
                br#"{"name":"L","content":{"basic":{"topPanel":{"sections":[{"fieldGroup":{}}]}}}}"#,
                "content.basic.topPanel.sections[0].fieldGroup.fields'",
            ),
            (
                br#"{"name":"L","content":{"basic":{"topPanel":{"sections":[{"fieldGroup":{"fields":[{}]}}]}}}}"#,
                "content.basic.topPanel.sections[0].fieldGroup.fields[0].id'",
            ),
            (
                br#"{"name":"L","content":{"basic":{"topPanel":{"sections":[{"fieldGroup":{"fields":[{"id":"title"}]}}]}}}}"#,
                "content.basic.topPanel.sections[0].fieldGroup.fields[0].id'",
            ),
            (
                br#"{"name":"L","content":{"basic":{"topPanel":{"sections":[{"fieldGroup":{"fields":[{"id":"a"}]}}]},"moreInfo":{"sections":[{"fieldGroup":{"fields":[{"id":"a"}]}}]}}}}"#,
                "content.basic.moreInfo.sections[0].fieldGroup.fields[0].id'",
            ),
        ];
        for (body, member) in cases {
            let err = create_layout(&create_route(), body).expect_err(member);
            assert!(err.message.contains(member), "{member}: {}", err.message);
        }
        let long_name = format!(
            r#"{{"name":"L","content":{{"basic":{{"topPanel":{{"sections":[{{"fieldGroup":{{"name":"{}","fields":[]}}}}]}}}}}}}}"#,
            "g".repeat(101)
        );
        let err = create_layout(&create_route(), long_name.as_bytes()).expect_err("group name");
        assert!(
            err.message
                .contains("'content.basic.topPanel.sections[0].fieldGroup.name'"),
            "{}",
            err.message
        );
        let many: Vec<String> = (0..101).map(|i| format!(r#"{{"id":"f{i}"}}"#)).collect();
        let body = format!(
            r#"{{"name":"L","content":{{"basic":{{"topPanel":{{"sections":[{{"fieldGroup":{{"fields":[{}]}}}}]}}}}}}}}"#,
            many.join(",")
        );
        let err = create_layout(&create_route(), body.as_bytes()).expect_err("101 fields");
        assert!(
            err.message
                .contains("'content.basic.topPanel.sections[0].fieldGroup.fields'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn update_layout_members_are_optional() {
        let route = resolve("PUT", "/domains/d/layouts/l").expect("route");
        let none = update_layout(&route, b"{}").expect("no members");
        assert_eq!((none.name, none.content), (None, None));
        let ok = update_layout(&route, br#"{"content":{"basic":{}}}"#).expect("content only");
        assert_eq!(ok.content, Some(BasicLayout::default()));
        assert_eq!(ok.layout_id, "l");
        let err = update_layout(&route, br#"{"content":{}}"#).expect_err("empty union");
        assert!(err.message.contains("'content'"), "{}", err.message);
        let err = update_layout(&route, br#"{"name":""}"#).expect_err("empty name");
        assert!(err.message.contains("'name'"), "{}", err.message);
    }

    #[test]
    fn list_layouts_bounds_the_page_size() {
        let route = resolve("POST", "/domains/d/layouts-list").expect("route");
        let config = MockConfig::default();
        let q = Query::parse(Some("maxResults=0")).expect("query");
        let err = list_layouts(&route, &q, b"", &config).expect_err("zero");
        assert!(err.message.contains("'maxResults'"), "{}", err.message);
        let q = Query::parse(Some("maxResults=100&nextToken=")).expect("query");
        let ok = list_layouts(&route, &q, b"", &config).expect("valid");
        assert_eq!((ok.max_results, ok.next_token), (100, None));
    }
}
