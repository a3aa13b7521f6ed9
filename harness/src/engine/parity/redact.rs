//! Redaction into placeholders that keep their relations, and rebasing back.
//!
//! A recording must read the same whatever run made it, yet say that "the case created in step
//! 1 is the one found in step 3". So every id, ARN and token a target answers with is given a
//! placeholder numbered by kind in order of first appearance (`<caseId:1>`, `<caseArn:1>`,
//! `<nextToken:2>`), the same value the same placeholder everywhere in the flow (whole, or
//! inside another string such as an error message); times become `<time>` (they relate to
//! nothing). The unknown id the generator derives from a real one ([`crate::r#gen::rotate`])
//! is `<caseId:1:rotated>`, so an `unknown id` request is rebased too. A request is redacted with the placeholders learned so far only: what the
//! harness made up itself (an unknown id, a name) stays literal, so it is sent again as it was.
//!
//! Replaying a recording against another target runs a [`Redactor`] over that target's
//! answers in the same flow: the same placeholders are learned in the same order, and
//! [`Redactor::rebase`] puts that target's own values into the recorded requests.
//!
//! Everything here is pure: values in, values out.

use std::collections::BTreeMap;

use serde_json::Value;

/// Known values shorter than this are replaced only where they are a whole string: a short
/// value inside longer text is more likely a coincidence than a reference.
const MIN_EMBEDDED: usize = 8;

/// The placeholder every time becomes.
pub const TIME: &str = "<time>";

/// The placeholders of one flow: value ↔ placeholder, learned from answers in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redactor {
    by_value: BTreeMap<String, String>,
    by_placeholder: BTreeMap<String, String>,
    per_kind: BTreeMap<String, u32>,
    /// Known values of [`MIN_EMBEDDED`] bytes or more, longest first (replaced inside text).
    embedded: Vec<String>,
}

impl Redactor {
    /// A redactor that knows no value yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Learns the ids, ARNs and tokens `answer` names, then returns it redacted.
    pub fn answer(&mut self, answer: &Value) -> Value {
        self.learn(None, answer);
        map_strings(answer, &|text| self.substitute_str(text, true))
    }

    /// `value` with every value learned so far replaced by its placeholder, times too; nothing
    /// learned: an answer already learned from, redacted again to be compared.
    pub fn redact(&self, value: &Value) -> Value {
        map_strings(value, &|text| self.substitute_str(text, true))
    }

    /// `request` with every value learned so far replaced by its placeholder; nothing learned.
    /// Times stay: the request is sent again as it is, and a time in it is the harness's own.
    pub fn request(&self, request: &Value) -> Value {
        map_strings(request, &|text| self.substitute_str(text, false))
    }

    /// A raw request body, redacted as [`Redactor::request`] redacts requests.
    pub fn request_text(&self, text: &str) -> String {
        self.substitute_str(text, false)
    }

    /// `text` (a header value, a note) with every value learned so far replaced, times too.
    pub fn text(&self, text: &str) -> String {
        self.substitute_str(text, true)
    }

    /// `redacted` (a raw request body) with the placeholders this redactor learned replaced
    /// by their values, as [`Redactor::rebase`] does.
    pub fn rebase_text(&self, redacted: &str) -> String {
        self.rebase_str(redacted)
    }

    /// `redacted` with every placeholder this redactor learned replaced by its value: a
    /// recorded request made fit for this redactor's target. A placeholder it never learned
    /// (the target did not answer with that resource) stays as it is.
    pub fn rebase(&self, redacted: &Value) -> Value {
        map_strings(redacted, &|text| self.rebase_str(text))
    }

    /// `request`, sent to the target this redactor followed, made fit for the target `onto`
    /// followed through the same flow: every value this one learned replaced by the value
    /// `onto` learned at the same place. A value `onto` never learned stays as it was, so a
    /// replay whose set-up step failed still sends the run's id (and shows why it fails)
    /// rather than a placeholder no target knows.
    pub fn translate(&self, onto: &Redactor, request: &Value) -> Value {
        self.rebase(&onto.rebase(&self.request(request)))
    }

    /// [`Redactor::translate`] of a piece of raw request text (a path segment, a query value,
    /// a body).
    pub fn translate_text(&self, onto: &Redactor, text: &str) -> String {
        self.rebase_text(&onto.rebase_text(&self.request_text(text)))
    }

