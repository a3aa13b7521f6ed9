use std::time::{Duration, SystemTime};

use http::Method;
use jsonschema::json::{Node, conformance};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::client::{CapturedRequest, Exchange};
use crate::engine::judge::response_envelope;

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> CapturedResponse {
    CapturedResponse {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// The envelope judging builds from the parsed `Value`, for comparison.
fn value_envelope(response: &CapturedResponse) -> Value {
    let exchange = Exchange {
        request: CapturedRequest {
            method: Method::POST,
            url: "http://127.0.0.1/".into(),
            headers: Vec::new(),
            body: None,
        },
        outcome: Ok(response.clone()),
        started: SystemTime::UNIX_EPOCH,
        elapsed: Duration::ZERO,
        body_cut: 0,
    };
    let body = response.json().unwrap();
    response_envelope(&exchange, Some(&body))
}

fn assert_reads_as_value(response: &CapturedResponse) {
    let tape = Tape::of_response(response).expect("the tape holds this body");
    assert_eq!(
        tape.envelope().to_value().into_owned(),
        value_envelope(response),
        "{}",
        String::from_utf8_lossy(&response.body)
    );
}

#[test]
fn the_envelope_reads_as_the_value_envelope() {
    let headers = [
        ("content-type", "application/json"),
        ("X-Amzn-RequestId", "r-1"),
    ];
    for body in [
        "{}",
        r#"{"a": 1, "b": [], "c": {}, "d": [[], {}, [1, [2]]]}"#,
        r#"{"relatedItems": [{"type": "File", "content": {"file": {"fileArn": "arn:x"}}}], "nextToken": null}"#,
        r#"{"n": [0, -1, 18446744073709551615, -9223372036854775808, 1.5, -2.5e-3, 1e300, 0.0]}"#,
        r#"{"escaped \"key\"": "tab\there, \u00e9 and \ud83d\ude00", "plain": "héllo"}"#,
        r#"{"t": true, "f": false, "z": null}"#,
        "  {\"padded\": 1}\n\t ",
    ] {
        assert_reads_as_value(&response(200, &headers, body));
    }
}

#[test]
fn header_names_are_lower_cased_and_a_repeated_one_keeps_its_last_value() {
    let answer = response(
        200,
        &[("Set-Cookie", "a=1"), ("x-b", "b"), ("set-cookie", "a=2")],
        "{}",
    );
    assert_reads_as_value(&answer);
    let tape = Tape::of_response(&answer).unwrap();
    assert_eq!(
        tape.envelope().to_value().into_owned()["headers"],
        json!({"set-cookie": "a=2", "x-b": "b"})
    );
}

#[test]
fn bodies_a_value_would_read_differently_are_left_to_the_value() {
    let deep = format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200));
    for body in [
        "",
        "   ",
        "[]",
        "\"text\"",
        "1",
        "null",
        "{",
        "{} {}",
        r#"{"a": 1,}"#,
        r#"{"a": 1, "a": 2}"#,
        r#"{"outer": [{"k": 1, "j": 2, "k": 3}]}"#,
        r#"{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k3":3}"#,
        r#"{"a\u0062": 1, "ab": 2}"#,
        deep.as_str(),
    ] {
        assert!(
            Tape::of_response(&response(200, &[], body)).is_none(),
            "{body}"
        );
    }
    let mut invalid_utf8 = response(200, &[], "{\"a\": \"x\"}");
    invalid_utf8.body[7] = 0xff;
    assert!(Tape::of_response(&invalid_utf8).is_none());
}

#[test]
fn many_distinct_keys_are_not_mistaken_for_repeats() {
    let members: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
    let body = format!("{{{}}}", members.join(", "));
    assert_reads_as_value(&response(200, &[], &body));
}

#[test]
fn the_tape_meets_the_validators_representation_contract() {
    let body = conformance::document().to_string();
    let answer = response(200, &[], &body);
    let tape = Tape::of_response(&answer).unwrap();
    conformance::assert_conformance::<TapeJson>(&tape.body());
}

#[test]
fn strings_borrow_from_the_body_unless_they_hold_escapes() {
    let answer = response(200, &[], r#"{"plain": "abc", "escaped": "a\nb"}"#);
    let tape = Tape::of_response(&answer).unwrap();
    let borrowed = |entry: &Entry<'_>| matches!(entry, Entry::Str(Cow::Borrowed(_)));
    let strings: Vec<bool> = tape
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::Str(_)))
        .map(borrowed)
        .collect();
    // status, headers, body keys; then "plain", "abc", "escaped" borrowed and "a\nb" owned.
    assert_eq!(strings, [true, true, true, true, true, true, false]);
}

/// Any JSON value, nested a few levels, with keys from a small set so repeats happen.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z\u{e9}\u{1F600}\"\\\\\n]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec(("[a-e]{1,2}", inner), 0..6).prop_map(|members| {
                // Written as text below, so repeated keys stay repeated.
                Value::Array(
                    members
                        .into_iter()
                        .map(|(k, v)| json!({"__member": [k, v]}))
                        .collect(),
                )
            }),
        ]
    })
}

/// JSON text for `value`, turning `{"__member": [k, v]}` lists back into objects whose keys may
/// repeat (a `Value` cannot hold those, text can).
fn text_of(value: &Value, out: &mut String) {
    match value {
        Value::Array(items)
            if !items.is_empty() && items.iter().all(|i| i.get("__member").is_some()) =>
        {
            out.push('{');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let pair = &item["__member"];
                out.push_str(&pair[0].to_string());
                out.push(':');
                text_of(&pair[1], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                text_of(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the body, the tape either reads exactly what the `Value` envelope holds or
    /// gives up on a body whose keys repeat (or that is not an object).
    #[test]
    fn the_tape_reads_any_body_as_the_value_does_or_gives_up(value in any_json()) {
        let mut text = String::from("{\"root\":");
        text_of(&value, &mut text);
        text.push('}');
        let answer = response(200, &[("content-type", "application/json")], &text);
        match Tape::of_response(&answer) {
            Some(tape) => {
                prop_assert!(!text_repeats_a_key(&text), "{}", text);
                prop_assert_eq!(tape.envelope().to_value().into_owned(), value_envelope(&answer));
            }
            None => prop_assert!(text_repeats_a_key(&text), "{}", text),
        }
    }
}

/// Whether some object written in `text` names a key twice, found by a second reading that
/// keeps every member (serde_json's `Value` keeps the last one).
fn text_repeats_a_key(text: &str) -> bool {
    struct Repeats(bool);
    impl<'de> serde::de::Visitor<'de> for &mut Repeats {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(&mut *self)?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::BTreeSet::new();
            while let Some(key) = map.next_key::<String>()? {
                self.0 |= !seen.insert(key);
                map.next_value_seed(&mut *self)?;
            }
            Ok(())
        }
    }
    impl<'de> DeserializeSeed<'de> for &mut Repeats {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    let mut repeats = Repeats(false);
    let mut parser = serde_json::Deserializer::from_str(text);
    repeats.deserialize(&mut parser).expect("the text is JSON");
    repeats.0
}
