//! `cases-mock`: an in-memory reference implementation of the Amazon Connect Cases API
//! (`ConnectCases`, API version 2022-10-03, rest-json, SigV4 name `cases`) as of the
//! 2024-05-03 release that added `File` related items (botocore 1.34.98).
//!
//! It is the conformance harness's independent oracle and default target, so it shares
//! no code with the harness: requests are validated by hand-written typed structures,
//! and SigV4 is verified with its own implementation.
//!
//! Layers, each in its own module so faults can hook into one of them:
//! `wire` (routes, query, body cap) → `sigv4` → `decode` (typed,
//! validated requests) → `service` over `store` (semantics and state) → `encode`
//! (JSON, status codes and error headers).
//!
//! [`MockConfig::release`] emulates an older model release ([`MockRelease`]), and
//! [`MockConfig::faults`] turns on named, deliberate bugs ([`Fault`], listed with the
//! harness checks that must catch them by [`catalogue`]) so the harness can be shown to
//! find each.

#![warn(missing_docs)]

mod app;
mod arn;
mod config;
mod decode;
mod encode;
mod error;
mod faults;
mod ids;
mod kinds;
mod output;
mod server;
mod service;
mod sigv4;
mod store;
mod time;
mod token;
mod wire;

pub use app::router;
pub use config::{DEFAULT_MAX_BODY_BYTES, MockConfig, MockRelease, SigV4Credentials};
pub use faults::{Fault, FaultInfo, ParseError, catalogue};
pub use server::{MockServer, spawn, spawn_on};
