//! Shapes of a botocore service model: every type with every constraint it carries.
//!
//! The types deserialize straight from `service-2.json` and reject any key they do not know
//! (`deny_unknown_fields`): a model feature the harness does not understand must stop the load,
//! not be silently dropped from the schemas and checks derived from it.

use indexmap::IndexMap;
use serde::Deserialize;

/// One named shape of the model.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Shape {
    /// A JSON object with named members; possibly a union or a modeled error.
    Structure(StructureShape),
    /// A JSON array.
    List(ListShape),
    /// A JSON object with arbitrary keys of one shape and values of another.
    Map(MapShape),
    /// A JSON string, possibly length-bounded, enumerated or patterned.
    String(StringShape),
    /// A 32-bit integer.
    Integer(NumberShape),
    /// A 64-bit integer.
    Long(NumberShape),
    /// A double-precision number.
    Double(NumberShape),
    /// `true` or `false`.
    Boolean(BooleanShape),
    /// A point in time; its wire form depends on `timestampFormat`.
    Timestamp(TimestampShape),
}

/// A structure: members, which are required, and whether it is a union or an error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StructureShape {
    /// Members in model order (the order schemas list them in).
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    /// Names of members that must be present.
    #[serde(default)]
    pub required: Vec<String>,
    /// A union: exactly one member is set.
    #[serde(default)]
    pub union: bool,
    /// Set on modeled errors: the HTTP status code they travel with.
    pub error: Option<ErrorTrait>,
    /// Marks a modeled error (always together with `error`).
    #[serde(default)]
    pub exception: bool,
    /// Marks a server fault (5xx) rather than a client fault.
    #[serde(default)]
    pub fault: bool,
    /// Retry advice for clients.
    pub retryable: Option<Retryable>,
    /// Sensitive data (later releases): redacted by SDK logging.
    #[serde(default)]
    pub sensitive: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// One member of a structure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Member {
    /// The shape of the member's value.
    pub shape: String,
    /// Where the member travels in the HTTP request or response; absent means the JSON body.
    pub location: Option<Location>,
    /// The wire name (URI label, query key, header name or JSON key) when it differs.
    pub location_name: Option<String>,
    /// SDKs fill this member with a fresh token when the caller leaves it out.
    #[serde(default)]
    pub idempotency_token: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// The HTTP location of a member (rest-json binding traits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    /// A `{label}` of the request URI.
    Uri,
    /// A query string parameter.
    Querystring,
    /// An HTTP header.
    Header,
}

/// The `error` trait of a modeled error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorTrait {
    /// The status code the error is sent with.
    pub http_status_code: u16,
    /// The caller is at fault (4xx).
    #[serde(default)]
    pub sender_fault: bool,
}

/// Retry advice on an error shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retryable {
    /// Whether the retry is a throttling back-off.
    #[serde(default)]
    pub throttling: bool,
}

/// A list: its member shape and size bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListShape {
    /// The shape of each element.
    pub member: ShapeRef,
    /// The fewest elements allowed.
    pub min: Option<u64>,
    /// The most elements allowed.
    pub max: Option<u64>,
    /// Elements may be `null` (later releases).
    #[serde(default)]
    pub sparse: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// A map: key and value shapes and entry-count bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapShape {
    /// The shape of each key (a string shape).
    pub key: ShapeRef,
    /// The shape of each value.
    pub value: ShapeRef,
    /// The fewest entries allowed.
    pub min: Option<u64>,
    /// The most entries allowed.
    pub max: Option<u64>,
    /// Values may be `null` (later releases).
    #[serde(default)]
    pub sparse: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// A string: length bounds, an enumeration or a pattern.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StringShape {
    /// The shortest length allowed (in characters).
    pub min: Option<u64>,
    /// The longest length allowed (in characters).
    pub max: Option<u64>,
    /// The only values allowed, when set.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// A regular expression the value must match (unanchored unless it anchors itself).
    pub pattern: Option<String>,
    /// Sensitive data (later releases).
    #[serde(default)]
    pub sensitive: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// An integer, long or double: value bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberShape {
    /// The smallest value allowed.
    pub min: Option<i64>,
    /// The largest value allowed.
    pub max: Option<i64>,
    /// A boxed (nullable) primitive: absent is distinct from zero.
    #[serde(default, rename = "box")]
    pub boxed: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// A boolean.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BooleanShape {
    /// A boxed (nullable) primitive: absent is distinct from `false`.
    #[serde(default, rename = "box")]
    pub boxed: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// A timestamp and its wire format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TimestampShape {
    /// The explicit wire format; rest-json defaults to epoch seconds in a body.
    pub timestamp_format: Option<TimestampFormat>,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// The wire formats a timestamp can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimestampFormat {
    /// RFC 3339 / ISO 8601 date-time strings.
    Iso8601,
    /// Seconds since the Unix epoch, as a JSON number.
    UnixTimestamp,
    /// RFC 7231 HTTP dates.
    Rfc822,
}

