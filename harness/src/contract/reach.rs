//! What no request of a conformance run can provoke, with the reason, so that coverage can
//! say what was never exercised *and could have been*, and list the rest apart instead of
//! counting it as a gap or hiding it.
//!
//! Two rules, both read off the model:
//!
//! - **Errors by their trait.** A server fault (`fault`, InternalServerException), a rate quota
//!   (429), a refused identity (403) and an exceeded service quota (402) are answers to the
//!   target's state, its limits or the caller's identity, not to a request's content. They
//!   are out of reach unless the target gives them (then they count as exercised). So is a
//!   conflict (409) that the operation's documentation never names: nothing says which state
//!   conflicts (UpdateCase's does: "the secondary case of a merge that is running"). A status
//!   code is out of reach when every modeled error it travels with is.
//! - **Echoed unions.** An operation that answers a member it was sent (`UpdateRelatedItem`'s
//!   `content`) cannot answer a variant of the output's union that the input's union lacks
//!   (`RelatedItemUpdateContent` has no `contact`), nor the `type` value paired with that
//!   variant ([`super::related`]).

use super::related::related_kinds;
use super::shapes::{request_nodes, response_nodes};
use crate::model::{Operation, ServiceModel, Shape};

/// Why a modeled error of `op` (and its status code) is out of any request's reach, or
/// `None` when some request can provoke it: [`error_out_of_reach`], and a 409 conflict that
/// the operation's documentation never names.
pub fn operation_error_out_of_reach(
    model: &ServiceModel,
    op: &Operation,
    error: &str,
) -> Option<&'static str> {
    if let Some(reason) = error_out_of_reach(model, error) {
        return Some(reason);
    }
    let conflict = model.error_status(error) == Some(409);
    let named = op
        .documentation
        .as_deref()
        .is_some_and(|doc| doc.contains(error));
    (conflict && !named).then_some(
        "a conflict with the state of a resource (\"would cause a conflict with the current \
         state of a service resource\") that the operation's documentation never names, so no \
         request is built to provoke one",
    )
}

/// Why a modeled error (and its status code) is out of any request's reach whatever the
/// operation, or `None` when some request can provoke it.
pub fn error_out_of_reach(model: &ServiceModel, error: &str) -> Option<&'static str> {
    let shape = model.structure(error)?;
    if shape.fault {
        return Some(
            "a server fault (`fault` in the model): a conforming target answers it only when it \
             fails, and no request is meant to make it fail",
        );
    }
    match shape.error.as_ref()?.http_status_code {
        429 => Some(
            "a rate quota's answer: the model states no rate to exceed, and the run paces \
             itself and retries what is throttled; exercised only when the target throttled",
        ),
        403 => Some(
            "an authorization failure: it needs an identity the target denies, and a run \
             speaks with one identity",
        ),
        402 => Some(
            "an exceeded service quota: the model names the quotas but not their values \
             (\"See Connect Customer Cases quotas\"), so no request exceeds one by \
             construction, and filling an account to its quotas is not a conformance run's to do",
        ),
        _ => None,
    }
}

/// Why the status code `status` of `op` is out of reach: every modeled error sent with it is.
pub fn status_out_of_reach(model: &ServiceModel, op: &Operation, status: u16) -> Option<String> {
    if status == op.http.response_code {
        return None;
    }
    let mut reasons = op
        .errors
        .iter()
        .filter(|e| model.error_status(&e.shape) == Some(status))
        .map(|e| operation_error_out_of_reach(model, op, &e.shape).map(|r| (e.shape.as_str(), r)));
    let first = reasons.next()??;
    let mut names = vec![first.0];
    for next in reasons {
        names.push(next?.0);
    }
    Some(format!("sent only with {}: {}", names.join(", "), first.1))
}

/// Why the response item at `path` (a member path, `path.member` of a union variant, or
/// `path=Value` of an enum value) of `op` is out of reach, by the echoed-union rule.
pub fn response_item_out_of_reach(
    model: &ServiceModel,
    op: &Operation,
    item: &str,
) -> Option<String> {
    let path = item.split_once('=').map_or(item, |(p, _)| p);
    let value = item.split_once('=').map(|(_, v)| v);
    if value.is_some()
        && let Some(reason) = computed_status(model, op, path)
    {
        return Some(reason);
    }
    for (member, input_union, missing) in echoed_union_gaps(model, op) {
        let lacking = |variant: &str| {
            format!(
                "{} answers the `{member}` it was sent, and its request's `{member}` \
                 (`{input_union}`) has no `{variant}`",
                op.name
            )
        };
        for variant in &missing {
            let prefix = format!("{member}.{variant}");
            if path == prefix || path.starts_with(&format!("{prefix}.")) {
                return Some(lacking(variant));
            }
        }
        // The `type` value paired with an unreachable variant.
        if path == "type"
            && let Some(value) = value
            && let Some(kind) = related_kinds(model)
                .into_iter()
                .find(|k| k.type_value == value && missing.contains(&k.member))
        {
            return Some(lacking(&kind.member));
        }
    }
    None
}

