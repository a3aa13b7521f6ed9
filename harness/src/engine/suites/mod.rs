//! The suites a run is made of, as a registry: each [`Suite`] has a name and a [`Run`], which
//! says what it needs (the workspace, or the fixture the fixture suite builds), and
//! [`REGISTRY`] lists them in the order a run goes through them. Each records its verdicts
//! through the session into the ledger.
//!
//! To add a suite: a module here with its `run`, and an entry in [`REGISTRY`]. A suite whose
//! needs a run cannot meet does not run and is named in a note.

pub mod audit;
pub mod auth;
pub mod case_ops;
pub mod case_search;
pub mod filters;
pub mod fixture;
pub mod generated;
pub mod lifecycle;
pub mod pagination;
mod pipeline;
pub mod related_ops;
pub mod roundtrip;
pub mod scenarios;
pub mod stateful;

use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use time::OffsetDateTime;

use super::Counters;
use super::provision::Provisioned;
use super::session::Session;
use super::setup::Workspace;
use crate::r#gen::Generator;
use fixture::Fixture;
use time::format_description::well_known::Rfc3339;

/// Parses an RFC 3339 date-time (what `timestampFormat: iso8601` puts on the wire).
pub fn parse_time(text: &str) -> Option<SystemTime> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(SystemTime::from)
}

/// Formats a time as RFC 3339 (UTC).
pub fn format_time(time: SystemTime) -> String {
    OffsetDateTime::from(time)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// What every suite runs on: the run's session, its domain and case, the generator and the
/// counters.
pub struct Context<'a> {
    /// The run's session.
    pub session: &'a Session,
    /// The domain, template and case set up for the run.
    pub workspace: &'a Workspace,
    /// A resource of every other kind, made for the run.
    pub provisioned: &'a Provisioned,
    /// The request generator of the run's release.
    pub generator: &'a Generator,
    /// Counters of generated cases, sequences and scenarios.
    pub counters: &'a Counters,
}

/// A suite's run, borrowed from its context (the engine's futures are not `Send`).
pub type SuiteRun<'a, T = ()> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// How a suite runs, which is also what it needs.
#[derive(Clone, Copy)]
pub enum Run {
    /// It builds the fixture the suites after it check; `None` when it could not.
    BuildsFixture(for<'a> fn(&'a Context<'a>) -> SuiteRun<'a, Option<Fixture>>),
    /// It needs only the run's domain and case.
    OnWorkspace(for<'a> fn(&'a Context<'a>) -> SuiteRun<'a>),
    /// It checks the fixture's cases and items, and cannot run without them.
    OnFixture(for<'a> fn(&'a Context<'a>, &'a Fixture) -> SuiteRun<'a>),
}

/// One suite of the registry: a name, how it runs (and so what it needs), and whether it is
/// part of a generated-only run (what `harness bench` measures).
#[derive(Clone, Copy)]
pub struct Suite {
    /// Its name, as progress and notes show it.
    pub name: &'static str,
    /// How it runs.
    pub run: Run,
    /// Whether a generated-only run includes it.
    pub generated_only: bool,
}

/// Every suite, in the order a run goes through them: the fixture first, since the round-trip,
/// filter, audit and pagination suites check what it created. (The parity suite,
/// [`crate::engine::parity::replay`], runs before the run's set-up and needs none.)
pub const REGISTRY: &[Suite] = &[
    Suite {
        name: "fixture",
        run: Run::BuildsFixture(|cx| Box::pin(fixture::build(cx.session, cx.workspace))),
        generated_only: false,
    },
    Suite {
        name: "round trip",
        run: Run::OnFixture(|cx, fixture| Box::pin(async { roundtrip::run(cx.session, fixture) })),
        generated_only: false,
    },
    Suite {
        name: "filters",
        run: Run::OnFixture(|cx, fixture| {
            Box::pin(filters::run(cx.session, cx.workspace, fixture))
        }),
        generated_only: false,
    },
    Suite {
        name: "audit",
        run: Run::OnFixture(|cx, fixture| Box::pin(audit::run(cx.session, cx.workspace, fixture))),
        generated_only: false,
    },
    Suite {
        name: "pagination",
        run: Run::OnFixture(|cx, fixture| {
            Box::pin(pagination::run(cx.session, cx.workspace, fixture))
        }),
        generated_only: false,
    },
    // The related-item operations of 1.44.5: after every suite that reads the fixture's cases
    // as they were built (it works in cases of its own, but links and searches theirs).
    Suite {
        name: "related-item operations",
        run: Run::OnFixture(|cx, fixture| {
            Box::pin(related_ops::run(cx.session, cx.workspace, fixture))
        }),
        generated_only: false,
    },
    Suite {
        name: "lifecycles",
        run: Run::OnWorkspace(|cx| {
            Box::pin(lifecycle::run(cx.session, cx.provisioned, cx.generator))
        }),
        generated_only: false,
    },
    Suite {
        name: "generated requests",
        run: Run::OnWorkspace(|cx| {
            Box::pin(generated::run(
                cx.session,
                cx.workspace,
                cx.provisioned,
                cx.generator,
                cx.counters,
            ))
        }),
        generated_only: true,
    },
    Suite {
        name: "listings",
        run: Run::OnWorkspace(|cx| {
            Box::pin(pagination::run_listings(
                cx.session,
                cx.provisioned,
                cx.generator,
            ))
        }),
        generated_only: false,
    },
    Suite {
        name: "stateful sequences",
        run: Run::OnWorkspace(|cx| {
            Box::pin(stateful::run(
                cx.session,
                cx.workspace,
                cx.generator,
                cx.counters,
            ))
        }),
        generated_only: false,
    },
    Suite {
        name: "search cases",
        run: Run::OnWorkspace(|cx| Box::pin(case_search::run(cx.session, cx.workspace))),
        generated_only: false,
    },
    Suite {
        name: "case operations",
        run: Run::OnWorkspace(|cx| Box::pin(case_ops::run(cx.session, cx.workspace, cx.generator))),
        generated_only: false,
    },
    Suite {
        name: "scenarios",
        run: Run::OnWorkspace(|cx| Box::pin(scenarios::run(cx.session, cx.workspace, cx.counters))),
        generated_only: false,
    },
    Suite {
        name: "auth",
        run: Run::OnWorkspace(|cx| Box::pin(auth::run(cx.session, cx.workspace))),
        generated_only: false,
    },
];
