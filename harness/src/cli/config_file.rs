//! `harness.toml`: the settings of `harness run` kept in a file, so a run against a real account
//! is written down once (target, region, existing resources, real ARNs, check policy) instead
//! of retyped as flags.
//!
//! Every top-level key is a `run` flag under the same kebab-case name (`domain-id`,
//! `visibility-wait-secs`), read off the command's own definition so the two cannot drift; its
//! value is checked by the flag's own parser. Two tables are file-only: `[fixtures]` (lists of
//! real values per member or shape name, and `[fixtures.files-by-case]`) and `[[policy]]`
//! (check-policy overrides, each with a reason). Anything the file gets wrong is an error
//! naming the file, the line and the key.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ArgAction;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::checks::{Action, CheckId, Override};
use crate::r#gen::MemberValues;
use crate::model::{ServiceModel, Shape};

/// The file a run reads when the working directory has one and no `--config` names another.
pub const DEFAULT_FILE: &str = "harness.toml";

/// `run` flags that are not settings of a run, so not keys of the file.
const NOT_KEYS: [&str; 5] = ["config", "no-config", "plan", "help", "write-baseline"];

/// The sub-table of `[fixtures]` holding the files uploaded to existing cases.
const FILES_BY_CASE: &str = "files-by-case";

/// A mistake in the file: where it is and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {key}: {message}")]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// The line (1-based) of the key or value at fault.
    pub line: usize,
    /// The key at fault (`cases`, `fixtures.contactArn`, `policy[2].check`).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// One flag the file sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFlag {
    /// The key, which is the flag's long name (and clap id with `-` for `_`).
    pub key: String,
    /// The command-line tokens it stands for (`--cases=20`; none for `sign = false`).
    pub tokens: Vec<OsString>,
}

/// A loaded `harness.toml`, validated except for what depends on the release (fixture keys).
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The flags it sets, in file order.
    pub flags: Vec<FileFlag>,
    /// Its `[fixtures]`.
    pub values: MemberValues,
    /// Its `[[policy]]` entries.
    pub overrides: Vec<Override>,
    /// Its `[[parity-ignore]]` entries: body members `--parity` does not compare, with why.
    pub parity_ignore: Vec<crate::engine::parity::Ignore>,
    /// Line of each fixture key, for errors found once the release is known.
    fixture_lines: BTreeMap<String, usize>,
    /// Line of each policy entry (of its operation when it names one), likewise.
    policy_lines: Vec<usize>,
    text: String,
}

/// The file to read: `explicit` (which must exist), else `./harness.toml` if there is one;
/// none with `no_config`.
pub fn locate(explicit: Option<&Path>, no_config: bool) -> anyhow::Result<Option<PathBuf>> {
    if no_config {
        return Ok(None);
    }
    if let Some(path) = explicit {
        anyhow::ensure!(path.is_file(), "--config {}: no such file", path.display());
        return Ok(Some(path.to_path_buf()));
    }
    let default = PathBuf::from(DEFAULT_FILE);
    Ok(default.is_file().then_some(default))
}

/// Reads and validates the file at `path` against the flags of `command` (`harness run`).
pub fn load(path: &Path, command: &clap::Command) -> anyhow::Result<ConfigFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    Ok(parse(path, text, command)?)
}

/// Parses `text` (the contents of `path`).
pub fn parse(
    path: &Path,
    text: String,
    command: &clap::Command,
) -> Result<ConfigFile, ConfigError> {
    let mut file = ConfigFile {
        path: path.to_path_buf(),
        text,
        ..ConfigFile::default()
    };
    let text = file.text.clone();
    let table = DeTable::parse(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| file.line(&s));
        file.error(line, "(syntax)", e.message().trim().to_string())
    })?;
    for (key, value) in table.get_ref().iter() {
        let name = key.get_ref().as_ref();
        match name {
            "fixtures" => file.fixtures(value)?,
            "policy" => file.policy(value)?,
            "parity-ignore" => file.parity_ignore(value)?,
            _ => {
                let flag = file.flag(command, key, value)?;
                file.flags.push(flag);
            }
        }
    }
    Ok(file)
}