    /// The value a placeholder stands for here, if it was learned.
    pub fn value_of(&self, placeholder: &str) -> Option<&str> {
        self.by_placeholder.get(placeholder).map(String::as_str)
    }

    fn learn(&mut self, key: Option<&str>, value: &Value) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    self.learn(Some(k), v);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.learn(key, item);
                }
            }
            Value::String(text) => {
                if let Some(kind) = key.and_then(|k| kind_of(k, text))
                    && !self.by_value.contains_key(text)
                {
                    let n = {
                        let n = self.per_kind.entry(kind.clone()).or_insert(0);
                        *n += 1;
                        *n
                    };
                    self.bind(text.clone(), format!("<{kind}:{n}>"));
                    // The unknown id the generator derives from it (`unknown id` mutations):
                    // related to it, so it is recorded as such and rebased alike.
                    let rotated = crate::r#gen::rotate(text);
                    if !self.by_value.contains_key(&rotated) {
                        self.bind(rotated, format!("<{kind}:{n}:rotated>"));
                    }
                }
            }
            _ => {}
        }
    }

    fn bind(&mut self, value: String, placeholder: String) {
        self.by_value.insert(value.clone(), placeholder.clone());
        self.by_placeholder.insert(placeholder, value.clone());
        if value.len() >= MIN_EMBEDDED {
            self.embedded.push(value);
            self.embedded
                .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        }
    }

    fn substitute_str(&self, text: &str, times: bool) -> String {
        if let Some(placeholder) = self.by_value.get(text) {
            return placeholder.clone();
        }
        if times && is_time(text) {
            return TIME.to_string();
        }
        let mut out = text.to_string();
        for value in &self.embedded {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), &self.by_value[value]);
            }
        }
        out
    }

    fn rebase_str(&self, text: &str) -> String {
        if let Some(value) = self.by_placeholder.get(text) {
            return value.clone();
        }
        if !text.contains('<') {
            return text.to_string();
        }
        let mut out = text.to_string();
        for (placeholder, value) in &self.by_placeholder {
            if out.contains(placeholder.as_str()) {
                out = out.replace(placeholder.as_str(), value);
            }
        }
        out
    }
}

/// The kind of placeholder a string member named `key` gets, if it names a resource: ARNs
/// (`…Arn`), ids (`…Id`, `id`) other than the service's own word-like ids (`title`,
/// `customer_id`: the same on every target), and paging or idempotency tokens (`…Token`).
pub fn kind_of(key: &str, value: &str) -> Option<String> {
    if value.is_empty() || is_time(value) {
        return None;
    }
    let word = value.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let arn = key.ends_with("Arn") || key == "arn";
    let token = key.ends_with("Token") || key == "token";
    let id = (key.ends_with("Id") || key == "id") && !word;
    (arn || token || id).then(|| key.to_string())
}

/// Whether `text` is an RFC 3339 date-time (what the service puts on the wire for times).
pub fn is_time(text: &str) -> bool {
    text.len() >= 20
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[10] == b'T'
        && crate::engine::suites::parse_time(text).is_some()
}

