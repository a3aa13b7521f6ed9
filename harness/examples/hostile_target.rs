//! A hostile Connect Cases target on loopback, outside the tests: `SearchRelatedItems` misbehaves
//! as named, everything else is served by the reference mock. `bench/hostile.sh` points the
//! release `harness run`, with its default flags, at each behaviour under GNU time, for the
//! README's robustness table (times and peak memory of whole runs).
//!
//! ```sh
//! cargo run --release -p harness --example hostile_target -- never-answers
//! ```
//!
//! Prints the target's URL on the first line of stdout, then serves until stdin closes or the
//! process is interrupted. `--list` prints the behaviours' names.

#[path = "../tests/common/hostile_server.rs"]
mod hostile_server;

use hostile_server::Behaviour;

#[tokio::main]
async fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if arg == "--list" {
        for behaviour in Behaviour::ALL {
            println!("{}", behaviour.name());
        }
        return;
    }
    let Some(behaviour) = Behaviour::from_name(&arg) else {
        let names: Vec<String> = Behaviour::ALL.iter().map(|b| b.name()).collect();
        eprintln!(
            "usage: hostile_target BEHAVIOUR (one of: {})",
            names.join(", ")
        );
        std::process::exit(2);
    };
    let target = hostile_server::spawn(behaviour).await;
    println!("{}", target.url);
    // Serve until stdin closes (the script that started it went away) or an interrupt.
    let (closed, stdin_closed) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        let _ = closed.send(());
    });
    tokio::select! {
        _ = stdin_closed => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!(
        "hostile_target: {} hostile requests, {} forwarded",
        target
            .hostile_requests
            .load(std::sync::atomic::Ordering::SeqCst),
        target.forwarded.load(std::sync::atomic::Ordering::SeqCst)
    );
}
