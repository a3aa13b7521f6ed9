//! `harness bench`: generated requests only, timed; the harness's side of `bench/compare.sh`.

use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;

use crate::embedded::Target;
use crate::engine::suites::generated;
use crate::engine::{Fixtures, RunConfig};

/// Arguments of `harness bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Endpoint to measure against (default: the embedded mock).
    #[arg(long)]
    pub target: Option<String>,
    /// Generated valid requests per core operation (as many invalid ones again).
    #[arg(long, default_value_t = 1000)]
    pub cases: u32,
    /// Requests in flight at once (`bench/compare.sh` gives wrk as many connections).
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Use this domain instead of creating one.
    #[arg(long)]
    pub domain_id: Option<String>,
    /// Use this template instead of creating one (needs --domain-id).
    #[arg(long, requires = "domain_id")]
    pub template_id: Option<String>,
    /// Use this case instead of creating one (needs --domain-id).
    #[arg(long, requires = "domain_id")]
    pub case_id: Option<String>,
    /// Send nothing: write the requests this bench would send (same seed and cases, addressed
    /// to --domain-id and --case-id) to FILE as JSON lines, for a load generator to replay
    /// (`bench/compare.sh` feeds them to wrk to measure the raw rate of the same work).
    #[arg(long, value_name = "FILE", requires_all = ["domain_id", "case_id"])]
    pub dump_requests: Option<std::path::PathBuf>,
}

/// Runs the generated suite and prints one JSON line: cases, seconds, cases per second.
pub fn execute(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.dump_requests {
        let written = dump_requests(&args, path)?;
        println!("{}", json!({ "requests": written, "file": path }));
        return Ok(ExitCode::SUCCESS);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let target = args.target.map_or_else(Target::default, Target::Url);
    let config = RunConfig {
        cases: args.cases,
        concurrency: args.concurrency.max(1),
        seed: args.seed,
        fixtures: Fixtures {
            domain_id: args.domain_id,
            template_id: args.template_id,
            case_id: args.case_id,
        },
        generated_only: true,
        ..RunConfig::default()
    };
    let result = runtime.block_on(target.run(config))?;
    let seconds = result.meta.duration_ms as f64 / 1000.0;
    let cases = result.meta.generated_cases;
    println!(
        "{}",
        json!({
            "cases": cases,
            "requests": result.meta.requests,
            "seconds": seconds,
            "cases_per_second": (cases as f64 / seconds.max(1e-9)).round(),
            "requests_per_second": (result.meta.requests as f64 / seconds.max(1e-9)).round(),
            "must_failures": result.failures_of(crate::checks::Severity::Must),
            "recalled_answers": result.meta.recalled_answers,
        })
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the generated suite's requests, bound to the wire as the client would send them,
/// one JSON object per line: `operation`, `mutation` (the named mutation of an invalid case,
/// null for a valid one), `method`, `target` (path and encoded query), `headers` (the
/// request's own plus `content-type` for a body; a load generator adds `host` and
/// `content-length`) and `body_hex` (the exact body bytes, or null). Returns how many.
fn dump_requests(args: &BenchArgs, path: &std::path::Path) -> anyhow::Result<usize> {
    use std::io::Write as _;

    let model = crate::model::ServiceModel::load(crate::model::Release::CONTRACT)?;
    let generator = crate::r#gen::Generator::new(&model)?;
    let ctx = generated::context(
        args.domain_id.as_deref().unwrap_or_default(),
        args.case_id.as_deref().unwrap_or_default(),
    );
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut written = 0;
    for operation in generated::CORE_OPERATIONS {
        let Some(op) = model.operation(operation) else {
            continue;
        };
        for request in
            generated::planned_requests(&generator, operation, &ctx, args.cases as usize, args.seed)
        {
            let wire =
                crate::engine::binding::bind(op, &request.envelope, request.raw_body.as_deref());
            let target = crate::client::build_url("", &wire).map_err(anyhow::Error::msg)?;
            let mut headers = wire.headers.clone();
            if wire.body.is_some()
                && !headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            {
                headers.push(("content-type".into(), "application/json".into()));
            }
            let body_hex = wire.body.as_deref().map(hex);
            let line = json!({
                "operation": operation,
                "mutation": request.mutation.as_ref().map(|m| m.name.as_str()),
                "method": wire.method.as_str(),
                "target": target,
                "headers": headers,
                "body_hex": body_hex,
            });
            writeln!(out, "{line}")?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

/// Lower-case hex of `bytes`, two digits a byte.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}
