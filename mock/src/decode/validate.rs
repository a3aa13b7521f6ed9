//! Collects model-constraint violations and renders them the way AWS does:
//! `N validation error(s) detected: Value at 'PATH' failed to satisfy constraint: ...`.

use crate::config::MockRelease;
use crate::decode::json::truncate;
use crate::error::ApiError;

/// The violations found in one request, in the order they were found.
#[derive(Debug, Default)]
pub struct Violations {
    messages: Vec<String>,
}

impl Violations {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `path` violates `constraint` (phrased after "Member must").
    pub fn constraint(&mut self, path: &str, constraint: &str) {
        self.messages.push(format!(
            "Value at '{path}' failed to satisfy constraint: Member must {constraint}"
        ));
    }

    /// Like [`Violations::constraint`] but quotes the offending (short) value.
    fn valued(&mut self, value: &str, path: &str, constraint: &str) {
        self.messages.push(format!(
            "Value '{}' at '{path}' failed to satisfy constraint: Member must {constraint}",
            truncate(value, 100)
        ));
    }

    /// A required member: records `must not be null` when absent.
    pub fn required<T>(&mut self, path: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.messages.push(format!(
                "Value null at '{path}' failed to satisfy constraint: Member must not be null"
            ));
        }
        value
    }

    /// A string length bound, counted in characters.
    pub fn length(&mut self, path: &str, value: &str, min: usize, max: usize) -> bool {
        self.size(path, value.chars().count(), min, max)
    }

    /// A size bound on a list or string of length `len`.
    pub fn size(&mut self, path: &str, len: usize, min: usize, max: usize) -> bool {
        if len < min {
            self.constraint(path, &format!("have length greater than or equal to {min}"));
            false
        } else if len > max {
            self.constraint(path, &format!("have length less than or equal to {max}"));
            false
        } else {
            true
        }
    }

    /// An integer range.
    pub fn range(&mut self, path: &str, value: i64, min: i64, max: i64) -> bool {
        if value < min {
            let text = value.to_string();
            self.valued(
                &text,
                path,
                &format!("have value greater than or equal to {min}"),
            );
            false
        } else if value > max {
            let text = value.to_string();
            self.valued(
                &text,
                path,
                &format!("have value less than or equal to {max}"),
            );
            false
        } else {
            true
        }
    }

    /// An enum: `value` must be one of `allowed`.
    pub fn enumeration(&mut self, path: &str, value: &str, allowed: &[&str]) -> bool {
        if allowed.contains(&value) {
            return true;
        }
        let set = format!("satisfy enum value set: [{}]", allowed.join(", "));
        self.valued(value, path, &set);
        false
    }

    /// The model's name pattern `^.*[\S]$`: no line terminator, last character not
    /// whitespace.
    pub fn name_pattern(&mut self, path: &str, value: &str) -> bool {
        self.name_pattern_as(path, value, "^.*[\\S]$")
    }

    /// The name pattern as a release spells it: 1.44.5 writes `.*[\S]` where older
    /// models wrote `^.*[\S]$`. Both are read as a full match of the value (as AWS
    /// validates patterns: 1.44.5's `(?!aws:)[a-zA-Z+-=._:/]+` and `$|^.*[\S]` only make
    /// sense that way), under which they mean the same; only the quoted text differs.
    pub fn name_pattern_as(&mut self, path: &str, value: &str, pattern: &str) -> bool {
        let line_break = value
            .chars()
            .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'));
        let ends_visible = value.chars().last().is_some_and(|c| !c.is_whitespace());
        if line_break || !ends_visible {
            self.valued(
                value,
                path,
                &format!("satisfy regular expression pattern: {pattern}"),
            );
            return false;
        }
        true
    }

    /// A union must have exactly one member set; `present` are the members found,
    /// `members` all the members this release accepts.
    pub fn union_one(&mut self, path: &str, present: &[&str], members: &[&str]) -> bool {
        if present.len() == 1 {
            return true;
        }
        let found = if present.is_empty() {
            "none".to_owned()
        } else {
            present.join(", ")
        };
        self.constraint(
            path,
            &format!(
                "have exactly one member set, one of [{}] (found: {found})",
                members.join(", ")
            ),
        );
        false
    }

    /// A `pattern` trait: records a violation quoting the value unless `matches`.
    pub fn pattern(&mut self, path: &str, value: &str, matches: bool, pattern: &str) -> bool {
        if !matches {
            let constraint = format!("satisfy regular expression pattern: {pattern}");
            self.valued(value, path, &constraint);
        }
        matches
    }

    /// Whether nothing was recorded.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// `Ok` when nothing was recorded, else one `ValidationException` listing all.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.messages.len() {
            0 => Ok(()),
            1 => Err(ApiError::validation(format!(
                "1 validation error detected: {}",
                self.messages[0]
            ))),
            n => Err(ApiError::validation(format!(
                "{n} validation errors detected: {}",
                self.messages.join("; ")
            ))),
        }
    }
}

