//! The system fields every new domain has, as on AWS (field id equal to the name).

/// `(field id, FieldType)` of each system field, in listing order.
pub const SYSTEM_FIELDS: &[(&str, &str)] = &[
    ("title", "Text"),
    ("summary", "Text"),
    ("status", "SingleSelect"),
    ("case_reason", "SingleSelect"),
    ("customer_id", "Text"),
    ("reference_number", "Text"),
    ("assigned_user", "User"),
    ("created_datetime", "DateTime"),
    ("last_updated_datetime", "DateTime"),
    ("last_closed_datetime", "DateTime"),
];

/// Fields CreateCase requires, as AWS documents.
pub const CASE_REQUIRED_FIELDS: &[&str] = &["title", "customer_id"];

/// Fields the service sets itself; a client may not set them.
pub const READ_ONLY_FIELDS: &[&str] = &[
    "reference_number",
    "created_datetime",
    "last_updated_datetime",
];

/// The `status` a new case gets when the request sets none.
pub const DEFAULT_STATUS: &str = "open";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_and_read_only_fields_are_system_fields() {
        for id in CASE_REQUIRED_FIELDS.iter().chain(READ_ONLY_FIELDS) {
            assert!(SYSTEM_FIELDS.iter().any(|(f, _)| f == id), "{id}");
        }
    }
}
