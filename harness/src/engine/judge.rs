//! Judging one exchange: the protocol, response-schema and expectation checks that apply to
//! any response, whatever case produced it.

use serde_json::{Value, json};

use super::validators::Validators;
use crate::checks::CheckId;
use crate::client::Exchange;
use crate::model::ServiceModel;

/// What the case that sent a request expects of the answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// Only protocol and schema checks (set-up calls, walks judged elsewhere).
    Protocol,
    /// A valid request: the operation's success status.
    Success,
    /// An invalid request: 400 `ValidationException`; `member` is the offending member's name,
    /// which the message should mention.
    Rejected {
        /// Name of the member that broke the rule, when there is one.
        member: Option<String>,
        /// The body is not JSON at all: AWS's rest-json front end refuses such a body with a
        /// 400 `SerializationException` before any operation sees it, which is accepted here
        /// (and only here) as well as `ValidationException`.
        malformed_body: bool,
    },
    /// An unknown domain or case: 404 `ResourceNotFoundException` (or, with `or_rejected`,
    /// a 400 `ValidationException` for ids that are malformed rather than unknown).
    NotFound {
        /// Whether a 400 `ValidationException` is an acceptable answer too.
        or_rejected: bool,
    },
}

/// Why a check failed on an exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// What went wrong.
    pub message: String,
    /// What was expected.
    pub expected: Value,
    /// What the target did.
    pub actual: Value,
}

/// One check's verdict on one exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The check.
    pub check: CheckId,
    /// `Ok` when it held.
    pub result: Result<(), Violation>,
}

impl Verdict {
    fn pass(check: CheckId) -> Self {
        Verdict {
            check,
            result: Ok(()),
        }
    }

    /// A failed verdict, its message and values bounded as the ledger keeps them: an answer
    /// waiting in a batch to be recorded or shrunk holds no more than that of what the
    /// target sent (a validator's message quotes the whole instance, megabytes for a huge
    /// page).
    fn fail(check: CheckId, message: String, expected: Value, actual: Value) -> Self {
        Verdict {
            check,
            result: Err(Violation {
                message: super::ledger::bounded_message(message),
                expected: super::ledger::bounded_value(expected),
                actual: super::ledger::bounded_value(actual),
            }),
        }
    }

    fn from(check: CheckId, ok: bool, message: impl FnOnce() -> (String, Value, Value)) -> Self {
        if ok {
            Verdict::pass(check)
        } else {
            let (m, e, a) = message();
            Verdict::fail(check, m, e, a)
        }
    }
}