/// `value` with `f` applied to every string (object keys stay as they are).
fn map_strings(value: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::String(text) => Value::String(f(text)),
        Value::Array(items) => Value::Array(items.iter().map(|v| map_strings(v, f)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), map_strings(v, f)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CASE: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    const OTHER: &str = "9f00aa11-2fa1-41d2-883f-0016d3cca999";

    #[test]
    fn the_same_id_is_the_same_placeholder_everywhere_in_a_flow() {
        let mut r = Redactor::new();
        let created = r.answer(
            &json!({ "caseId": CASE, "caseArn": format!("arn:aws:cases:x:1:case/{CASE}") }),
        );
        assert_eq!(
            created,
            json!({ "caseId": "<caseId:1>", "caseArn": "<caseArn:1>" })
        );
        let found = r.answer(&json!({ "cases": [{ "caseId": OTHER }, { "caseId": CASE }] }));
        assert_eq!(
            found,
            json!({ "cases": [{ "caseId": "<caseId:2>" }, { "caseId": "<caseId:1>" }] })
        );
    }

    #[test]
    fn ids_inside_text_are_replaced_and_times_become_one_placeholder() {
        let mut r = Redactor::new();
        r.answer(&json!({ "caseId": CASE }));
        let error = r.answer(&json!({
            "message": format!("case {CASE} was not found"),
            "lastUpdated": "2024-05-03T10:11:12.123Z"
        }));
        assert_eq!(
            error,
            json!({ "message": "case <caseId:1> was not found", "lastUpdated": "<time>" })
        );
    }

    #[test]
    fn requests_are_redacted_with_learned_values_only_and_made_up_ids_stay() {
        let mut r = Redactor::new();
        r.answer(&json!({ "caseId": CASE }));
        let request =
            json!({ "uri": { "caseId": CASE, "domainId": "never-provisioned-domainId" } });
        assert_eq!(
            r.request(&request),
            json!({ "uri": { "caseId": "<caseId:1>", "domainId": "never-provisioned-domainId" } })
        );
        assert!(
            r.value_of("<domainId:1>").is_none(),
            "a request teaches nothing"
        );
        let timed = json!({ "body": { "after": "2024-05-03T10:11:12Z" } });
        assert_eq!(
            r.request(&timed),
            timed,
            "a request's own times are sent again as they were"
        );
    }

    #[test]
    fn word_like_ids_of_the_service_are_kept() {
        let mut r = Redactor::new();
        let fields = r.answer(&json!({ "fields": [{ "id": "title" }, { "id": CASE }] }));
        assert_eq!(
            fields,
            json!({ "fields": [{ "id": "title" }, { "id": "<id:1>" }] })
        );
    }

    #[test]
    fn rebasing_puts_another_targets_values_where_the_recording_has_placeholders() {
        // Recorded against one target…
        let mut recorded = Redactor::new();
        recorded.answer(&json!({ "caseId": CASE }));
        let request = recorded.request(
            &json!({ "uri": { "caseId": CASE }, "body": { "note": format!("about {CASE}") } }),
        );
        // …replayed against another, which answered the same step with its own id.
        let mut live = Redactor::new();
        assert_eq!(
            live.answer(&json!({ "caseId": OTHER })),
            json!({ "caseId": "<caseId:1>" })
        );
        assert_eq!(
            live.rebase(&request),
            json!({ "uri": { "caseId": OTHER }, "body": { "note": format!("about {OTHER}") } })
        );
    }

    #[test]
    fn an_unknown_id_derived_from_a_real_one_is_rebased_from_the_new_one() {
        let mut recorded = Redactor::new();
        recorded.answer(&json!({ "caseId": CASE }));
        let request = recorded.request(&json!({ "uri": { "caseId": crate::r#gen::rotate(CASE) } }));
        assert_eq!(
            request,
            json!({ "uri": { "caseId": "<caseId:1:rotated>" } })
        );
        let mut live = Redactor::new();
        live.answer(&json!({ "caseId": OTHER }));
        assert_eq!(
            live.rebase(&request),
            json!({ "uri": { "caseId": crate::r#gen::rotate(OTHER) } })
        );
    }

    #[test]
    fn translating_maps_one_targets_values_onto_anothers_and_keeps_what_it_cannot() {
        let mut run = Redactor::new();
        let mut replay = Redactor::new();
        run.answer(&json!({ "domainId": "run-domain-1", "domainArn": "arn:run/domain" }));
        replay.answer(&json!({ "domainId": "new-domain-1", "domainArn": "arn:new/domain" }));
        // The case's step failed on the replay target: it learned nothing there.
        run.answer(&json!({ "caseId": CASE }));
        let request = json!({
            "uri": { "domainId": "run-domain-1", "caseId": CASE },
            "body": { "arn": "arn:run/domain", "name": "run-domain-1 as text" }
        });
        assert_eq!(
            run.translate(&replay, &request),
            json!({
                "uri": { "domainId": "new-domain-1", "caseId": CASE },
                "body": { "arn": "arn:new/domain", "name": "new-domain-1 as text" }
            })
        );
        assert_eq!(
            run.translate_text(&replay, "/domains/run-domain-1/cases"),
            "/domains/new-domain-1/cases"
        );
        assert_eq!(run.translate_text(&replay, "made-up-id"), "made-up-id");
    }

    #[test]
    fn a_placeholder_the_target_never_answered_with_stays() {
        let live = Redactor::new();
        let request = json!({ "uri": { "caseId": "<caseId:4>" } });
        assert_eq!(live.rebase(&request), request);
    }
}