impl ConfigFile {
    /// Checks what depends on the release: each fixture key names a string member or shape
    /// of `model`, each policy operation one of its operations, and so do `operations`.
    /// Shape keys (`ContactArn`) are spread to the members of that shape, so hand-written
    /// requests, which know members only by name, draw from them too.
    pub fn check_against(&mut self, model: &ServiceModel) -> Result<(), ConfigError> {
        let mut members_by_shape: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut string_members = std::collections::BTreeSet::new();
        for shape in model.shapes.values() {
            if let Shape::Structure(s) = shape {
                for (name, member) in &s.members {
                    if matches!(model.shapes.get(&member.shape), Some(Shape::String(_))) {
                        string_members.insert(name.as_str());
                        members_by_shape
                            .entry(member.shape.as_str())
                            .or_default()
                            .push(name.as_str());
                    }
                }
            }
        }
        let keys: Vec<String> = self.values.members.keys().cloned().collect();
        for key in keys {
            let line = self.fixture_lines.get(&key).copied().unwrap_or(1);
            if string_members.contains(key.as_str()) {
                continue;
            }
            let Some(members) = members_by_shape.get(key.as_str()) else {
                return Err(self.error(
                    line,
                    &format!("fixtures.{key}"),
                    format!(
                        "names no string member or shape of the botocore {} model (e.g. contactArn, fileArn, userArn, or the shape ContactArn)",
                        model.release
                    ),
                ));
            };
            let values = self.values.members[&key].clone();
            for member in members {
                self.values
                    .members
                    .entry((*member).to_string())
                    .or_insert_with(|| values.clone());
            }
        }
        for (n, o) in self.overrides.iter().enumerate() {
            if let Some(op) = &o.operation
                && model.operation(op).is_none()
            {
                return Err(self.error(
                    self.policy_lines.get(n).copied().unwrap_or(1),
                    &format!("policy[{}].operation", n + 1),
                    format!("{op} is not an operation of botocore {}", model.release),
                ));
            }
        }
        Ok(())
    }

    /// The line of a byte span's start.
    fn line(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text[..end].matches('\n').count() + 1
    }