/// The error name a rest-json error carries: `x-amzn-ErrorType` (before any `:`), else the
/// body's `__type` or `code` (after any `#` namespace).
pub fn error_type(exchange: &Exchange, body: Option<&Value>) -> Option<String> {
    if let Some(header) = exchange
        .response()
        .and_then(|r| r.header("x-amzn-errortype"))
    {
        let name = header.split(':').next().unwrap_or_default().trim();
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    let body = body?;
    ["__type", "code"].iter().find_map(|key| {
        let text = body.get(*key)?.as_str()?;
        let name = text
            .rsplit('#')
            .next()
            .unwrap_or(text)
            .split(':')
            .next()?
            .trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// The parsed JSON body of a response: `Ok(None)` for an empty body, `Err` for text that is
/// not one JSON object.
pub fn parse_body(exchange: &Exchange) -> Result<Option<Value>, String> {
    let Some(response) = exchange.response() else {
        return Ok(None);
    };
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match response.json() {
        Ok(value @ Value::Object(_)) => Ok(Some(value)),
        Ok(other) => Err(format!(
            "body is JSON but not an object: {}",
            kind_of(&other)
        )),
        Err(e) => Err(format!("body is not JSON: {e}")),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The response envelope the schemas describe: status, lower-case headers, body (`{}` when
/// empty or unparseable: parse failures are `protocol.json-body`'s to report).
pub fn response_envelope(exchange: &Exchange, body: Option<&Value>) -> Value {
    envelope_owned(exchange, body.cloned())
}

/// [`response_envelope`] taking the body by value (judging moves it in, no copy).
fn envelope_owned(exchange: &Exchange, body: Option<Value>) -> Value {
    let Some(response) = exchange.response() else {
        return Value::Null;
    };
    let headers: serde_json::Map<String, Value> = response
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), Value::String(v.clone())))
        .collect();
    // Built by hand: `json!` would serialize `body` into a deep copy.
    let mut envelope = serde_json::Map::with_capacity(3);
    envelope.insert("status".into(), Value::from(response.status));
    envelope.insert("headers".into(), Value::Object(headers));
    envelope.insert(
        "body".into(),
        body.unwrap_or_else(|| Value::Object(serde_json::Map::new())),
    );
    Value::Object(envelope)
}

/// A compact view of a response for `actual` fields: status, error type, body. A body longer
/// than a failure keeps ([`super::ledger::VALUE_LIMIT`]) is shown as the start of its text,
/// unparsed: parsing and copying megabytes to keep 16 KiB of them would cost more than the
/// judging it serves.
pub fn observed(exchange: &Exchange) -> Value {
    let Some(response) = exchange.response() else {
        return json!({ "transportError": exchange.error().map(ToString::to_string) });
    };
    let text_start = || Value::String(response.body_text_lossy().chars().take(2000).collect());
    let (error_type, body) = if response.body.len() > super::ledger::VALUE_LIMIT {
        (error_type(exchange, None), text_start())
    } else {
        let body = parse_body(exchange).ok().flatten();
        (
            error_type(exchange, body.as_ref()),
            body.unwrap_or_else(text_start),
        )
    };
    // Built by hand: `json!` would serialize `body` into a deep copy.
    let mut observed = serde_json::Map::with_capacity(3);
    observed.insert("status".into(), Value::from(response.status));
    observed.insert("errorType".into(), Value::from(error_type));
    observed.insert("body".into(), body);
    Value::Object(observed)
}

/// A response body as judging receives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// As [`parse_body`] returned it.
    Parsed(Result<Option<Value>, String>),
    /// A JSON object already found to satisfy the strict response schema of the operation's
    /// success answer (read in place, [`crate::tape::Tape`]): every response check holds, and
    /// nothing else judging does reads a success body.
    Conforming,
}

/// Every check that applies to `exchange` as an answer to `operation`, given `expect`.
pub fn judge(
    model: &ServiceModel,
    validators: &Validators,
    operation: &str,
    exchange: &Exchange,
    expect: &Expect,
) -> Vec<Verdict> {
    judge_parsed(
        model,
        validators,
        operation,
        exchange,
        expect,
        Body::Parsed(parse_body(exchange)),
    )
}

/// As [`judge`], with the body already parsed by [`parse_body`] or found conforming (parsing
/// is the costliest step of judging a large response; callers that also need the body parse
/// it once).
pub fn judge_parsed(
    model: &ServiceModel,
    validators: &Validators,
    operation: &str,
    exchange: &Exchange,
    expect: &Expect,
    parsed: Body,
) -> Vec<Verdict> {
    // Room for every verdict one exchange can get (transport, protocol, response schema and
    // expectation checks), so judging never regrows the vector.
    let mut verdicts = Vec::with_capacity(16);
    let Some(response) = exchange.response() else {
        let error = exchange
            .error()
            .map(ToString::to_string)
            .unwrap_or_default();
        verdicts.push(Verdict::fail(
            CheckId::ProtocolTransport,
            format!("no usable response: {error}"),
            json!({ "response": "a complete HTTP response" }),
            json!({ "transportError": error }),
        ));
        return verdicts;
    };
    verdicts.push(Verdict::pass(CheckId::ProtocolTransport));
    let op = model
        .operation(operation)
        .expect("judged operations are in the model");
    let status = response.status;
    let success = status == op.http.response_code;

    // The success code, then the errors' codes in model order. Every judged exchange asks
    // whether its status is among them, so the list the message shows is built only on failure.
    let modeled = || {
        std::iter::once(op.http.response_code).chain(
            op.errors
                .iter()
                .filter_map(|e| model.error_status(&e.shape)),
        )
    };
    verdicts.push(Verdict::from(
        CheckId::ProtocolStatusModeled,
        modeled().any(|code| code == status),
        || {
            (
                format!(
                    "status {status} is neither {operation}'s responseCode nor a modeled error's"
                ),
                json!({ "status": modeled().collect::<Vec<u16>>() }),
                observed(exchange),
            )
        },
    ));

    let (body, conforming) = match parsed {
        Body::Conforming => {
            debug_assert!(success, "only a success answer is found conforming");
            verdicts.push(Verdict::pass(CheckId::ProtocolJsonBody));
            (None, true)
        }
        Body::Parsed(Ok(body)) => {
            verdicts.push(Verdict::pass(CheckId::ProtocolJsonBody));
            (Some(body), false)
        }
        Body::Parsed(Err(reason)) => {
            verdicts.push(Verdict::fail(
                CheckId::ProtocolJsonBody,
                reason,
                json!({ "body": "a JSON object" }),
                observed(exchange),
            ));
            (None, false)
        }
    };
    if !response.body.is_empty() {
        let content_type = response.header("content-type").unwrap_or("");
        let ok = content_type
            .split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        verdicts.push(Verdict::from(CheckId::ProtocolJsonContentType, ok, || {
            (
                format!("Content-Type is `{content_type}`, not application/json"),
                json!({ "content-type": "application/json" }),
                json!({ "content-type": content_type }),
            )
        }));
    }
    verdicts.push(Verdict::from(
        CheckId::ProtocolNo5xxForClientInput,
        status < 500,
        || {
            (
                format!("status {status} answers client input with a server fault"),
                json!({ "status": "< 500" }),
                observed(exchange),
            )
        },
    ));

    // The body moves into the envelope (no copy); an absent body reads as `{}`, which names
    // no error type, message or resource, exactly as no body does. A conforming body has
    // passed every response check already and needs no envelope.
    let body_parsed = body.is_some();
    let envelope = (!conforming).then(|| envelope_owned(exchange, body.flatten()));
    let body = envelope.as_ref().map(|envelope| &envelope["body"]);
    if conforming {
        verdicts.extend(RESPONSE_CHECKS.map(Verdict::pass));
    }
    // A body that is not JSON is `protocol.json-body`'s failure alone: checking `{}` against
    // the response schema would invent missing members.
    if let (true, true, Some(envelope)) = (success, body_parsed, &envelope) {
        judge_success_body(validators, operation, envelope, &mut verdicts);
    }
    let error_name = (status >= 300)
        .then(|| error_type(exchange, body))
        .flatten();
    if let (true, Some(envelope)) = (status >= 300, &envelope) {
        let malformed_body = matches!(
            expect,
            Expect::Rejected {
                malformed_body: true,
                ..
            }
        );
        verdicts.extend(judge_error(
            model,
            validators,
            operation,
            exchange,
            envelope,
            error_name.as_deref(),
            malformed_body,
        ));
    }

    match expect {
        Expect::Protocol => {}
        Expect::Success => verdicts.push(Verdict::from(
            CheckId::AcceptanceValidRequest200,
            success,
            || {
                (
                    format!(
                        "a valid {operation} request got {status}, not {}",
                        op.http.response_code
                    ),
                    json!({ "status": op.http.response_code }),
                    observed(exchange),
                )
            },
        )),
        Expect::Rejected {
            member,
            malformed_body,
        } => {
            verdicts.push(Verdict::from(
                CheckId::RejectionInvalidRequest400,
                status == 400,
                || {
                    (
                        format!("an invalid {operation} request got {status}, not 400"),
                        json!({ "status": 400, "errorType": "ValidationException" }),
                        observed(exchange),
                    )
                },
            ));
            let is_validation = error_name.as_deref() == Some("ValidationException");
            let is_serialization =
                *malformed_body && error_name.as_deref() == Some(SERIALIZATION_EXCEPTION);
            verdicts.push(Verdict::from(CheckId::RejectionValidationException, is_validation || is_serialization, || {
                (
                    format!(
                        "an invalid {operation} request was answered with {error_name:?}, not ValidationException{}",
                        if *malformed_body { " or SerializationException" } else { "" }
                    ),
                    if *malformed_body {
                        json!({ "errorType": ["ValidationException", SERIALIZATION_EXCEPTION] })
                    } else {
                        json!({ "errorType": "ValidationException" })
                    },
                    observed(exchange),
                )
            }));
            if let (Some(member), true) = (member, is_validation) {
                let message = body
                    .as_ref()
                    .and_then(|b| b.get("message").or_else(|| b.get("Message")))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                verdicts.push(Verdict::from(
                    CheckId::RejectionMessageNamesMember,
                    message.contains(member.as_str()),
                    || {
                        (
                            format!("the ValidationException message does not name `{member}`"),
                            json!({ "message": format!("… {member} …") }),
                            json!({ "message": message }),
                        )
                    },
                ));
            }
        }
        Expect::NotFound { or_rejected } => {
            let not_found = status == 404
                && error_name.as_deref() == Some("ResourceNotFoundException")
                && body.as_ref().is_some_and(|b| {
                    b.get("resourceId").is_some_and(Value::is_string)
                        && b.get("resourceType").is_some_and(Value::is_string)
                });
            let rejected = *or_rejected
                && status == 400
                && error_name.as_deref() == Some("ValidationException");
            verdicts.push(Verdict::from(CheckId::NotFoundUnknownResource404, not_found || rejected, || {
                (
                    format!("an unknown resource got {status} {error_name:?}, not 404 ResourceNotFoundException with resourceId and resourceType"),
                    json!({ "status": 404, "errorType": "ResourceNotFoundException", "body": { "resourceId": "…", "resourceType": "…" } }),
                    observed(exchange),
                )
            }));
        }
    }
    verdicts
}

const RESPONSE_CHECKS: [CheckId; 7] = [
    CheckId::ResponseRequiredMembers,
    CheckId::ResponseEnumValues,
    CheckId::ResponseUnionOneMember,
    CheckId::ResponseBounds,
    CheckId::ResponseDateTime,
    CheckId::ResponseTypes,
    CheckId::ResponseUnknownMembers,
];

fn judge_success_body(
    validators: &Validators,
    operation: &str,
    envelope: &Value,
    verdicts: &mut Vec<Verdict>,
) {
    let violations = validators.check_response(operation, envelope);
    for check in RESPONSE_CHECKS {
        let mine: Vec<_> = violations.iter().filter(|v| v.check == check).collect();
        if mine.is_empty() {
            verdicts.push(Verdict::pass(check));
            continue;
        }
        let first = mine[0];
        // Cut as it is copied: the value at fault may be a list of 50,000 items.
        let actual_value = envelope
            .pointer(&first.instance_path)
            .map_or(Value::Null, |v| {
                super::ledger::bounded_value_of(v, super::ledger::VALUE_LIMIT / 4)
            });
        verdicts.push(Verdict::fail(
            check,
            format!(
                "{} at {}{}",
                first.message,
                first.instance_path,
                if mine.len() > 1 { format!(" (and {} more)", mine.len() - 1) } else { String::new() }
            ),
            json!({
                "keyword": first.keyword,
                "shape": first.shape,
                "at": first.instance_path,
                "violations": mine.iter().map(|v| json!({"at": v.instance_path, "keyword": v.keyword, "shape": v.shape})).collect::<Vec<_>>(),
            }),
            json!({ "at": first.instance_path, "value": actual_value }),
        ));
    }
}

/// The error AWS's rest-json services answer a request body that is not JSON with (400), before
/// the operation validates anything: the Smithy server frameworks that implement the AWS
/// protocols map every request deserialization failure to it (`RuntimeError::Serialization`
/// in aws-smithy-http-server's rest-json protocol), and no Connect Cases operation models it.
/// Accepted only as the rejection of a malformed body ([`Expect::Rejected`]).
pub const SERIALIZATION_EXCEPTION: &str = "SerializationException";

/// What AWS answers a request no operation of the service routes (404): a target that does not
/// implement an operation of the release. Never modeled; a failure named as such.
pub const UNKNOWN_OPERATION_EXCEPTION: &str = "UnknownOperationException";

/// Errors every AWS service may answer any signed request with, from the AWS "common errors"
/// list: a target that verifies SigV4 names one of these rather than an operation's own error.
const COMMON_AUTH_ERRORS: [&str; 6] = [
    "InvalidSignatureException",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "UnrecognizedClientException",
    "ExpiredTokenException",
];

fn judge_error(
    model: &ServiceModel,
    validators: &Validators,
    operation: &str,
    exchange: &Exchange,
    envelope: &Value,
    error_name: Option<&str>,
    malformed_body: bool,
) -> Vec<Verdict> {
    let mut verdicts = Vec::with_capacity(3);
    let op = model
        .operation(operation)
        .expect("judged operations are in the model");
    let modeled: Vec<&str> = op.errors.iter().map(|e| e.shape.as_str()).collect();
    // AWS's common authentication errors may answer any operation with 403; they are judged
    // as the operation's own 403 error (AccessDeniedException): same status, same body shape.
    let status = exchange.status().unwrap_or_default();
    let error_name = match error_name {
        Some(n)
            if status == 403
                && COMMON_AUTH_ERRORS.contains(&n)
                && modeled.contains(&"AccessDeniedException") =>
        {
            Some("AccessDeniedException")
        }
        other => other,
    };
    // A malformed body's SerializationException is judged as the ValidationException it
    // stands for: same status (400), same body shape (a message).
    let error_name = match error_name {
        Some(SERIALIZATION_EXCEPTION)
            if malformed_body && modeled.contains(&"ValidationException") =>
        {
            Some("ValidationException")
        }
        other => other,
    };
    let Some(name) = error_name.filter(|n| modeled.contains(n)) else {
        verdicts.push(Verdict::fail(
            CheckId::ProtocolErrorTypeModeled,
            match error_name {
                None => "the error names no error type (no x-amzn-ErrorType, __type or code)"
                    .to_string(),
                Some(UNKNOWN_OPERATION_EXCEPTION) => format!(
                    "the target answered {UNKNOWN_OPERATION_EXCEPTION}: it does not implement {operation}, an operation of release {} (a target that implements part of the API is run with --operations, or `operations` in harness.toml)",
                    model.release.version()
                ),
                Some(n) => format!("`{n}` is not a modeled error of {operation}"),
            },
            json!({ "errorType": modeled }),
            observed(exchange),
        ));
        return verdicts;
    };
    verdicts.push(Verdict::pass(CheckId::ProtocolErrorTypeModeled));
    let expected_status = model.error_status(name).unwrap_or_default();
    verdicts.push(Verdict::from(
        CheckId::ProtocolErrorStatusMatches,
        status == expected_status,
        || {
            (
                format!("{name} travels with {expected_status}, not {status}"),
                json!({ "status": expected_status, "errorType": name }),
                observed(exchange),
            )
        },
    ));
    let violations = validators.check_error(name, envelope).unwrap_or_default();
    verdicts.push(Verdict::from(CheckId::ProtocolErrorBodyShape, violations.is_empty(), || {
        (
            format!("the {name} body does not match its shape: {}", violations.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("; ")),
            json!({ "shape": name, "violations": violations.iter().map(|v| json!({"at": v.instance_path, "keyword": v.keyword})).collect::<Vec<_>>() }),
            envelope["body"].clone(),
        )
    }));
    verdicts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Exchange;
    use crate::model::Release;

    fn failed(expect: &Expect, status: u16, error_type: &str) -> Vec<CheckId> {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        let validators = Validators::compile(&model).unwrap();
        let headers = [
            ("x-amzn-ErrorType", error_type),
            ("content-type", "application/json"),
        ];
        let exchange = Exchange::for_test(Ok((
            status,
            &headers[..],
            &br#"{"message":"could not parse the body"}"#[..],
        )));
        judge(&model, &validators, "CreateCase", &exchange, expect)
            .into_iter()
            .filter(|v| v.result.is_err())
            .map(|v| v.check)
            .collect()
    }

    fn rejected(malformed_body: bool) -> Expect {
        Expect::Rejected {
            member: None,
            malformed_body,
        }
    }

    #[test]
    fn serialization_exception_rejects_a_malformed_body_and_nothing_else() {
        assert_eq!(
            failed(&rejected(true), 400, SERIALIZATION_EXCEPTION),
            [],
            "a body that is not JSON may be refused before the operation sees it"
        );
        assert_eq!(failed(&rejected(true), 400, "ValidationException"), []);
        assert_eq!(
            failed(&rejected(false), 400, SERIALIZATION_EXCEPTION),
            [
                CheckId::ProtocolErrorTypeModeled,
                CheckId::RejectionValidationException
            ],
            "a well-formed invalid body must get the operation's ValidationException"
        );
        assert!(
            failed(&rejected(true), 500, SERIALIZATION_EXCEPTION)
                .contains(&CheckId::RejectionInvalidRequest400)
        );
    }

    #[test]
    fn an_unknown_operation_answer_says_the_target_does_not_implement_it() {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        let validators = Validators::compile(&model).unwrap();
        let headers = [("x-amzn-ErrorType", UNKNOWN_OPERATION_EXCEPTION)];
        let exchange = Exchange::for_test(Ok((404, &headers[..], &b"{}"[..])));
        let verdicts = judge(
            &model,
            &validators,
            "SearchCases",
            &exchange,
            &Expect::Success,
        );
        let modeled = verdicts
            .iter()
            .find(|v| v.check == CheckId::ProtocolErrorTypeModeled)
            .and_then(|v| v.result.as_ref().err())
            .expect("an unmodeled error fails protocol.error-type-modeled");
        assert!(
            modeled
                .message
                .contains("does not implement SearchCases, an operation of release 1.34.98"),
            "{}",
            modeled.message
        );
    }
}