/// The name pattern's text in `release`'s model (`FieldName`, `TemplateName`,
/// `LayoutName`, ...): `.*[\S]` from 1.44.5, `^.*[\S]$` before; the same rule (see
/// [`Violations::name_pattern_as`]).
pub fn name_pattern_text(release: MockRelease) -> &'static str {
    if release >= MockRelease::V1_44_5 {
        ".*[\\S]"
    } else {
        "^.*[\\S]$"
    }
}

/// `parent.member`, or `member` at the top level.
pub fn join(parent: &str, member: &str) -> String {
    if parent.is_empty() {
        member.to_owned()
    } else {
        format!("{parent}.{member}")
    }
}

/// `parent[index]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// Unwraps values that validation has proven present. Reaching the error arm means a
/// validation function forgot to record a violation; it is reported, never a panic.
pub fn proven<T>(value: Option<T>, what: &str) -> Result<T, ApiError> {
    value.ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value at '{what}' failed to satisfy constraint: Member is invalid"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_one_violation_like_aws() {
        let mut v = Violations::new();
        v.length("content.file.fileArn", &"a".repeat(501), 1, 500);
        let err = v.finish().expect_err("violation");
        assert_eq!(
            err.message,
            "1 validation error detected: Value at 'content.file.fileArn' failed to satisfy \
             constraint: Member must have length less than or equal to 500"
        );
    }

    #[test]
    fn counts_several_violations() {
        let mut v = Violations::new();
        v.required::<()>("type", None);
        v.range("maxResults", 30, 1, 25);
        v.enumeration("type", "Sla", &["Contact", "Comment", "File"]);
        let err = v.finish().expect_err("violations");
        assert!(err.message.starts_with("3 validation errors detected: "));
        assert!(err.message.contains("Value null at 'type'"));
        assert!(err.message.contains("Value '30' at 'maxResults'"));
        assert!(err.message.contains("[Contact, Comment, File]"));
    }

    #[test]
    fn name_pattern_needs_a_visible_last_character() {
        let mut v = Violations::new();
        assert!(v.name_pattern("name", "ok name"));
        assert!(!v.name_pattern("name", "trailing "));
        assert!(!v.name_pattern("name", "two\nlines"));
        assert_eq!(v.messages.len(), 2);
    }

    #[test]
    fn unions_need_exactly_one_member() {
        let mut v = Violations::new();
        assert!(v.union_one("content", &["file"], &["contact", "comment", "file"]));
        assert!(!v.union_one("content", &[], &["contact", "comment", "file"]));
        assert!(!v.union_one(
            "content",
            &["comment", "file"],
            &["contact", "comment", "file"]
        ));
        let err = v.finish().expect_err("violations");
        assert!(err.message.contains("found: none"));
        assert!(err.message.contains("found: comment, file"));
    }

    #[test]
    fn paths_compose() {
        assert_eq!(join("", "type"), "type");
        assert_eq!(index("filters", 0), "filters[0]");
        assert_eq!(join(&index("filters", 2), "contact"), "filters[2].contact");
    }
}
