//! Set-up on any target: use the domain, template and case the user named, or provision them
//! through the API (as on the mock). Suites that need exact expectations get fresh cases.

use serde_json::{Value, json};

use super::session::{CallFailed, Session};

/// The resources a run works in.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The domain.
    pub domain_id: String,
    /// The template new cases are made from.
    pub template_id: String,
    /// The case generated requests go to.
    pub case_id: String,
}

const SETUP: &str = "set-up";

/// Finds or provisions the domain, template and shared case of a run.
pub async fn prepare(session: &Session) -> Result<Workspace, CallFailed> {
    let fixtures = &session.config.fixtures;
    let domain_id = match &fixtures.domain_id {
        Some(id) => id.clone(),
        None => {
            let name = format!("conformance-{:x}", session.config.seed);
            let (body, _) = session
                .call("CreateDomain", &json!({ "body": { "name": name } }), SETUP)
                .await?;
            string_member(&body, "domainId", "CreateDomain")?
        }
    };
    let template_id = match &fixtures.template_id {
        Some(id) => id.clone(),
        None => {
            // Template names are unique within a domain: in a domain the user named, an earlier
            // run with the same seed may have made `conformance-<seed>` already.
            let name = match &fixtures.domain_id {
                None => format!("conformance-{:x}", session.config.seed),
                Some(_) => format!(
                    "conformance-{:x}-{:x}",
                    session.config.seed,
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap_or_default()
                        .as_nanos()
                ),
            };
            let envelope = json!({
                "uri": { "domainId": domain_id },
                "body": { "name": name, "status": "Active" }
            });
            let (body, _) = session.call("CreateTemplate", &envelope, SETUP).await?;
            string_member(&body, "templateId", "CreateTemplate")?
        }
    };
    let workspace = Workspace {
        domain_id,
        template_id,
        case_id: String::new(),
    };
    let case_id = match &fixtures.case_id {
        Some(id) => id.clone(),
        None => new_case(session, &workspace, "shared case for generated requests").await?,
    };
    Ok(Workspace {
        case_id,
        ..workspace
    })
}

/// Creates a fresh case with the system fields every domain has (`title`, `customer_id`).
pub async fn new_case(
    session: &Session,
    workspace: &Workspace,
    title: &str,
) -> Result<String, CallFailed> {
    let envelope = json!({
        "uri": { "domainId": workspace.domain_id },
        "body": {
            "templateId": workspace.template_id,
            "fields": [
                { "id": "title", "value": { "stringValue": title } },
                { "id": "customer_id", "value": { "stringValue": format!("arn:aws:profile:{:x}", session.config.seed) } }
            ]
        }
    });
    let (body, _) = session.call("CreateCase", &envelope, SETUP).await?;
    string_member(&body, "caseId", "CreateCase")
}

fn string_member(body: &Value, member: &str, operation: &str) -> Result<String, CallFailed> {
    body.get(member)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CallFailed {
            operation: operation.to_string(),
            observed: json!({ "missing": member, "body": body }),
        })
}
