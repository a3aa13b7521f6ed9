//! The resolved settings of `harness run`: the command line over `harness.toml` over the
//! defaults, and the record of every effective setting with where it came from, for the report.
//!
//! Precedence: a flag given on the command line wins, then its environment variable (as the
//! AWS CLI orders them), then the file, then the default. The file's flags are merged by
//! appending them to the command line for the keys the command line and environment left to
//! their defaults, and parsing again: clap itself decides every value, so the file cannot
//! mean something a flag would not.

use std::ffi::OsString;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use super::config_file::{self, ConfigFile};
use super::run::RunArgs;
use super::{Cli, Command};
use crate::report::Setting;

/// What a value of the report stands in for when it must not be shown.
pub const REDACTED: &str = "<redacted>";

/// The settings of one `harness run`.
#[derive(Debug)]
pub struct Resolved {
    /// The arguments after merging the file in.
    pub args: RunArgs,
    /// The file read, if any.
    pub file: Option<ConfigFile>,
    /// Every effective setting and where it came from, secrets redacted.
    pub settings: Vec<Setting>,
}

/// The `harness run` command as clap defines it (its flags are the file's keys).
pub fn run_command() -> clap::Command {
    Cli::command()
        .find_subcommand("run")
        .cloned()
        .expect("harness has a run subcommand")
}

/// Merges the file `args` name (`--config`, else `./harness.toml`) under the command line
/// `argv` whose `run` subcommand parsed to `args` and `matches`.
pub fn resolve(args: RunArgs, matches: &ArgMatches, argv: &[OsString]) -> anyhow::Result<Resolved> {
    let command = run_command();
    let Some(path) = config_file::locate(args.config.as_deref(), args.no_config)? else {
        let settings = settings(&command, matches, matches, None);
        return Ok(Resolved {
            args,
            file: None,
            settings,
        });
    };
    let mut file = config_file::load(&path, &command)?;
    let mut merged: Vec<OsString> = argv.to_vec();
    for flag in &file.flags {
        if !given(matches, &command, &flag.key) {
            merged.extend(flag.tokens.iter().cloned());
        }
    }
    let merged_matches = Cli::command().try_get_matches_from(&merged)?;
    let run_matches = merged_matches
        .subcommand_matches("run")
        .expect("the merged command line is still a run");
    let Command::Run(args) = Cli::from_arg_matches(&merged_matches)?.command else {
        unreachable!("the merged command line is still a run")
    };
    let model = crate::model::ServiceModel::load(args.release)?;
    file.check_against(&model)?;
    let mut settings = settings(&command, matches, run_matches, Some(&file));
    settings.extend(file_only_settings(&file));
    Ok(Resolved {
        args: *args,
        file: Some(file),
        settings,
    })
}

/// Whether the command line or the environment gave the flag `--key`.
fn given(matches: &ArgMatches, command: &clap::Command, key: &str) -> bool {
    command
        .get_arguments()
        .find(|a| a.get_long() == Some(key))
        .and_then(|a| matches.value_source(a.get_id().as_str()))
        .is_some_and(|s| matches!(s, ValueSource::CommandLine | ValueSource::EnvVariable))
}

/// Every flag of `run` with its effective value (from `effective`) and its source (the
/// command line's `original` matches say flag or env; the file's keys say file).
fn settings(
    command: &clap::Command,
    original: &ArgMatches,
    effective: &ArgMatches,
    file: Option<&ConfigFile>,
) -> Vec<Setting> {
    let mut out = Vec::new();
    for arg in command.get_arguments() {
        let (Some(long), id) = (arg.get_long(), arg.get_id().as_str()) else {
            continue;
        };
        if long == "help" {
            continue;
        }
        let source = match original.value_source(id) {
            Some(ValueSource::CommandLine) => "flag",
            Some(ValueSource::EnvVariable) => "env",
            _ if file.is_some_and(|f| f.flags.iter().any(|fl| fl.key == long)) => "file",
            _ => "default",
        };
        let value = effective
            .get_raw(id)
            .map(|values| {
                values
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        out.push(Setting {
            key: long.to_string(),
            value: redact(long, &value),
            source: source.to_string(),
        });
    }
    out
}

/// The settings only a file has: its path, its fixtures (the policy is listed apart, with
/// its reasons).
fn file_only_settings(file: &ConfigFile) -> Vec<Setting> {
    let mut out = vec![Setting {
        key: "config-file".into(),
        value: file.path.display().to_string(),
        source: "file".into(),
    }];
    for (key, values) in &file.values.members {
        out.push(Setting {
            key: format!("fixtures.{key}"),
            value: redact(key, &values.join(", ")),
            source: "file".into(),
        });
    }
    for (case, files) in &file.values.files_by_case {
        out.push(Setting {
            key: format!("fixtures.files-by-case.{case}"),
            value: files.join(", "),
            source: "file".into(),
        });
    }
    out
}

/// The settings of the run's signing identity: the access key id's first characters, the
/// secret key and session token redacted.
pub fn signing_settings(signing: &crate::client::SigningConfig) -> Vec<Setting> {
    let key_id = signing.credentials.access_key_id();
    let shown: String = key_id.chars().take(4).collect();
    let mut out = vec![
        Setting {
            key: "signing.access-key-id".into(),
            value: format!("{shown}…"),
            source: "credentials".into(),
        },
        Setting {
            key: "signing.secret-access-key".into(),
            value: REDACTED.into(),
            source: "credentials".into(),
        },
    ];
    if signing.credentials.session_token().is_some() {
        out.push(Setting {
            key: "signing.session-token".into(),
            value: REDACTED.into(),
            source: "credentials".into(),
        });
    }
    out
}

/// `value` as a report may show it: redacted under a key named like a secret, and with the
/// password of a URL's user information cut.
pub fn redact(key: &str, value: &str) -> String {
    let lower = key.to_ascii_lowercase();
    let secret = [
        "secret",
        "token",
        "password",
        "passwd",
        "credential",
        "private",
    ]
    .iter()
    .any(|word| lower.contains(word));
    if secret && !value.is_empty() {
        return REDACTED.to_string();
    }
    match url::Url::parse(value) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some(REDACTED));
            url.to_string()
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_url_passwords_are_redacted() {
        assert_eq!(redact("session-token", "abc"), REDACTED);
        assert_eq!(redact("db_password", "hunter2"), REDACTED);
        assert_eq!(redact("clientSecret", "s"), REDACTED);
        assert_eq!(redact("cases", "20"), "20");
        let target = redact("target", "https://user:hunter2@cases.example/");
        assert!(!target.contains("hunter2"), "{target}");
        assert!(target.contains("user:"), "{target}");
    }
}