    fn error(&self, line: usize, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: self.path.display().to_string(),
            line,
            key: key.to_string(),
            message: message.into(),
        }
    }

    /// A top-level key: a `run` flag, checked by its own parser.
    fn flag(
        &self,
        command: &clap::Command,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<FileFlag, ConfigError> {
        let name = key.get_ref().as_ref();
        let line = self.line(&key.span());
        let arg = command
            .get_arguments()
            .find(|a| a.get_long() == Some(name) && !NOT_KEYS.contains(&name))
            .ok_or_else(|| {
                self.error(
                    line,
                    name,
                    "unknown key (keys are the `harness run` flags in kebab-case, e.g. domain-id, plus [fixtures] and [[policy]])",
                )
            })?;
        let flag = format!("--{name}");
        let tokens: Vec<OsString> = match arg.get_action() {
            ArgAction::SetTrue => match value.get_ref() {
                DeValue::Boolean(true) => vec![flag.into()],
                DeValue::Boolean(false) => Vec::new(),
                other => {
                    return Err(self.error(
                        line,
                        name,
                        format!("expected true or false, found {}", other.type_str()),
                    ));
                }
            },
            ArgAction::Append => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err(self.error(
                        line,
                        name,
                        format!("expected a list, found {}", value.get_ref().type_str()),
                    ));
                };
                let mut tokens = Vec::new();
                for item in items.iter() {
                    let text = self.scalar(name, item)?;
                    tokens.push(format!("{flag}={text}").into());
                }
                tokens
            }
            _ => vec![format!("{flag}={}", self.scalar(name, value)?).into()],
        };
        // The flag's own parser judges the value (`cases = -1`, `release = "2.0"`).
        let mut argv: Vec<OsString> = vec!["run".into()];
        argv.extend(tokens.iter().cloned());
        if let Err(e) = command.clone().try_get_matches_from(argv) {
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            return Err(self.error(line, name, first));
        }
        Ok(FileFlag {
            key: name.to_string(),
            tokens,
        })
    }

    /// A string, integer or float value as the text a flag takes.
    fn scalar(&self, key: &str, value: &Spanned<DeValue<'_>>) -> Result<String, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .map(|n| n.to_string())
                .map_err(|e| self.error(self.line(&value.span()), key, e.to_string())),
            DeValue::Float(f) => Ok(f.as_str().replace('_', "")),
            other => Err(self.error(
                self.line(&value.span()),
                key,
                format!("expected a string or a number, found {}", other.type_str()),
            )),
        }
    }

    /// A list of strings.
    fn strings(&self, key: &str, value: &Spanned<DeValue<'_>>) -> Result<Vec<String>, ConfigError> {
        let line = self.line(&value.span());
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.error(
                line,
                key,
                format!(
                    "expected a list of strings, found {}",
                    value.get_ref().type_str()
                ),
            ));
        };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) if !s.is_empty() => Ok(s.to_string()),
                DeValue::String(_) => Err(self.error(self.line(&item.span()), key, "empty string")),
                other => Err(self.error(
                    self.line(&item.span()),
                    key,
                    format!("expected a string, found {}", other.type_str()),
                )),
            })
            .collect()
    }

    /// `[fixtures]`: member or shape name → real values; `files-by-case`: case id → files.
    fn fixtures(&mut self, value: &Spanned<DeValue<'_>>) -> Result<(), ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.error(self.line(&value.span()), "fixtures", "expected a table"));
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let line = self.line(&key.span());
            if name == FILES_BY_CASE {
                let DeValue::Table(cases) = value.get_ref() else {
                    return Err(self.error(
                        line,
                        "fixtures.files-by-case",
                        "expected a table of case id = [file ARNs]",
                    ));
                };
                for (case, files) in cases.iter() {
                    let case = case.get_ref().to_string();
                    let files = self.strings(&format!("fixtures.files-by-case.{case}"), files)?;
                    self.values.files_by_case.insert(case, files);
                }
                continue;
            }
            let values = self.strings(&format!("fixtures.{name}"), value)?;
            if values.is_empty() {
                return Err(self.error(
                    line,
                    &format!("fixtures.{name}"),
                    "an empty list: give real values or leave the key out",
                ));
            }
            self.fixture_lines.insert(name.to_string(), line);
            self.values.members.insert(name.to_string(), values);
        }
        Ok(())
    }

    /// `[[policy]]`: check-policy overrides.
    /// `[[parity-ignore]]` entries: `path` (a JSON pointer into the body, `*` for every
    /// child), `reason`, and optionally `operation`.
    fn parity_ignore(&mut self, value: &Spanned<DeValue<'_>>) -> Result<(), ConfigError> {
        let DeValue::Array(entries) = value.get_ref() else {
            return Err(self.error(
                self.line(&value.span()),
                "parity-ignore",
                "expected [[parity-ignore]] entries",
            ));
        };
        for (n, entry) in entries.iter().enumerate() {
            let at = format!("parity-ignore[{}]", n + 1);
            let line = self.line(&entry.span());
            let DeValue::Table(table) = entry.get_ref() else {
                return Err(self.error(line, &at, "expected a table"));
            };
            let mut fields: BTreeMap<&str, String> = BTreeMap::new();
            for (key, value) in table.iter() {
                let name = key.get_ref().as_ref();
                let key_line = self.line(&key.span());
                if !["operation", "path", "reason"].contains(&name) {
                    return Err(self.error(
                        key_line,
                        &format!("{at}.{name}"),
                        "unknown key (an entry has path, reason and optionally operation)",
                    ));
                }
                let DeValue::String(text) = value.get_ref() else {
                    return Err(self.error(key_line, &format!("{at}.{name}"), "expected a string"));
                };
                fields.insert(name, text.to_string());
            }
            let path = fields.remove("path").unwrap_or_default();
            if !path.starts_with('/') {
                return Err(self.error(
                    line,
                    &format!("{at}.path"),
                    "expected a JSON pointer into the body, e.g. \"/message\"",
                ));
            }
            let reason = fields.remove("reason").unwrap_or_default();
            if reason.trim().is_empty() {
                return Err(self.error(line, &format!("{at}.reason"), "missing or empty: say why"));
            }
            self.parity_ignore.push(crate::engine::parity::Ignore {
                operation: fields.remove("operation"),
                path,
                reason,
            });
        }
        Ok(())
    }

    fn policy(&mut self, value: &Spanned<DeValue<'_>>) -> Result<(), ConfigError> {
        let DeValue::Array(entries) = value.get_ref() else {
            return Err(self.error(
                self.line(&value.span()),
                "policy",
                "expected [[policy]] entries",
            ));
        };
        for (n, entry) in entries.iter().enumerate() {
            let at = format!("policy[{}]", n + 1);
            let line = self.line(&entry.span());
            let DeValue::Table(table) = entry.get_ref() else {
                return Err(self.error(line, &at, "expected a table"));
            };
            let override_ = self.policy_entry(&at, line, table)?;
            let operation_line = table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == "operation")
                .map_or(line, |(k, _)| self.line(&k.span()));
            self.policy_lines.push(operation_line);
            self.overrides.push(override_);
        }
        Ok(())
    }

    fn policy_entry(
        &self,
        at: &str,
        line: usize,
        table: &DeTable<'_>,
    ) -> Result<Override, ConfigError> {
        let mut fields: BTreeMap<&str, &Spanned<DeValue<'_>>> = BTreeMap::new();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if !["check", "operation", "action", "statuses", "reason"].contains(&name) {
                return Err(self.error(
                    self.line(&key.span()),
                    &format!("{at}.{name}"),
                    "unknown key (an entry has check, operation, action, statuses, reason)",
                ));
            }
            fields.insert(name, value);
        }
        let text = |name: &str| -> Result<Option<(String, usize)>, ConfigError> {
            match fields.get(name) {
                None => Ok(None),
                Some(v) => match v.get_ref() {
                    DeValue::String(s) => Ok(Some((s.to_string(), self.line(&v.span())))),
                    other => Err(self.error(
                        self.line(&v.span()),
                        &format!("{at}.{name}"),
                        format!("expected a string, found {}", other.type_str()),
                    )),
                },
            }
        };
        let required = |name: &str| -> Result<(String, usize), ConfigError> {
            text(name)?.ok_or_else(|| {
                self.error(
                    line,
                    &format!("{at}.{name}"),
                    "missing (every entry needs check, action and reason)",
                )
            })
        };
        let (check_id, check_line) = required("check")?;
        let check = CheckId::parse(&check_id).ok_or_else(|| {
            self.error(
                check_line,
                &format!("{at}.check"),
                format!("unknown check `{check_id}` (see `harness checks`)"),
            )
        })?;
        let (reason, reason_line) = required("reason")?;
        if reason.trim().is_empty() {
            return Err(self.error(reason_line, &format!("{at}.reason"), "empty: say why"));
        }
        let (action, action_line) = required("action")?;
        let statuses = match fields.get("statuses") {
            None => Vec::new(),
            Some(v) => {
                let DeValue::Array(items) = v.get_ref() else {
                    return Err(self.error(
                        self.line(&v.span()),
                        &format!("{at}.statuses"),
                        "expected a list of HTTP statuses",
                    ));
                };
                items
                    .iter()
                    .map(|item| match item.get_ref() {
                        DeValue::Integer(i) => i
                            .as_str()
                            .parse::<u16>()
                            .ok()
                            .filter(|s| (100..=599).contains(s))
                            .ok_or_else(|| {
                                self.error(
                                    self.line(&item.span()),
                                    &format!("{at}.statuses"),
                                    format!("{} is not an HTTP status", i.as_str()),
                                )
                            }),
                        other => Err(self.error(
                            self.line(&item.span()),
                            &format!("{at}.statuses"),
                            format!("expected an integer, found {}", other.type_str()),
                        )),
                    })
                    .collect::<Result<Vec<u16>, _>>()?
            }
        };
        let action = match action.as_str() {
            "disable" | "should" | "must" if !statuses.is_empty() => {
                return Err(self.error(
                    action_line,
                    &format!("{at}.statuses"),
                    format!("only accept-status takes statuses, not {action}"),
                ));
            }
            "disable" => Action::Disable,
            "should" => Action::Should,
            "must" => Action::Must,
            "accept-status" => {
                if statuses.is_empty() {
                    return Err(self.error(
                        action_line,
                        &format!("{at}.statuses"),
                        "accept-status needs the statuses to accept",
                    ));
                }
                if !Override::STATUS_CHECKS.contains(&check) {
                    let allowed: Vec<&str> =
                        Override::STATUS_CHECKS.iter().map(|c| c.as_str()).collect();
                    return Err(self.error(check_line, &format!("{at}.check"), format!("accept-status applies to the checks that judge a status ({}), not {check}", allowed.join(", "))));
                }
                Action::AcceptStatus(statuses)
            }
            other => {
                return Err(self.error(
                    action_line,
                    &format!("{at}.action"),
                    format!("unknown action `{other}` (disable, should, must, accept-status)"),
                ));
            }
        };
        Ok(Override {
            check,
            operation: text("operation")?.map(|(op, _)| op),
            action,
            reason,
        })
    }
}
