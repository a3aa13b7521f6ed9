//! A response read in place: the envelope the response schemas describe (`status`, `headers`,
//! `body`) as one flat list of entries whose strings borrow from the response itself.
//!
//! Judging a conforming answer needs only a yes from the strict response schema and a walk for
//! coverage. Building a `serde_json::Value` tree for that cost a third of the harness's time on
//! large answers (an allocation per string, key and container), so the common case reads a
//! [`Tape`] instead: one vector, strings borrowed unless they hold escapes. It is only ever an
//! accelerator: whatever it cannot represent exactly as `Value` would (malformed JSON, a body
//! that is not an object, duplicate keys, nesting past serde_json's limit) makes
//! [`Tape::of_response`] give up, and the caller judges the `Value` tree as before.

mod node;

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

pub use node::{TapeJson, TapeNode};

use crate::client::CapturedResponse;

/// One value of a [`Tape`]. Containers are followed by their contents (for objects: each key
/// as a [`Entry::Str`], then its value), and record where those end so siblings can be skipped.
#[derive(Debug, Clone, PartialEq)]
enum Entry<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'a, str>),
    Array {
        /// Elements.
        len: u32,
        /// Index of the first entry after the array's contents.
        end: u32,
    },
    Object {
        /// Members.
        len: u32,
        /// Index of the first entry after the object's contents.
        end: u32,
    },
}

/// A response envelope `{status, headers, body}` read in place; see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Tape<'a> {
    entries: Vec<Entry<'a>>,
    /// Index of the body's root object.
    body: u32,
}

impl<'a> Tape<'a> {
    /// The envelope of `response`, with header names lower-cased (a repeated header keeps its
    /// last value, as the `Value` envelope does). `None` when the body is not one JSON object
    /// that a `Value` would hold member for member: then the caller parses it as a `Value`,
    /// whose error (if any) is the one reported.
    pub fn of_response(response: &'a CapturedResponse) -> Option<Tape<'a>> {
        let text = simdutf8::basic::from_utf8(&response.body).ok()?;
        // About one entry per 16 bytes of a typical answer: one allocation, rarely regrown.
        let mut entries = Vec::with_capacity(text.len() / 16 + 8 + 2 * response.headers.len());
        entries.push(Entry::Object { len: 3, end: 0 });
        entries.push(Entry::Str(Cow::Borrowed("status")));
        entries.push(Entry::Number(response.status.into()));
        entries.push(Entry::Str(Cow::Borrowed("headers")));
        push_headers(&mut entries, &response.headers)?;
        entries.push(Entry::Str(Cow::Borrowed("body")));
        let body = index(entries.len())?;
        let mut parser = serde_json::Deserializer::from_str(text);
        Seed {
            entries: &mut entries,
        }
        .deserialize(&mut parser)
        .ok()?;
        parser.end().ok()?;
        if !matches!(entries[body as usize], Entry::Object { .. }) {
            return None;
        }
        let end = index(entries.len())?;
        entries[0] = Entry::Object { len: 3, end };
        Some(Tape { entries, body })
    }

    /// The whole envelope, for the response validators.
    pub fn envelope(&self) -> TapeNode<'_> {
        TapeNode::new(self, 0)
    }

    /// The body's root object, for coverage.
    pub fn body(&self) -> TapeNode<'_> {
        TapeNode::new(self, self.body)
    }

    /// The string value of the body's top-level member `name`, if it has one: what a
    /// producer's answer names (`caseId`), read without a tree.
    pub fn body_str(&self, name: &str) -> Option<&str> {
        let Entry::Object { end, .. } = self.entries[self.body as usize] else {
            return None;
        };
        let mut at = self.body as usize + 1;
        while at < end as usize {
            let value = at + 1;
            if matches!(&self.entries[at], Entry::Str(key) if key == name) {
                return match &self.entries[value] {
                    Entry::Str(text) => Some(text),
                    _ => None,
                };
            }
            at = end_of(&self.entries, value);
        }
        None
    }

    /// Index of the entry after the value at `at` and its contents.
    fn end_of(&self, at: u32) -> u32 {
        end_of(&self.entries, at as usize) as u32
    }
}

