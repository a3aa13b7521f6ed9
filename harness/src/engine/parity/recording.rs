//! A recording: what every request of the recorded flow ([`super::flow`]) got from a
//! reference target, redacted ([`super::redact`]), in a reviewable text form.
//!
//! On disk a recording is a folder: `flow.json` lists the steps in the order they were sent
//! (step number, operation, what the step was for) with the flow's notes, and
//! `<Operation>.json` holds that operation's steps, request and answer. Every file is
//! canonical JSON (keys sorted, two-space indents, a trailing newline), so recording an
//! unchanged target again writes the same bytes and a changed one shows as a readable diff.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::redact::Redactor;
use crate::client::Exchange;
use crate::model::ServiceModel;

/// The file that lists the steps.
pub const FLOW_FILE: &str = "flow.json";

/// One recorded flow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recording {
    /// The model release the flow was built from.
    pub release: String,
    /// The seed the flow's requests were generated with.
    pub seed: u64,
    /// Every exchange, in the order sent.
    pub steps: Vec<Step>,
    /// What the flow could not send or generate, with the reason: never left out in silence.
    pub notes: Vec<String>,
}

/// One request of the flow and what it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// Its place in the flow, from 1.
    pub step: u32,
    /// The operation sent.
    pub operation: String,
    /// What it was sent for: `set-up`, `provisioning`, `clean-up`, or the generated case
    /// (`CreateCase/minimal`, `CreateCase/title too long`).
    pub case: String,
    /// The request envelope (`uri`, `query`, `headers`, `body`), redacted.
    pub request: Value,
    /// A request body sent as raw text (a malformed-JSON mutation), redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_body: Option<String>,
    /// What came back.
    pub answer: Answer,
}

/// One answer, in the terms parity compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The HTTP status; `None`: no response (the transport failed).
    pub status: Option<u16>,
    /// The error type it names (`x-amzn-ErrorType`, `__type`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// The headers the protocol binds: `content-type` and the operation's header-bound
    /// output members, names lowercased, values redacted.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body, redacted: JSON when it is JSON, else `{"text": …}`; `null` when empty.
    pub body: Value,
}

impl Answer {
    /// The answer of `exchange` to `operation`, redacted with (and teaching) `redactor`.
    pub fn of(
        model: &ServiceModel,
        operation: &str,
        exchange: &Exchange,
        redactor: &mut Redactor,
    ) -> Answer {
        let Some(response) = exchange.response() else {
            return Answer {
                status: None,
                error_type: None,
                headers: BTreeMap::new(),
                body: Value::Null,
            };
        };
        let parsed = if response.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&response.body).unwrap_or_else(
                |_| serde_json::json!({ "text": String::from_utf8_lossy(&response.body) }),
            )
        };
        let error_type =
            crate::engine::judge::error_type(exchange, Some(&parsed).filter(|b| !b.is_null()));
        let body = redactor.answer(&parsed);
        let mut headers = BTreeMap::new();
        for name in bound_headers(model, operation) {
            if let Some(value) = response.header(&name) {
                headers.insert(name, redactor.text(value));
            }
        }
        Answer {
            status: Some(response.status),
            error_type,
            headers,
            body,
        }
    }
}

/// The response headers the protocol binds for `operation`: `content-type`, and its output
/// members bound to a header (lowercased).
pub fn bound_headers(model: &ServiceModel, operation: &str) -> Vec<String> {
    let mut names = vec!["content-type".to_string()];
    if let Some(shape) = model
        .operation(operation)
        .and_then(|op| op.output.as_ref())
        .and_then(|output| model.structure(&output.shape))
    {
        names.extend(
            shape
                .located_members(crate::model::Location::Header)
                .map(|(_, wire, _)| wire.to_ascii_lowercase()),
        );
    }
    names
}

/// What `flow.json` holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FlowFile {
    release: String,
    seed: u64,
    steps: Vec<FlowLine>,
    #[serde(default)]
    notes: Vec<String>,
}

/// One line of `flow.json`: which file holds the step.
#[derive(Debug, Serialize, Deserialize)]
struct FlowLine {
    step: u32,
    operation: String,
    case: String,
}

