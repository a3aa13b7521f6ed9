//! CreateLayout, GetLayout, ListLayouts, UpdateLayout, DeleteLayout.

use super::Service;
use crate::decode::layouts::{
    BasicLayout, CreateLayoutInput, LayoutPathInput, ListLayoutsInput, UpdateLayoutInput,
};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{
    self, CreateLayoutOutput, EmptyOutput, GetLayoutOutput, LayoutSummary, ListLayoutsOutput,
    Timestamp,
};
use crate::store::records::{Domain, Layout};
use crate::time::now_millis;
use crate::token::TokenScope;

/// DeleteLayout's documentation: "You can delete up to 100 layouts per domain."
const MAX_DELETED_LAYOUTS: usize = 100;

impl Service {
    /// Creates a layout: every field it names must be a live field of the domain (400
    /// naming the member), its name unused by the domain's live layouts (409).
    pub(super) fn create_layout(
        &self,
        input: CreateLayoutInput,
    ) -> Result<CreateLayoutOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            check_fields_exist(domain, &input.content)?;
            check_name_free(domain, &input.name, None)?;
            let id = self.ids.next_uuid();
            let arn = self.arns.layout(&input.domain_id, &id);
            let now = now_millis();
            domain.insert_layout(Layout {
                id: id.clone(),
                arn: arn.clone(),
                name: input.name,
                content: input.content,
                created: now,
                last_modified: now,
                deleted: false,
            });
            Ok(CreateLayoutOutput {
                layout_arn: arn,
                layout_id: id,
            })
        })
    }

    /// A layout, deleted or not, without the ids of deleted fields.
    pub(super) fn get_layout(&self, input: &LayoutPathInput) -> Result<GetLayoutOutput, ApiError> {
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let layout = domain.layout(&input.layout_id)?;
            if self.fault(Fault::LayoutGetNotFound) {
                return Err(ApiError::not_found("Layout", &input.layout_id));
            }
            let mut name = layout.name.clone();
            if self.fault(Fault::LayoutNameTrimmed) {
                name.pop();
            }
            Ok(GetLayoutOutput {
                content: output::LayoutContent {
                    basic: visible_content(domain, &layout.content),
                },
                created_time: Timestamp(layout.created),
                deleted: layout.deleted,
                last_modified_time: Timestamp(layout.last_modified),
                layout_arn: layout.arn.clone(),
                layout_id: layout.id.clone(),
                name,
                tags: s.tags(&layout.arn),
            })
        })
    }

    /// Live layouts in creation order.
    pub(super) fn list_layouts(
        &self,
        input: &ListLayoutsInput,
    ) -> Result<ListLayoutsOutput, ApiError> {
        let scope = TokenScope {
            operation: "ListLayouts",
            domain_id: &input.domain_id,
            case_id: "",
            query: String::new(),
        };
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let newest = domain
                .layouts
                .iter()
                .rev()
                .find(|l| !l.deleted)
                .map(|l| l.id.clone())
                .filter(|_| self.fault(Fault::NewestLayoutUnlisted));
            let deleted_listed = self.fault(Fault::DeletedLayoutListed);
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                domain.layouts.len(),
                |i| domain.layouts.get(i),
                input.max_results,
                |l| (!l.deleted || deleted_listed) && newest.as_ref() != Some(&l.id),
            )?;
            Ok(ListLayoutsOutput {
                layouts: items
                    .iter()
                    .map(|l| LayoutSummary {
                        layout_arn: l.arn.clone(),
                        layout_id: l.id.clone(),
                        name: l.name.clone(),
                    })
                    .collect(),
                next_token,
            })
        })
    }

    /// Replaces the members given (`name`; `content` as a whole) and keeps the others.
    /// Unknown layout: 404; deleted layout: 400 naming `layoutId`; unknown or deleted
    /// fields: 400 naming the member; a name another live layout has: 409.
    pub(super) fn update_layout(&self, input: UpdateLayoutInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let layout = domain.layout(&input.layout_id)?;
            if layout.deleted {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{}' at 'layoutId' failed to satisfy \
                     constraint: Member must name a layout that is not deleted",
                    input.layout_id
                )));
            }
            if let Some(content) = &input.content {
                check_fields_exist(domain, content)?;
            }
            if let Some(name) = &input.name {
                check_name_free(domain, name, Some(&input.layout_id))?;
            }
            if input.name.is_none() && input.content.is_none()
                || self.fault(Fault::LayoutUpdateIgnored)
            {
                return Ok(EmptyOutput {});
            }
            let resets = input.content.is_none() && self.fault(Fault::LayoutUpdateResetsContent);
            let layout = domain.layout_mut(&input.layout_id)?;
            if resets {
                layout.content = crate::decode::layouts::BasicLayout {
                    top_panel: Some(crate::decode::layouts::LayoutSections { sections: None }),
                    more_info: None,
                };
            }
            if let Some(name) = input.name {
                layout.name = name;
            }
            if let Some(content) = input.content {
                layout.content = content;
            }
            layout.last_modified = now_millis().max(layout.created);
            Ok(EmptyOutput {})
        })
    }

    /// Marks a layout deleted (it stays readable by GetLayout). Deleting a deleted layout
    /// again changes nothing; a layout that a live (not deleted) template names as `defaultLayout` is a
    /// 409; the 101st deletion in a domain is a 402.
    pub(super) fn delete_layout(&self, input: &LayoutPathInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if domain.layout(&input.layout_id)?.deleted {
                return Ok(EmptyOutput {});
            }
            if let Some(template) = domain.templates.iter().find(|t| {
                !t.deleted && t.default_layout.as_deref() == Some(input.layout_id.as_str())
            }) {
                return Err(ApiError::conflict(format!(
                    "Layout '{}' is the default layout of template '{}'",
                    input.layout_id, template.id
                )));
            }
            let deleted = domain.layouts.iter().filter(|l| l.deleted).count();
            if deleted >= MAX_DELETED_LAYOUTS {
                return Err(ApiError::quota(format!(
                    "Domain '{}' already has {MAX_DELETED_LAYOUTS} deleted layouts, the most \
                     DeleteLayout allows per domain",
                    input.domain_id
                )));
            }
            domain.layout_mut(&input.layout_id)?.deleted = true;
            Ok(EmptyOutput {})
        })
    }
}