/// Index of the entry after the value at `at` and its contents: a container records it, any
/// other value is one entry.
fn end_of(entries: &[Entry<'_>], at: usize) -> usize {
    match entries[at] {
        Entry::Array { end, .. } | Entry::Object { end, .. } => end as usize,
        _ => at + 1,
    }
}

/// Appends the headers object; `None` only past 2^32 entries.
fn push_headers<'a>(entries: &mut Vec<Entry<'a>>, headers: &'a [(String, String)]) -> Option<()> {
    let at = entries.len();
    entries.push(Entry::Object { len: 0, end: 0 });
    let mut len = 0;
    for (name, value) in headers {
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name.as_str())
        };
        // Names and values alternate after the object entry; a repeated name's value is
        // replaced where it first stood, as a map insertion would.
        let seen = entries[at + 1..]
            .iter()
            .step_by(2)
            .position(|key| matches!(key, Entry::Str(key) if *key == name));
        let value = Entry::Str(Cow::Borrowed(value.as_str()));
        match seen {
            Some(pair) => entries[at + 2 + 2 * pair] = value,
            None => {
                entries.push(Entry::Str(name));
                entries.push(value);
                len += 1;
            }
        }
    }
    entries[at] = Entry::Object {
        len,
        end: index(entries.len())?,
    };
    Some(())
}

fn index(at: usize) -> Option<u32> {
    u32::try_from(at).ok()
}

/// Parses one JSON value onto the end of `entries`.
struct Seed<'t, 'a> {
    entries: &'t mut Vec<Entry<'a>>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.entries.push(Entry::Null);
        Ok(())
    }

    fn visit_bool<E>(self, value: bool) -> Result<(), E> {
        self.entries.push(Entry::Bool(value));
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        self.entries.push(Entry::Number(value.into()));
        Ok(())
    }

    fn visit_i64<E>(self, value: i64) -> Result<(), E> {
        self.entries.push(Entry::Number(value.into()));
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        // As `Value` reads it: a float JSON cannot hold becomes null.
        self.entries
            .push(serde_json::Number::from_f64(value).map_or(Entry::Null, Entry::Number));
        Ok(())
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<(), E> {
        self.entries.push(Entry::Str(Cow::Borrowed(value)));
        Ok(())
    }

    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        self.entries.push(Entry::Str(Cow::Owned(value.to_owned())));
        Ok(())
    }

    fn visit_string<E>(self, value: String) -> Result<(), E> {
        self.entries.push(Entry::Str(Cow::Owned(value)));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let at = self.entries.len();
        self.entries.push(Entry::Array { len: 0, end: 0 });
        let mut len = 0_u32;
        while items
            .next_element_seed(Seed {
                entries: &mut *self.entries,
            })?
            .is_some()
        {
            len += 1;
        }
        let end = index(self.entries.len()).ok_or_else(too_large)?;
        self.entries[at] = Entry::Array { len, end };
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let at = self.entries.len();
        self.entries.push(Entry::Object { len: 0, end: 0 });
        // A `Value` keeps one member of a repeated name, the tape would see both: a repeat
        // makes the tape give up. The first few names, when borrowed (no escapes), are checked
        // as they come; any other object is checked once it is read.
        let mut names: [&'de str; SMALL_OBJECT] = [""; SMALL_OBJECT];
        let mut check_after = false;
        let mut len = 0_u32;
        while let Some(key) = members.next_key_seed(KeySeed)? {
            let seen = len as usize;
            match &key {
                Cow::Borrowed(name) if !check_after && seen < SMALL_OBJECT => {
                    if names[..seen].contains(name) {
                        return Err(de::Error::custom("duplicate key"));
                    }
                    names[seen] = name;
                }
                _ => check_after = true,
            }
            self.entries.push(Entry::Str(key));
            members.next_value_seed(Seed {
                entries: &mut *self.entries,
            })?;
            len += 1;
        }
        let end = index(self.entries.len()).ok_or_else(too_large)?;
        self.entries[at] = Entry::Object { len, end };
        if check_after && repeats_a_key(self.entries, at) {
            return Err(de::Error::custom("duplicate key"));
        }
        Ok(())
    }
}

/// Objects with at most this many members are checked for repeated names as they are read.
const SMALL_OBJECT: usize = 16;

fn too_large<E: de::Error>() -> E {
    E::custom("more than 2^32 JSON values")
}

/// Whether the object at `at` names a member twice.
fn repeats_a_key(entries: &[Entry<'_>], at: usize) -> bool {
    let mut keys: Vec<&str> = keys_of(entries, at).collect();
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair[0] == pair[1])
}

/// The member names of the object at `at`, in order.
fn keys_of<'e>(entries: &'e [Entry<'_>], at: usize) -> impl Iterator<Item = &'e str> {
    let end = end_of(entries, at);
    let mut next = at + 1;
    std::iter::from_fn(move || {
        if next >= end {
            return None;
        }
        // An object's members start with their key.
        let Entry::Str(key) = &entries[next] else {
            return None;
        };
        next = end_of(entries, next + 1);
        Some(key.as_ref())
    })
}

/// An object key: borrowed from the body unless it holds escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

#[cfg(test)]
mod tests;
