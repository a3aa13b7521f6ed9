//! Shortcuts for the related-item operations the engine's stateful tests drive. They only name
//! the operations and members; every constraint still comes from the generator's plans.

use proptest::strategy::BoxedStrategy;
use serde_json::Value;

use super::Generator;

/// One valid `CreateRelatedItem` body (`type`, `content`, optional `performedBy`); with
/// `kind` (`File`, `Comment`, `Contact`, or their member names) of that related-item type.
/// `None` if the model has no such type (e.g. `File` before the 2024-05-03 release).
pub fn related_item_body(
    generator: &Generator,
    kind: Option<&str>,
) -> Option<BoxedStrategy<Value>> {
    generator.body("CreateRelatedItem", kind)
}

/// One valid `SearchRelatedItems` filter list (0 to 10 filters); with `kind`, every filter is
/// of that related-item type. `None` if the model has no such filter.
pub fn related_item_filters(
    generator: &Generator,
    kind: Option<&str>,
) -> Option<BoxedStrategy<Value>> {
    generator.list_of_kind("SearchRelatedItems", "body.filters", kind)
}
