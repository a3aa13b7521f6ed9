//! `harness serve`: run the bundled reference mock as a standalone server.

use std::process::ExitCode;

use anyhow::Context;
use cases_mock::{MockConfig, SigV4Credentials};

/// Arguments of `harness serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to bind; 0 picks a free one (the bound address is printed).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Region the mock claims (appears in ARNs and the SigV4 scope).
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Account id the mock claims (appears in ARNs).
    #[arg(long, default_value = "123456789012")]
    pub account_id: String,
    /// Verify SigV4 signatures made with this access key id (needs the secret too).
    #[arg(long, requires = "sigv4_secret_access_key")]
    pub sigv4_access_key_id: Option<String>,
    /// Secret access key for SigV4 verification.
    #[arg(long, requires = "sigv4_access_key_id")]
    pub sigv4_secret_access_key: Option<String>,
    /// Inject a named fault (repeatable; `harness faults --list` shows them).
    #[arg(long = "fault")]
    pub faults: Vec<cases_mock::Fault>,
    /// Emulate a model release (1.34.97: an implementation from before File).
    #[arg(long)]
    pub release: Option<cases_mock::MockRelease>,
}

/// Binds, prints `listening on http://ADDR`, and serves until Ctrl-C.
pub fn execute(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
            .await
            .with_context(|| format!("binding {}:{}", args.host, args.port))?;
        let config = MockConfig {
            region: args.region,
            account_id: args.account_id,
            sigv4: args
                .sigv4_access_key_id
                .zip(args.sigv4_secret_access_key)
                .map(|(access_key_id, secret_access_key)| SigV4Credentials {
                    access_key_id,
                    secret_access_key,
                }),
            faults: args.faults.into_iter().collect(),
            release: args.release.unwrap_or_default(),
            ..MockConfig::default()
        };
        let server = cases_mock::spawn_on(listener, config).await?;
        println!("listening on {}", server.url());
        tokio::signal::ctrl_c()
            .await
            .context("waiting for Ctrl-C")?;
        server.shutdown().await;
        Ok(ExitCode::SUCCESS)
    })
}