/// Every field a layout names must be a live field of the domain (UpdateLayout's
/// documentation: "A `ValidationException` is returned when you add non-existent
/// `fieldIds` to a layout").
fn check_fields_exist(domain: &Domain, content: &BasicLayout) -> Result<(), ApiError> {
    let mut missing = Vec::new();
    for (path, id) in content.field_ids() {
        match domain.field(id) {
            Some(f) if !f.deleted => {}
            Some(_) => missing.push(format!(
                "Value '{id}' at '{path}' failed to satisfy constraint: Member must name a \
                 field of the domain that is not deleted"
            )),
            None => missing.push(format!(
                "Value '{id}' at '{path}' failed to satisfy constraint: Member must name a \
                 field of the domain ('{id}' does not exist)"
            )),
        }
    }
    match missing.len() {
        0 => Ok(()),
        1 => Err(ApiError::validation(format!(
            "1 validation error detected: {}",
            missing[0]
        ))),
        n => Err(ApiError::validation(format!(
            "{n} validation errors detected: {}",
            missing.join("; ")
        ))),
    }
}

/// A layout name must be unique among the domain's live layouts (`except` is the layout
/// being renamed).
fn check_name_free(domain: &Domain, name: &str, except: Option<&str>) -> Result<(), ApiError> {
    let taken = domain
        .layouts
        .iter()
        .any(|l| !l.deleted && Some(l.id.as_str()) != except && l.name == name);
    if taken {
        return Err(ApiError::conflict(format!(
            "A layout named '{name}' already exists in domain '{}'",
            domain.id
        )));
    }
    Ok(())
}

/// The stored content as GetLayout shows it: deleted fields left out (DeleteField's
/// documentation: "`GetLayout` does not return field IDs for deleted fields").
fn visible_content(domain: &Domain, content: &BasicLayout) -> output::BasicLayout {
    let sections = |panel: &Option<crate::decode::layouts::LayoutSections>| {
        panel.as_ref().map(|p| output::LayoutSections {
            sections: p.sections.as_ref().map(|list| {
                list.iter()
                    .map(|group| output::Section {
                        field_group: output::FieldGroup {
                            fields: group
                                .fields
                                .iter()
                                .filter(|id| domain.field(id).is_some_and(|f| !f.deleted))
                                .map(|id| output::FieldItem { id: id.clone() })
                                .collect(),
                            name: group.name.clone(),
                        },
                    })
                    .collect()
            }),
        })
    };
    output::BasicLayout {
        more_info: sections(&content.more_info),
        top_panel: sections(&content.top_panel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::layouts::{FieldGroup, LayoutSections};
    use crate::store::records::{Field, Namespace};

    fn domain_with(fields: &[(&str, bool)]) -> Domain {
        let mut d = Domain::new("d".into(), "arn:d".into(), "D".into(), 1);
        for (id, deleted) in fields {
            d.insert_field(Field {
                id: (*id).into(),
                arn: format!("arn:{id}"),
                name: (*id).into(),
                field_type: "Text".into(),
                namespace: Namespace::Custom,
                description: None,
                created: 1,
                last_modified: 1,
                deleted: *deleted,
                options: Vec::new(),
                text_multiline: None,
            });
        }
        d
    }

    fn top(ids: &[&str]) -> BasicLayout {
        BasicLayout {
            top_panel: Some(LayoutSections {
                sections: Some(vec![FieldGroup {
                    name: None,
                    fields: ids.iter().map(|s| (*s).to_owned()).collect(),
                }]),
            }),
            more_info: None,
        }
    }

    #[test]
    fn fields_must_be_live_and_deleted_ones_are_hidden() {
        let d = domain_with(&[("a", false), ("b", true)]);
        assert!(check_fields_exist(&d, &top(&["a"])).is_ok());
        let err = check_fields_exist(&d, &top(&["a", "b", "c"])).expect_err("b and c");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("fields[1].id") && err.message.contains("fields[2].id"));
        let shown = visible_content(&d, &top(&["a", "b"]));
        let group = &shown.top_panel.expect("top").sections.expect("sections")[0].field_group;
        let ids: Vec<&str> = group.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        assert!(shown.more_info.is_none());
    }

    #[test]
    fn names_are_unique_among_live_layouts() {
        let mut d = domain_with(&[]);
        for (id, deleted) in [("l1", false), ("l2", true)] {
            d.insert_layout(Layout {
                id: id.into(),
                arn: format!("arn:{id}"),
                name: format!("name {id}"),
                content: BasicLayout::default(),
                created: 1,
                last_modified: 1,
                deleted,
            });
        }
        let err = check_name_free(&d, "name l1", None).expect_err("taken");
        assert_eq!(err.kind.status(), 409);
        assert!(
            check_name_free(&d, "name l1", Some("l1")).is_ok(),
            "its own name"
        );
        assert!(
            check_name_free(&d, "name l2", None).is_ok(),
            "a deleted layout's name"
        );
    }
}
