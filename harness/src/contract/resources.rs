//! Resources, as the model's operations create and consume them: each id an operation's URI
//! takes as a path label (`{domainId}`, `{caseId}`, `{relatedItemId}`, ...) names a resource;
//! the operations whose answer names one by id and ARN at the top level (`domainId` and
//! `domainArn`) without taking its id produce it (`CreateDomain`; `GetCase` answers a
//! `templateId` but no `templateArn`: it refers to a template, it does not make one), the
//! operations whose URI takes it consume it, and
//! the labels before it in those URIs are its parents (`/domains/{domainId}/cases/{caseId}`:
//! a case lives in a domain).
//!
//! A resource no URI takes (1.34.98's related items, found only by search) is one an answer
//! names by id and ARN; it lives in the resources its producer's URI names.
//!
//! Inferred from URIs and member names, not listed per operation: a release that adds a
//! resource (1.44.5's `caseRuleId`, `relatedItemId` as a label) gets it with no edit here.
//! The `{arn}` label of the tagging operations names any resource by ARN and is left out:
//! no operation produces an `arn` member.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Operation, ServiceModel};

/// One resource kind of a release.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resource {
    /// The id member that names it (`caseId`).
    pub id: String,
    /// The resources it lives in, outermost first, by id member (`["domainId"]`).
    pub parents: Vec<String>,
    /// Operations whose success answer names it by id and ARN at the top level, without
    /// taking its id.
    pub produced_by: BTreeSet<String>,
    /// Operations whose URI takes the id as a path label.
    pub consumed_by: BTreeSet<String>,
    /// `DELETE` operations whose URI path ends in the id's label (`DeleteDomain`): what
    /// removes it. 1.34.98 has none for cases and related items.
    pub deleted_by: BTreeSet<String>,
    /// `POST` or `GET` operations whose URI ends in the id's label (`GetCase`): what reads it.
    pub read_by: BTreeSet<String>,
    /// `PUT` operations whose URI ends in the id's label (`UpdateCase`): what changes it.
    pub updated_by: BTreeSet<String>,
    /// Paginated operations whose page list is named after the resource and whose items
    /// carry its id (`cases` of `SearchCases`, `fields` of `ListFields`): where it is found
    /// among others.
    pub listed_by: BTreeSet<String>,
}

/// The path labels of a request URI, in order (`{arn}` and greedy `{key+}` labels included).
pub fn uri_labels(request_uri: &str) -> Vec<String> {
    request_uri
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(label, _)| label.trim_end_matches('+').to_string())
        .collect()
}

/// The label the tagging operations name a resource by: an ARN, not a resource of its own.
const ARN_LABEL: &str = "arn";

/// Every resource of `model`'s release, by id member.
pub fn resources(model: &ServiceModel) -> BTreeMap<String, Resource> {
    let mut found: BTreeMap<String, Resource> = BTreeMap::new();
    for op in model.operations.values() {
        let labels = uri_labels(&op.http.request_uri);
        for (position, label) in labels.iter().enumerate() {
            if label == ARN_LABEL {
                continue;
            }
            let resource = found.entry(label.clone()).or_insert_with(|| Resource {
                id: label.clone(),
                ..Resource::default()
            });
            resource.consumed_by.insert(op.name.clone());
            let path = op.http.request_uri.split('?').next().unwrap_or_default();
            if path
                .trim_end_matches('/')
                .ends_with(&format!("{{{label}}}"))
            {
                let role = match op.http.method.as_str() {
                    "DELETE" => &mut resource.deleted_by,
                    "PUT" => &mut resource.updated_by,
                    _ => &mut resource.read_by,
                };
                role.insert(op.name.clone());
            }
            let parents = &labels[..position];
            if parents.len() > resource.parents.len() {
                resource.parents = parents.to_vec();
            }
        }
    }
    for op in model.operations.values() {
        let takes = uri_labels(&op.http.request_uri);
        let answers = output_members(model, op);
        for id in &answers {
            let arn = id.strip_suffix("Id").map(|stem| format!("{stem}Arn"));
            if takes.contains(id) || !arn.is_some_and(|arn| answers.contains(&arn)) {
                continue;
            }
            // A resource no URI names (1.34.98's related items) lives where it was made.
            let resource = found.entry(id.clone()).or_insert_with(|| Resource {
                id: id.clone(),
                parents: takes.iter().filter(|l| *l != ARN_LABEL).cloned().collect(),
                ..Resource::default()
            });
            resource.produced_by.insert(op.name.clone());
        }
    }
    for (operation, paginator) in super::paging::paginated_operations(model) {
        // A page of `cases` lists cases, though its items also name their template: the
        // listed resource is the one the page's list is named after.
        for id in page_item_members(model, &operation, &paginator.result_key) {
            let stem = id.strip_suffix("Id").unwrap_or(&id);
            if let Some(resource) = found.get_mut(&id)
                && paginator.result_key.starts_with(stem)
            {
                resource.listed_by.insert(operation.clone());
            }
        }
    }
    found
}