/// Why the values of the status at `path` in `op`'s answer are out of reach: a member named
/// `status` or `…Status` whose enum no request of the model sets (outside filters, which only
/// ask for it): the service computes it, over time (`DomainStatus`, `SlaStatus`).
fn computed_status(model: &ServiceModel, op: &Operation, path: &str) -> Option<String> {
    let name = path.rsplit('.').next()?.trim_end_matches("[]");
    if !name.to_ascii_lowercase().ends_with("status") {
        return None;
    }
    let shape = response_nodes(model, op)
        .into_iter()
        .find(|n| n.path == path)?
        .shape;
    model.shape(&shape).enum_values()?;
    let set_by_a_request = model.operations.values().any(|other| {
        request_nodes(model, other)
            .iter()
            .any(|n| n.shape == shape && !n.path.to_ascii_lowercase().contains("filter"))
    });
    (!set_by_a_request).then(|| {
        format!(
            "a status the service computes on its own (no request sets a `{shape}`): a run \
             sees the values its target's timing shows and waits for no other (an SLA turns \
             Overdue only once its target minutes pass; a domain's creation fails only by itself)"
        )
    })
}

/// For each top-level member that `op`'s input and output both have as unions, the output
/// union's variants that the input union lacks.
fn echoed_union_gaps(model: &ServiceModel, op: &Operation) -> Vec<(String, String, Vec<String>)> {
    let (Some(input), Some(output)) = (op.input.as_ref(), op.output.as_ref()) else {
        return Vec::new();
    };
    let (Some(input), Some(output)) = (
        model.structure(&input.shape),
        model.structure(&output.shape),
    ) else {
        return Vec::new();
    };
    let union_of = |shape: &str| match model.shapes.get(shape) {
        Some(Shape::Structure(s)) if s.union => Some(s),
        _ => None,
    };
    let mut gaps = Vec::new();
    for (name, out_member) in &output.members {
        let Some(in_member) = input.members.get(name) else {
            continue;
        };
        if in_member.location.is_some() {
            continue;
        }
        let (Some(sent), Some(answered)) =
            (union_of(&in_member.shape), union_of(&out_member.shape))
        else {
            continue;
        };
        let missing: Vec<String> = answered
            .members
            .keys()
            .filter(|v| !sent.members.contains_key(*v))
            .cloned()
            .collect();
        if !missing.is_empty() {
            gaps.push((name.clone(), in_member.shape.clone(), missing));
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    fn model(release: Release) -> ServiceModel {
        ServiceModel::load(release).expect("vendored model loads")
    }

    #[test]
    fn errors_of_state_limits_and_identity_are_out_of_reach_and_the_others_are_not() {
        let m = model(Release::V1_44_5);
        for out in [
            "InternalServerException",
            "ThrottlingException",
            "AccessDeniedException",
            "ServiceQuotaExceededException",
        ] {
            assert!(error_out_of_reach(&m, out).is_some(), "{out}");
        }
        for within in [
            "ValidationException",
            "ResourceNotFoundException",
            "ConflictException",
        ] {
            assert_eq!(error_out_of_reach(&m, within), None, "{within}");
        }
    }

    #[test]
    fn a_conflict_is_in_reach_where_the_documentation_names_it() {
        let m = model(Release::V1_44_5);
        let named = m.operation("UpdateCase").unwrap();
        assert_eq!(
            operation_error_out_of_reach(&m, named, "ConflictException"),
            None
        );
        let silent = m.operation("CreateField").unwrap();
        assert!(operation_error_out_of_reach(&m, silent, "ConflictException").is_some());
        assert!(status_out_of_reach(&m, silent, 409).is_some());
        assert_eq!(status_out_of_reach(&m, named, 409), None);
    }

    #[test]
    fn a_status_is_out_of_reach_only_when_all_its_errors_are() {
        let m = model(Release::V1_44_5);
        let op = m.operation("CreateField").unwrap();
        assert!(status_out_of_reach(&m, op, 500).is_some());
        assert!(status_out_of_reach(&m, op, 429).is_some());
        for reachable in [200, 400, 404] {
            assert_eq!(status_out_of_reach(&m, op, reachable), None, "{reachable}");
        }
    }

    #[test]
    fn an_update_cannot_answer_a_kind_it_cannot_send() {
        let m = model(Release::V1_44_5);
        let op = m.operation("UpdateRelatedItem").unwrap();
        for out in [
            "content.contact",
            "content.sla.slaConfiguration.status=Met",
            "content.file.fileArn",
            "type=Contact",
            "type=Sla",
        ] {
            assert!(
                response_item_out_of_reach(&m, op, out).is_some(),
                "{out} should be out of reach"
            );
        }
        for within in [
            "content.comment",
            "content.custom.fields[].value.doubleValue",
            "type=Comment",
            "type=Custom",
        ] {
            assert_eq!(response_item_out_of_reach(&m, op, within), None, "{within}");
        }
        // A status the service computes is out of reach; one a request sets is not.
        let domain = m.operation("GetDomain").unwrap();
        assert!(response_item_out_of_reach(&m, domain, "domainStatus=CreationFailed").is_some());
        let search = m.operation("SearchRelatedItems").unwrap();
        assert!(
            response_item_out_of_reach(
                &m,
                search,
                "relatedItems[].content.sla.slaConfiguration.status=Overdue"
            )
            .is_some()
        );
        let template = m.operation("GetTemplate").unwrap();
        assert_eq!(
            response_item_out_of_reach(&m, template, "status=Inactive"),
            None
        );
        // An operation that answers no member it was sent has no such gap.
        let search = m.operation("SearchRelatedItems").unwrap();
        assert_eq!(
            response_item_out_of_reach(&m, search, "relatedItems[].content.contact"),
            None
        );
    }
}
