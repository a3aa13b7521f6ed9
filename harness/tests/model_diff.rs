//! Model diffs in the seed's own form: `diff-models 1.34.97 1.34.98` yields exactly the seed
//! note's three updated operations and `Changes` lines, compared as data; the committed
//! example of `diff-models 1.34.98 1.44.5` is the command's output.

use std::collections::BTreeMap;
use std::path::Path;

use harness::diff::{diff, render_note};
use harness::model::{Release, ServiceModel};
use serde_json::{Map, Value, json};

/// A parser for the Python literals of the change notes: dicts, sets and strings.
struct Literal<'a> {
    text: &'a [u8],
    at: usize,
}

impl Literal<'_> {
    fn parse(text: &str) -> Value {
        let mut p = Literal {
            text: text.trim().as_bytes(),
            at: 0,
        };
        let v = p.value();
        assert_eq!(p.at, p.text.len(), "trailing text in {text}");
        v
    }

    fn skip(&mut self) {
        while self.at < self.text.len() && self.text[self.at] == b' ' {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip();
        let hit = self.text.get(self.at) == Some(&c);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn string(&mut self) -> String {
        assert!(self.eat(b'\''));
        let start = self.at;
        while self.text[self.at] != b'\'' {
            self.at += 1;
        }
        let s = String::from_utf8(self.text[start..self.at].to_vec()).unwrap();
        self.at += 1;
        s
    }

    fn value(&mut self) -> Value {
        self.skip();
        if self.text[self.at] == b'\'' {
            return Value::String(self.string());
        }
        assert!(self.eat(b'{'));
        let mut dict = Map::new();
        let mut set = Vec::new();
        loop {
            let key = self.string();
            if self.eat(b':') {
                dict.insert(key, self.value());
            } else {
                set.push(Value::String(key));
            }
            if self.eat(b'}') {
                break;
            }
            assert!(self.eat(b','));
        }
        if set.is_empty() {
            Value::Object(dict)
        } else {
            json!({ "$set": set })
        }
    }
}

/// `operation → (request additions, response additions)` as the note states them.
fn note_changes(note: &str) -> BTreeMap<String, (Value, Value)> {
    let lines: Vec<&str> = note.lines().collect();
    let mut out = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        // The note separates name and status with a no-break space.
        if !line.contains("(updated)") {
            continue;
        }
        let name = line.split(char::is_whitespace).next().unwrap_or_default();
        let (mut request, mut response) = (Value::Null, Value::Null);
        match lines[i + 1] {
            "Changes (request)" => request = Literal::parse(lines[i + 2]),
            "Changes (response)" => response = Literal::parse(lines[i + 2]),
            "Changes (request, response)" => {
                assert_eq!(lines[i + 2], "Request");
                request = Literal::parse(lines[i + 3]);
                assert_eq!(lines[i + 4], "Response");
                response = Literal::parse(lines[i + 5]);
            }
            other => panic!("unexpected line after {name}: {other}"),
        }
        out.insert(name.to_string(), (request, response));
    }
    out
}

#[test]
fn the_file_release_diff_is_exactly_the_seed_note() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed/change-note-2024-05-03.txt");
    let expected = note_changes(&std::fs::read_to_string(path).unwrap());
    assert_eq!(expected.len(), 3, "the seed note has 3 updated operations");
    let d = diff(
        &ServiceModel::load(Release::V1_34_97).unwrap(),
        &ServiceModel::load(Release::V1_34_98).unwrap(),
    );
    let actual: BTreeMap<String, (Value, Value)> = d
        .operations
        .iter()
        .map(|(name, op)| {
            assert_eq!(op.status, "updated", "{name}");
            (name.clone(), (op.request.clone(), op.response.clone()))
        })
        .collect();
    assert_eq!(actual, expected);
    // Every change is an addition: new members and the new enum value File, compatible for
    // clients in requests and for servers in responses.
    for (name, op) in &d.operations {
        for change in &op.changes {
            assert!(
                matches!(change.kind.as_str(), "member added" | "enum values added"),
                "{name}: {change:?}"
            );
        }
    }
}

#[test]
fn a_release_against_itself_has_no_diff() {
    let m = ServiceModel::load(Release::V1_34_98).unwrap();
    assert!(diff(&m, &m).operations.is_empty());
}

#[test]
fn the_committed_example_of_the_later_release_diff_is_current() {
    let d = diff(
        &ServiceModel::load(Release::V1_34_98).unwrap(),
        &ServiceModel::load(Release::V1_44_5).unwrap(),
    );
    assert!(d.operations.values().filter(|o| o.status == "new").count() >= 13);
    assert_eq!(
        d.operations["CreateRelatedItem"]
            .changes
            .iter()
            .find(|c| c.kind == "enum values added" && c.path == "type")
            .map(|c| c.detail.clone()),
        Some(json!(["ConnectCase", "Custom", "Sla"])),
        "{:#?}",
        d.operations["CreateRelatedItem"].changes
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/model-diff-1.34.98-1.44.5.txt");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed,
        render_note(&d),
        "docs/model-diff-1.34.98-1.44.5.txt is stale: run `cargo run -p harness -- diff-models 1.34.98 1.44.5 > docs/model-diff-1.34.98-1.44.5.txt`"
    );
}