/// A batch read of one resource kind: an operation whose request lists the resources it reads
/// by id (`caseRules: [{"id": ...}]` of BatchGetCaseRule) and whose answer lists them, each
/// naming itself by its id member (`caseRules[].caseRuleId`). It reads a resource no
/// operation reads by path label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRead {
    /// The operation (`BatchGetCaseRule`).
    pub operation: String,
    /// The request's list of identifiers (`caseRules`).
    pub request_list: String,
    /// The one member of each identifier (`id`), of the resource's id shape.
    pub identifier: String,
    /// The answer's list of resources (`caseRules`), whose items carry the resource's id
    /// member.
    pub answer_list: String,
}

/// The batch read of `resource`, if the release has one: an operation whose URI takes only
/// the resource's parents, whose request has a body list of one-member structures whose
/// member has the shape of the resource's path label, and whose answer has a list of
/// structures with the resource's id member.
pub fn batch_read(model: &ServiceModel, resource: &Resource) -> Option<BatchRead> {
    let id_shape = resource.consumed_by.iter().find_map(|op| {
        let op = model.operation(op)?;
        let input = model.structure(&op.input.as_ref()?.shape)?;
        Some(input.members.get(&resource.id)?.shape.clone())
    })?;
    let list_items = |shape: &str| match model.shape(shape) {
        crate::model::Shape::List(list) => model.structure(&list.member.shape),
        _ => None,
    };
    model.operations.values().find_map(|op| {
        let labels = uri_labels(&op.http.request_uri);
        if !labels.iter().all(|l| resource.parents.contains(l)) {
            return None;
        }
        let input = model.structure(&op.input.as_ref()?.shape)?;
        let (request_list, identifier) = input
            .members
            .iter()
            .filter(|(_, m)| m.location.is_none())
            .find_map(|(name, m)| {
                let item = list_items(&m.shape)?;
                let (only, member) = item.members.iter().next()?;
                (item.members.len() == 1 && member.shape == id_shape)
                    .then(|| (name.clone(), only.clone()))
            })?;
        let output = model.structure(&op.output.as_ref()?.shape)?;
        let answer_list = output.members.iter().find_map(|(name, m)| {
            list_items(&m.shape)?
                .members
                .contains_key(&resource.id)
                .then(|| name.clone())
        })?;
        Some(BatchRead {
            operation: op.name.clone(),
            request_list,
            identifier,
            answer_list,
        })
    })
}

/// The members of the items of `operation`'s page list `result_key`.
fn page_item_members(model: &ServiceModel, operation: &str, result_key: &str) -> Vec<String> {
    let Some(output) = model
        .operation(operation)
        .and_then(|op| op.output.as_ref())
        .and_then(|o| model.structure(&o.shape))
    else {
        return Vec::new();
    };
    let Some(list) = output.members.get(result_key) else {
        return Vec::new();
    };
    let crate::model::Shape::List(list) = model.shape(&list.shape) else {
        return Vec::new();
    };
    model
        .structure(&list.member.shape)
        .map(|item| item.members.keys().cloned().collect())
        .unwrap_or_default()
}

/// The resource graph as text: one block per resource, its parents and the operations in
/// each role (what `harness resources` prints).
pub fn describe(found: &BTreeMap<String, Resource>) -> String {
    let mut out = String::new();
    for resource in found.values() {
        out.push_str(&resource.id);
        if !resource.parents.is_empty() {
            out.push_str(&format!(" (in {})", resource.parents.join(" / ")));
        }
        out.push('\n');
        for (role, operations) in [
            ("produced by", &resource.produced_by),
            ("read by", &resource.read_by),
            ("listed by", &resource.listed_by),
            ("updated by", &resource.updated_by),
            ("deleted by", &resource.deleted_by),
            ("consumed by", &resource.consumed_by),
        ] {
            let names: Vec<&str> = operations.iter().map(String::as_str).collect();
            let names = if names.is_empty() {
                "(none)".to_string()
            } else {
                names.join(", ")
            };
            out.push_str(&format!("  {role:<12} {names}\n"));
        }
    }
    out
}

