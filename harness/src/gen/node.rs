//! The node table's types: what one `$defs` entry (or envelope part) of a request document
//! compiles to. They sit below both the schema walk (`plan.rs`, which builds the table) and the
//! rules read off it (`semantics.rs`, whose tag ↔ union couplings the walk stores per node),
//! so neither has to import the other's types back.

use super::strings::StringRule;

/// Index of a node in a node table (`Plan::nodes`).
pub(crate) type NodeId = usize;

/// A `$defs` entry (or an envelope part) and its constraints.
#[derive(Debug)]
pub(crate) struct Node {
    /// The shape name (the `$defs` key), or the envelope part name.
    pub shape: String,
    /// What values look like.
    pub kind: Kind,
}

/// The kinds of values the schemas describe.
#[derive(Debug)]
pub(crate) enum Kind {
    /// A structure or union.
    Object(ObjectRule),
    /// A list.
    Array {
        item: NodeId,
        min: usize,
        max: Option<usize>,
    },
    /// A map with string keys.
    Map {
        key: NodeId,
        value: NodeId,
        min: usize,
        max: Option<usize>,
    },
    /// A string.
    String(StringRule),
    /// An integer.
    Integer { min: Option<i64>, max: Option<i64> },
    /// A number; `epoch` for timestamps in epoch seconds.
    Number {
        min: Option<f64>,
        max: Option<f64>,
        epoch: bool,
    },
    /// A boolean.
    Boolean,
    /// A sparse list item or map value: the node, or `null` (generation never sends `null`).
    Nullable(NodeId),
    /// Not yet parsed (only while compiling).
    Pending,
}

/// A structure or union.
#[derive(Debug)]
pub(crate) struct ObjectRule {
    /// Members in schema (model) order.
    pub fields: Vec<Field>,
    /// Exactly one member is set.
    pub union: bool,
}

/// A member of a structure or union.
#[derive(Debug)]
pub(crate) struct Field {
    /// The wire name.
    pub name: String,
    /// Its node.
    pub node: NodeId,
    /// It must be present.
    pub required: bool,
    /// It carries a continuation token: left out of valid requests.
    pub token: bool,
}
