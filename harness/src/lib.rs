//! Conformance harness for the Amazon Connect Cases API.
//!
//! The vendored botocore model (`schemas/model/`) is the single source of truth: [`model`] loads
//! it, [`schema`] derives JSON Schemas from it, and the engine generates requests and checks
//! responses from both.

pub mod checks;
pub mod cli;
pub mod client;
pub mod contract;
pub mod diff;
pub mod embedded;
pub mod engine;
pub mod faults;
pub mod r#gen;
pub mod model;
pub mod openapi;
pub mod report;
pub mod schema;
pub mod tape;