/// The top-level members of `op`'s output.
fn output_members(model: &ServiceModel, op: &Operation) -> Vec<String> {
    op.output
        .as_ref()
        .and_then(|o| model.structure(&o.shape))
        .map(|s| s.members.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    #[test]
    fn case_rules_and_fields_are_read_in_batches() {
        let model = ServiceModel::load(Release::V1_44_5).expect("model");
        let found = resources(&model);
        let rules = batch_read(&model, &found["caseRuleId"]).expect("a batch read");
        assert_eq!(
            rules,
            BatchRead {
                operation: "BatchGetCaseRule".into(),
                request_list: "caseRules".into(),
                identifier: "id".into(),
                answer_list: "caseRules".into(),
            }
        );
        let fields = batch_read(&model, &found["fieldId"]).expect("a batch read");
        assert_eq!(fields.operation, "BatchGetField");
        assert_eq!(batch_read(&model, &found["domainId"]), None);
    }

    #[test]
    fn labels_are_read_in_order() {
        assert_eq!(
            uri_labels("/domains/{domainId}/cases/{caseId}/related-items/"),
            ["domainId", "caseId"]
        );
        assert_eq!(uri_labels("/tags/{arn}"), ["arn"]);
        assert!(uri_labels("/domains").is_empty());
    }

    #[test]
    fn the_contract_release_has_its_resources_and_their_producers() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let found = resources(&model);
        let ids: Vec<&str> = found.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "caseId",
                "domainId",
                "fieldId",
                "layoutId",
                "relatedItemId",
                "templateId"
            ]
        );
        assert_eq!(found["relatedItemId"].parents, ["domainId", "caseId"]);
        assert!(found["relatedItemId"].consumed_by.is_empty());
        assert!(found["relatedItemId"].deleted_by.is_empty());
        let produced = |id: &str| found[id].produced_by.iter().cloned().collect::<Vec<_>>();
        assert_eq!(produced("domainId"), ["CreateDomain"]);
        assert_eq!(produced("caseId"), ["CreateCase"]);
        assert_eq!(produced("templateId"), ["CreateTemplate"]);
        assert_eq!(found["caseId"].parents, ["domainId"]);
        assert!(found["domainId"].parents.is_empty());
        assert!(found["caseId"].consumed_by.contains("CreateRelatedItem"));
        assert!(found["caseId"].consumed_by.contains("GetCaseAuditEvents"));
        let deleted = |id: &str| found[id].deleted_by.iter().cloned().collect::<Vec<_>>();
        assert_eq!(deleted("domainId"), ["DeleteDomain"]);
        assert_eq!(deleted("fieldId"), ["DeleteField"]);
        assert!(deleted("caseId").is_empty(), "1.34.98 has no DeleteCase");
        let role = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        assert_eq!(role(&found["caseId"].read_by), ["GetCase"]);
        assert_eq!(role(&found["caseId"].updated_by), ["UpdateCase"]);
        assert_eq!(
            role(&found["caseId"].listed_by),
            ["ListCasesForContact", "SearchCases"]
        );
        assert_eq!(
            role(&found["relatedItemId"].listed_by),
            ["SearchRelatedItems"]
        );
        assert_eq!(role(&found["domainId"].listed_by), ["ListDomains"]);
        assert_eq!(role(&found["layoutId"].updated_by), ["UpdateLayout"]);
        assert_eq!(role(&found["templateId"].listed_by), ["ListTemplates"]);
    }

    /// Every release: every resource is made by some operation, and every operation that
    /// lists one pages.
    #[test]
    fn every_release_has_a_producer_per_resource_and_paged_listings() {
        for release in Release::ALL {
            let model = ServiceModel::load(release).unwrap();
            let paged: BTreeSet<String> = crate::contract::paging::paginated_operations(&model)
                .into_iter()
                .map(|(name, _)| name)
                .collect();
            let found = resources(&model);
            for resource in found.values() {
                assert!(
                    !resource.produced_by.is_empty(),
                    "{release}: nothing produces {}",
                    resource.id
                );
                assert!(
                    resource.listed_by.is_subset(&paged),
                    "{release}: {:?}",
                    resource.listed_by
                );
            }
            let text = describe(&found);
            assert!(text.contains("caseId (in domainId)"), "{text}");
        }
    }

    #[test]
    fn todays_release_adds_case_rules_and_related_items_as_resources() {
        let model = ServiceModel::load(Release::V1_44_5).unwrap();
        let found = resources(&model);
        assert!(found["caseRuleId"].produced_by.contains("CreateCaseRule"));
        assert_eq!(found["caseRuleId"].parents, ["domainId"]);
        assert!(
            found["relatedItemId"]
                .produced_by
                .contains("CreateRelatedItem")
        );
        assert_eq!(found["relatedItemId"].parents, ["domainId", "caseId"]);
        assert!(
            found["relatedItemId"]
                .consumed_by
                .contains("DeleteRelatedItem")
        );
        assert!(
            found["relatedItemId"]
                .deleted_by
                .contains("DeleteRelatedItem")
        );
        assert!(found["caseId"].deleted_by.contains("DeleteCase"));
        assert!(found["caseRuleId"].deleted_by.contains("DeleteCaseRule"));
    }
}