impl Recording {
    /// The recording as files: name → canonical JSON text.
    pub fn files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        let flow = FlowFile {
            release: self.release.clone(),
            seed: self.seed,
            steps: self
                .steps
                .iter()
                .map(|s| FlowLine {
                    step: s.step,
                    operation: s.operation.clone(),
                    case: s.case.clone(),
                })
                .collect(),
            notes: self.notes.clone(),
        };
        files.insert(FLOW_FILE.to_string(), canonical_text(&to_value(&flow)));
        let mut by_operation: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for step in &self.steps {
            by_operation
                .entry(&step.operation)
                .or_default()
                .push(to_value(step));
        }
        for (operation, steps) in by_operation {
            files.insert(
                format!("{operation}.json"),
                canonical_text(&Value::Array(steps)),
            );
        }
        files
    }

    /// Reads a recording back from its files (name → text), as [`Recording::files`] wrote
    /// them.
    pub fn from_files(files: &BTreeMap<String, String>) -> Result<Recording, String> {
        let flow: FlowFile = serde_json::from_str(
            files
                .get(FLOW_FILE)
                .ok_or_else(|| format!("no {FLOW_FILE}: not a parity recording"))?,
        )
        .map_err(|e| format!("{FLOW_FILE}: {e}"))?;
        let mut steps: BTreeMap<u32, Step> = BTreeMap::new();
        for (name, text) in files.iter().filter(|(name, _)| *name != FLOW_FILE) {
            let in_file: Vec<Step> =
                serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
            for step in in_file {
                if format!("{}.json", step.operation) != *name {
                    return Err(format!(
                        "{name}: step {} is of {}, which has its own file",
                        step.step, step.operation
                    ));
                }
                steps.insert(step.step, step);
            }
        }
        let mut ordered = Vec::new();
        for line in &flow.steps {
            let step = steps.remove(&line.step).ok_or_else(|| {
                format!(
                    "{FLOW_FILE} lists step {} ({}), which {}.json lacks",
                    line.step, line.case, line.operation
                )
            })?;
            if step.operation != line.operation || step.case != line.case {
                return Err(format!(
                    "step {} is {} {} in {FLOW_FILE} but {} {} in its file",
                    line.step, line.operation, line.case, step.operation, step.case
                ));
            }
            ordered.push(step);
        }
        if let Some(extra) = steps.keys().next() {
            return Err(format!("step {extra} is in no line of {FLOW_FILE}"));
        }
        Ok(Recording {
            release: flow.release,
            seed: flow.seed,
            steps: ordered,
            notes: flow.notes,
        })
    }
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("recording types serialize")
}

/// `value` with every object's keys sorted, recursively.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut sorted = Map::new();
            for key in keys {
                sorted.insert(key.clone(), canonical(&map[key]));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The canonical text of `value`: keys sorted, two-space indents, a trailing newline.
pub fn canonical_text(value: &Value) -> String {
    serde_json::to_string_pretty(&canonical(value)).expect("JSON values serialize") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn step(step: u32, operation: &str, case: &str) -> Step {
        Step {
            step,
            operation: operation.to_string(),
            case: case.to_string(),
            request: json!({ "uri": { "domainId": "<domainId:1>" }, "body": { "b": 1, "a": 2 } }),
            raw_body: None,
            answer: Answer {
                status: Some(200),
                error_type: None,
                headers: BTreeMap::from([(
                    "content-type".to_string(),
                    "application/json".to_string(),
                )]),
                body: json!({ "caseId": "<caseId:1>" }),
            },
        }
    }

    #[test]
    fn a_recording_is_one_file_per_operation_and_reads_back_in_flow_order() {
        let recording = Recording {
            release: "1.44.5".into(),
            seed: 7,
            steps: vec![
                step(1, "CreateCase", "set-up"),
                step(2, "GetCase", "GetCase/minimal"),
                step(3, "CreateCase", "CreateCase/minimal"),
            ],
            notes: vec!["a note".into()],
        };
        let files = recording.files();
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["CreateCase.json", "GetCase.json", "flow.json"]
        );
        assert!(
            files["CreateCase.json"].contains("\"a\": 2,\n"),
            "keys sorted"
        );
        assert!(
            files
                .values()
                .all(|text| text.ends_with("}\n") || text.ends_with("]\n"))
        );
        assert_eq!(Recording::from_files(&files), Ok(recording));
    }

    #[test]
    fn a_step_missing_from_its_file_is_an_error_not_a_shorter_flow() {
        let recording = Recording {
            steps: vec![step(1, "CreateCase", "set-up")],
            ..Recording::default()
        };
        let mut files = recording.files();
        files.insert("CreateCase.json".into(), "[]".into());
        let error = Recording::from_files(&files).expect_err("incomplete");
        assert!(error.contains("lacks"), "{error}");
    }
}