/// A reference to another shape (list members, map keys and values).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeRef {
    /// The referenced shape's name.
    pub shape: String,
}

impl Shape {
    /// The shape's names of other shapes it refers to, in model order.
    pub fn references(&self) -> Vec<&str> {
        match self {
            Shape::Structure(s) => s.members.values().map(|m| m.shape.as_str()).collect(),
            Shape::List(l) => vec![l.member.shape.as_str()],
            Shape::Map(m) => vec![m.key.shape.as_str(), m.value.shape.as_str()],
            _ => Vec::new(),
        }
    }

    /// The model's `type` keyword for this shape.
    pub fn type_name(&self) -> &'static str {
        match self {
            Shape::Structure(_) => "structure",
            Shape::List(_) => "list",
            Shape::Map(_) => "map",
            Shape::String(_) => "string",
            Shape::Integer(_) => "integer",
            Shape::Long(_) => "long",
            Shape::Double(_) => "double",
            Shape::Boolean(_) => "boolean",
            Shape::Timestamp(_) => "timestamp",
        }
    }

    /// The structure behind this shape, if it is one.
    pub fn as_structure(&self) -> Option<&StructureShape> {
        match self {
            Shape::Structure(s) => Some(s),
            _ => None,
        }
    }

    /// The enumerated values of a string shape, if it has them.
    pub fn enum_values(&self) -> Option<&[String]> {
        match self {
            Shape::String(s) => s.enum_values.as_deref(),
            _ => None,
        }
    }
}

impl StructureShape {
    /// Whether `name` is a required member.
    pub fn is_required(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    /// Members that travel in the JSON body (no HTTP location), with their JSON keys.
    pub fn body_members(&self) -> impl Iterator<Item = (&str, &str, &Member)> {
        self.members
            .iter()
            .filter(|(_, m)| m.location.is_none())
            .map(|(name, m)| (name.as_str(), m.wire_name(name), m))
    }

    /// Members bound to `location`, with their wire names.
    pub fn located_members(
        &self,
        location: Location,
    ) -> impl Iterator<Item = (&str, &str, &Member)> {
        self.members
            .iter()
            .filter(move |(_, m)| m.location == Some(location))
            .map(|(name, m)| (name.as_str(), m.wire_name(name), m))
    }
}

impl Member {
    /// The name this member has on the wire: `locationName` when set, else the member name.
    pub fn wire_name<'a>(&'a self, member_name: &'a str) -> &'a str {
        self.location_name.as_deref().unwrap_or(member_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_shape_keys_are_rejected() {
        let err = serde_json::from_str::<Shape>(r#"{"type":"string","max":5,"flavour":"x"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("flavour"), "{err}");
    }

    #[test]
    fn unknown_shape_types_are_rejected() {
        let err = serde_json::from_str::<Shape>(r#"{"type":"blob"}"#).unwrap_err();
        assert!(err.to_string().contains("blob"), "{err}");
    }

    #[test]
    fn unknown_member_locations_are_rejected() {
        let err =
            serde_json::from_str::<Member>(r#"{"shape":"S","location":"statusCode"}"#).unwrap_err();
        assert!(err.to_string().contains("statusCode"), "{err}");
    }

    #[test]
    fn string_constraints_are_read() {
        let shape: Shape =
            serde_json::from_str(r#"{"type":"string","min":1,"max":500,"enum":["A","B"]}"#)
                .unwrap();
        let Shape::String(s) = shape else {
            panic!("not a string")
        };
        assert_eq!((s.min, s.max), (Some(1), Some(500)));
        assert_eq!(s.enum_values.unwrap(), ["A", "B"]);
    }
}
