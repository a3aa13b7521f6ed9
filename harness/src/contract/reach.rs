//! What no request of a conformance run can provoke, with the reason, so that coverage can
//! say what was never exercised *and could have been*, and list the rest apart instead of
//! counting it as a gap or hiding it.
//!
//! Two rules, both read off the model:
//!
//! - **Errors by their trait.** A server fault (`fault`, InternalServerException), a rate quota
//!   (429), a refused identity (403) and an exceeded service quota (402) are answers to the
//!   target's state, its limits or the caller's identity, not to a request's content. They
//!   are out of reach unless the target gives them (then they count as exercised). A status
//!   code is out of reach when every modeled error it travels with is.
//! - **Echoed unions.** An operation that answers a member it was sent (`UpdateRelatedItem`'s
//!   `content`) cannot answer a variant of the output's union that the input's union lacks
//!   (`RelatedItemUpdateContent` has no `contact`), nor the `type` value paired with that
//!   variant ([`super::related`]).

use super::related::related_kinds;
use crate::model::{Operation, ServiceModel, Shape};

/// Why a modeled error of `op` (and its status code) is out of any request's reach, or
/// `None` when some request can provoke it.
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
        .map(|e| error_out_of_reach(model, &e.shape).map(|r| (e.shape.as_str(), r)));
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
    fn a_status_is_out_of_reach_only_when_all_its_errors_are() {
        let m = model(Release::V1_44_5);
        let op = m.operation("CreateField").unwrap();
        assert!(status_out_of_reach(&m, op, 500).is_some());
        assert!(status_out_of_reach(&m, op, 429).is_some());
        for reachable in [200, 400, 404, 409] {
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
        // An operation that answers no member it was sent has no such gap.
        let search = m.operation("SearchRelatedItems").unwrap();
        assert_eq!(
            response_item_out_of_reach(&m, search, "relatedItems[].content.contact"),
            None
        );
    }
}
