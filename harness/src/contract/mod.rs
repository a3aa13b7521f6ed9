//! The contract: facts derived from the vendored model that generation, judging, coverage and
//! reports all read, computed in one place so no rule of the contract is written twice.
//!
//! It sits right above [`crate::model`] (and beside [`crate::schema`], the JSON Schemas
//! derived from the same model); everything else may read it, it reads nothing above itself.
//!
//! - [`shapes`]: the walk over an operation's shapes, its member paths, enum and union positions;
//! - [`related`]: the related-item kinds of a release, each `type` value paired with its
//!   `content` member;
//! - [`paging`]: the paginated operations and their token, page-size and result members;
//! - [`resources`]: the resources the operations create and consume, by id member;
//! - [`references`]: where a request names a resource by id (members of an id shape);
//! - [`reach`]: the contract items no request can provoke, with the reason.

pub mod paging;
pub mod reach;
pub mod references;
pub mod related;
pub mod resources;
pub mod shapes;
