//! Command-line parsing for the `cases-mock` binary (by hand: a few flags only).

use cases_mock::{Fault, MockConfig, MockRelease, SigV4Credentials};

/// Usage text printed by `--help` and after a usage error.
pub const USAGE: &str = "\
Usage: cases-mock [--port PORT] [--host HOST] [--region REGION] [--account-id ID]
                  [--sigv4-access-key-id ID --sigv4-secret-access-key SECRET]
                  [--max-body-bytes N] [--release VERSION] [--fault NAME]...
       cases-mock --list-faults

Serves an in-memory Amazon Connect Cases API (2024-05-03 release) over HTTP.
Prints `listening on http://HOST:PORT` once bound, then serves until killed.

  --port PORT                    TCP port, 0 for any free port (default 0)
  --host HOST                    address to bind (default 127.0.0.1)
  --region REGION                region in ARNs and SigV4 scope (default us-east-1)
  --account-id ID                account id in ARNs (default 123456789012)
  --sigv4-access-key-id ID       verify SigV4 signatures made with this key id ...
  --sigv4-secret-access-key KEY  ... and this secret (both or neither)
  --max-body-bytes N             largest accepted request body (default 8388608)
  --release VERSION              model release to emulate: 1.34.98 (default),
                                 1.34.97 (before File related items) or 1.44.5
  --fault NAME                   ship this deliberate bug (repeatable; see --list-faults)
  --list-faults                  print every fault with the harness checks that catch it";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Print usage.
    Help,
    /// Print the fault catalogue.
    ListFaults,
    /// Serve with these options.
    Serve(Options),
}

/// The fault catalogue as text: one line per fault, `NAME  caught by: CHECK, ...`, then
/// its description indented.
pub fn fault_list() -> String {
    let mut out = String::new();
    for info in cases_mock::catalogue() {
        out.push_str(&format!(
            "{}  caught by: {}\n    {}\n",
            info.name,
            info.caught_by.join(", "),
            info.description
        ));
    }
    out
}

/// Where to listen and how to configure the mock.
#[derive(Debug, PartialEq)]
pub struct Options {
    /// Address to bind.
    pub host: String,
    /// Port to bind (0: any).
    pub port: u16,
    /// The mock's configuration.
    pub config: MockConfig,
}

/// Parses the arguments after the program name; `Err` carries a usage message.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut host = "127.0.0.1".to_owned();
    let mut port = 0u16;
    let mut config = MockConfig::default();
    let (mut key_id, mut secret) = (None, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(Command::Help);
        }
        if flag == "--list-faults" {
            return Ok(Command::ListFaults);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                port = value()?
                    .parse()
                    .map_err(|_| "--port must be 0..=65535".to_owned())?
            }
            "--host" => host = value()?,
            "--region" => config.region = value()?,
            "--account-id" => config.account_id = value()?,
            "--sigv4-access-key-id" => key_id = Some(value()?),
            "--sigv4-secret-access-key" => secret = Some(value()?),
            "--max-body-bytes" => {
                config.max_body_bytes = value()?
                    .parse()
                    .map_err(|_| "--max-body-bytes must be a byte count".to_owned())?;
            }
            "--release" => {
                config.release = value()?
                    .parse::<MockRelease>()
                    .map_err(|e| format!("--release: {e}"))?;
            }
            "--fault" => {
                let fault = value()?
                    .parse::<Fault>()
                    .map_err(|e| format!("--fault: {e}"))?;
                config.faults.insert(fault);
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    config.sigv4 = match (key_id, secret) {
        (Some(access_key_id), Some(secret_access_key)) => Some(SigV4Credentials {
            access_key_id,
            secret_access_key,
        }),
        (None, None) => None,
        _ => {
            return Err(
                "--sigv4-access-key-id and --sigv4-secret-access-key go together".to_owned(),
            );
        }
    };
    Ok(Command::Serve(Options { host, port, config }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn defaults() {
        let Command::Serve(options) = parse(args(&[])).expect("parse") else {
            panic!("expected serve");
        };
        assert_eq!(options.host, "127.0.0.1");
        assert_eq!(options.port, 0);
        assert_eq!(options.config, MockConfig::default());
    }

    #[test]
    fn all_flags() {
        let parsed = parse(args(&[
            "--port",
            "8080",
            "--host=0.0.0.0",
            "--region",
            "eu-west-2",
            "--account-id",
            "111122223333",
            "--sigv4-access-key-id",
            "AKID",
            "--sigv4-secret-access-key",
            "SECRET",
            "--max-body-bytes",
            "10",
        ]))
        .expect("parse");
        let Command::Serve(options) = parsed else {
            panic!("expected serve");
        };
        assert_eq!(options.port, 8080);
        assert_eq!(options.host, "0.0.0.0");
        assert_eq!(options.config.region, "eu-west-2");
        assert_eq!(options.config.account_id, "111122223333");
        assert_eq!(options.config.max_body_bytes, 10);
        assert_eq!(options.config.release, MockRelease::V1_34_98);
        assert!(options.config.faults.is_empty());
        let creds = options.config.sigv4.expect("sigv4");
        assert_eq!(creds.access_key_id, "AKID");
        assert_eq!(creds.secret_access_key, "SECRET");
    }

    #[test]
    fn release_and_faults() {
        let parsed = parse(args(&[
            "--release",
            "1.34.97",
            "--fault",
            "token-on-last-page",
            "--fault=500-for-invalid-input",
            "--fault",
            "token-on-last-page",
        ]))
        .expect("parse");
        let Command::Serve(options) = parsed else {
            panic!("expected serve");
        };
        assert_eq!(options.config.release, MockRelease::V1_34_97);
        assert_eq!(
            options.config.faults,
            [Fault::TokenOnLastPage, Fault::ServerErrorForInvalidInput].into()
        );
        let err = parse(args(&["--release", "1.44.6"])).expect_err("unknown");
        assert!(err.contains("unknown release"), "{err}");
        let err = parse(args(&["--fault", "nope"])).expect_err("unknown fault");
        assert!(err.contains("unknown fault 'nope'"), "{err}");
        assert_eq!(parse(args(&["--list-faults"])), Ok(Command::ListFaults));
        let list = fault_list();
        assert_eq!(
            list.lines().filter(|l| !l.starts_with(' ')).count(),
            cases_mock::catalogue().len()
        );
        assert!(list.contains("pre-file-release  caught by: acceptance.valid-request-200"));
    }

    #[test]
    fn usage_errors() {
        assert!(parse(args(&["--port"])).is_err());
        assert!(parse(args(&["--port", "70000"])).is_err());
        assert!(parse(args(&["--bogus"])).is_err());
        assert!(parse(args(&["--sigv4-access-key-id", "A"])).is_err());
        assert_eq!(parse(args(&["--help"])), Ok(Command::Help));
    }
}
