//! The [`Tape`] as a JSON representation the `jsonschema` crate validates directly, and that
//! coverage walks, without a `Value` in between.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object, cmp};
use serde_json::Value;

use super::{Entry, Tape};

/// The marker type validators are compiled for (`Validator<TapeJson>`).
pub struct TapeJson;

impl Json for TapeJson {
    type Node<'a> = TapeNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();

    // A member lookup is a scan of the object's keys (answers' objects are small), so one pass
    // over the members is worth as many lookups as an object has keys.
    const KEYS_PER_LOOKUP: usize = 8;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TapeNode<'_>) -> T) -> T {
        // `propertyNames` only (map keys), never on the path of a conforming answer's members.
        let tape = Tape {
            entries: vec![Entry::Str(Cow::Borrowed(string))],
            body: 0,
        };
        f(TapeNode::new(&tape, 0))
    }
}

/// One value of a [`Tape`]: the tape and the value's index in it.
#[derive(Clone, Copy)]
pub struct TapeNode<'a> {
    tape: &'a Tape<'a>,
    at: u32,
}

impl<'a> TapeNode<'a> {
    pub(super) fn new(tape: &'a Tape<'a>, at: u32) -> Self {
        Self { tape, at }
    }

    fn entry(&self) -> &'a Entry<'a> {
        &self.tape.entries[self.at as usize]
    }

    fn str(&self) -> Option<&'a str> {
        match self.entry() {
            Entry::Str(text) => Some(text),
            _ => None,
        }
    }
}

impl std::fmt::Debug for TapeNode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

impl<'a> Node<'a, TapeJson> for TapeNode<'a> {
    type Object = TapeObject<'a>;
    type Array = TapeArray<'a>;
    type Number = &'a serde_json::Number;

    fn as_object(&self) -> Option<TapeObject<'a>> {
        match self.entry() {
            Entry::Object { len, .. } => Some(TapeObject {
                node: *self,
                len: *len,
            }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TapeArray<'a>> {
        match self.entry() {
            Entry::Array { len, .. } => Some(TapeArray {
                node: *self,
                len: *len,
            }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.str().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a serde_json::Number> {
        match self.entry() {
            Entry::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.entry() {
            Entry::Bool(value) => Some(*value),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.entry(), Entry::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.entry() {
            Entry::Null => JsonType::Null,
            Entry::Bool(_) => JsonType::Boolean,
            Entry::Number(_) => JsonType::Number,
            Entry::Str(_) => JsonType::String,
            Entry::Array { .. } => JsonType::Array,
            Entry::Object { .. } => JsonType::Object,
        }
    }

    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let text = self.str()?;
        // A code point takes one to four bytes: the byte length often decides without counting.
        let bytes = text.len() as u64;
        let fewest = bytes.div_ceil(4);
        if bytes < min || fewest > max {
            return Some(false);
        }
        if min <= fewest && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(text.chars().count() as u64)))
    }

    fn equals_value(&self, expected: &Value) -> bool {
        // Enum and const members are scalars: compared in place, no `Value` built.
        match (self.entry(), expected) {
            (Entry::Str(text), Value::String(expected)) => **text == **expected,
            (Entry::Str(_), _) | (_, Value::String(_)) => false,
            (Entry::Number(number), Value::Number(expected)) => {
                cmp::equal_numbers(&number, expected)
            }
            (Entry::Bool(value), Value::Bool(expected)) => value == expected,
            (Entry::Null, Value::Null) => true,
            _ => cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match self.entry() {
            Entry::Null => Value::Null,
            Entry::Bool(value) => Value::Bool(*value),
            Entry::Number(number) => Value::Number(number.clone()),
            Entry::Str(text) => Value::String(text.to_string()),
            Entry::Array { .. } => Value::Array(
                self.as_array()
                    .into_iter()
                    .flat_map(|array| array.elements())
                    .map(|item| item.to_value().into_owned())
                    .collect(),
            ),
            Entry::Object { .. } => Value::Object(
                self.as_object()
                    .into_iter()
                    .flat_map(|object| object.members())
                    .map(|(name, value)| (name.to_owned(), value.to_value().into_owned()))
                    .collect(),
            ),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::tagged(
            std::ptr::from_ref::<Tape<'_>>(self.tape) as usize,
            self.at,
        ))
    }
}

/// An object of a [`Tape`].
pub struct TapeObject<'a> {
    node: TapeNode<'a>,
    len: u32,
}

impl<'a> Object<'a, TapeJson> for TapeObject<'a> {
    type Node = TapeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.len as usize
    }

    fn get(&self, key: &Box<str>) -> Option<TapeNode<'a>> {
        self.members()
            .find(|(name, _)| *name == &**key)
            .map(|(_, value)| value)
    }

    fn members(&self) -> Members<'a> {
        // A member is two entries side by side, its name and its value.
        Members(Elements {
            tape: self.node.tape,
            next: self.node.at + 1,
            left: 2 * self.len,
        })
    }
}

/// The members of a [`TapeObject`], in document order: its entries taken two at a time.
pub struct Members<'a>(Elements<'a>);

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, TapeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let name = self.0.next()?.str()?;
        let value = self.0.next()?;
        Some((name, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.0.left as usize / 2;
        (left, Some(left))
    }
}

/// An array of a [`Tape`].
pub struct TapeArray<'a> {
    node: TapeNode<'a>,
    len: u32,
}

impl<'a> Array<'a, TapeJson> for TapeArray<'a> {
    type Node = TapeNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.len as usize
    }

    fn elements(&self) -> Elements<'a> {
        Elements {
            tape: self.node.tape,
            next: self.node.at + 1,
            left: self.len,
        }
    }
}

/// The elements of a [`TapeArray`], in order (or the entries of an object's members).
pub struct Elements<'a> {
    tape: &'a Tape<'a>,
    next: u32,
    left: u32,
}

impl<'a> Iterator for Elements<'a> {
    type Item = TapeNode<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let item = TapeNode::new(self.tape, self.next);
        self.next = self.tape.end_of(self.next);
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left as usize, Some(self.left as usize))
    }
}
