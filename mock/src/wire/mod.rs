//! The HTTP side of the protocol that is not JSON: which operation a method and path
//! name, path labels, query strings and reading the body within the size cap.

pub mod body;
pub mod percent;
pub mod query;
pub mod route;
