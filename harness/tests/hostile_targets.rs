#[path = "common/hostile_server.rs"]
mod hostile_server;

use harness::engine::{RunConfig, TargetSpec};
use hostile_server::Behaviour;
use std::time::{Duration, Instant};

async fn probe(b: Behaviour, only: &[&str]) {
    let target = hostile_server::spawn(b).await;
    let config = RunConfig {
        target: TargetSpec::Url(target.url.clone()),
        seed: 1,
        cases: 10,
        sequences: 1,
        timeout: Duration::from_millis(300),
        max_pages: 50,
        deadline: Duration::from_secs(60),
        only: only.iter().map(|s| s.to_string()).collect(),
        ..RunConfig::default()
    };
    let t = Instant::now();
    let r = harness::engine::run(config).await.unwrap();
    eprintln!(
        "{b:?}: {:?} incomplete={:?} notes={:?} hostile={}",
        t.elapsed(),
        r.meta.incomplete,
        r.meta.notes,
        target
            .hostile_requests
            .load(std::sync::atomic::Ordering::SeqCst)
    );
    for ((op, c), t) in &r.tallies {
        if t.failed > 0 {
            eprintln!(
                "  {op} {c} pass={} fail={} :: {}",
                t.passed,
                t.failed,
                t.failures.first().map(|f| f.message.as_str()).unwrap_or("")
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explore() {
    let which = std::env::var("B").unwrap_or_default();
    use Behaviour::*;
    for b in [
        NeverAnswers,
        OneByteASecond,
        GigabyteBody,
        InvalidJson,
        InvalidUtf8,
        TruncatedChunked,
        ResetMidBody,
        RedirectLoop,
        HtmlErrorPage,
        OkWithErrorBody,
        EndlessTokens,
        SameTokenForever,
        HugePage,
        DeepNesting,
    ] {
        if !which.is_empty() && format!("{b:?}") != which {
            continue;
        }
        probe(b, &[]).await;
    }
}
