//! Signature enforcement, when the run signs: an unsigned request, one signed for another
//! region or service, and one whose body changed after signing must all be refused (403).

use serde_json::json;

use crate::checks::CheckId;
use crate::client::SendOptions;
use crate::engine::judge::{Expect, observed};
use crate::engine::session::Session;
use crate::engine::setup::Workspace;

const OPERATION: &str = "SearchRelatedItems";

/// Runs the auth probes; does nothing when the run does not sign.
pub async fn run(session: &Session, workspace: &Workspace) {
    let Some(signing) = session.config.signing.clone() else {
        return;
    };
    let other_region = if signing.region == "us-west-2" {
        "eu-west-1"
    } else {
        "us-west-2"
    };
    let probes: [(CheckId, &str, SendOptions); 4] = [
        (
            CheckId::AuthUnsignedRefused,
            "unsigned request",
            SendOptions::unsigned(),
        ),
        (
            CheckId::AuthWrongScopeRefused,
            "signed for another region",
            SendOptions::signed_for(other_region, signing.service.clone()),
        ),
        (
            CheckId::AuthWrongScopeRefused,
            "signed for another service",
            SendOptions::signed_for(signing.region.clone(), "connect"),
        ),
        (
            CheckId::AuthTamperedBodyRefused,
            "body changed after signing",
            SendOptions::tampered_body(),
        ),
    ];
    let envelope = json!({
        "uri": { "domainId": workspace.domain_id, "caseId": workspace.case_id },
        "body": { "maxResults": 1 }
    });
    for (check, what, options) in probes {
        let Ok(exchange) = session.send_with(OPERATION, &envelope, None, options).await else {
            // The run gave up on the operation; the breaker reports the requests not sent.
            return;
        };
        let case = format!("auth: {what}");
        let verdicts = session.judge(OPERATION, &exchange, &Expect::Protocol);
        session.record(OPERATION, &verdicts, &case, Some(&envelope), &[&exchange]);
        let status = exchange.status();
        session.verdict(
            OPERATION,
            check,
            &case,
            if status == Some(403) {
                Ok(())
            } else {
                Err((
                    format!("a {what} got {status:?}, not 403"),
                    json!({ "status": 403 }),
                    observed(&exchange),
                ))
            },
            &[&exchange],
        );
    }
}
