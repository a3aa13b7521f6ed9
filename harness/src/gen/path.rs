//! JSON paths into a request envelope (`body.filters[0].contact.channel`): parsing, display and
//! navigation. Mutations, pins and member look-ups all name places this way.

use std::fmt::Write as _;

use serde_json::Value;

/// One step of a path: an object member (or union variant, or map key) or a list index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Step {
    /// An object member, union variant or map key.
    Key(String),
    /// A list element.
    Index(usize),
}

/// The dotted form of a path: `body.filters[0].file.fileArn`.
pub(crate) fn display(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// The path as mutation names show it: body members without the `body.` prefix (the body is
/// what a reader thinks of as "the request"), other envelope parts with theirs.
pub(crate) fn short(steps: &[Step]) -> String {
    match steps {
        [Step::Key(part), rest @ ..] if part == "body" && !rest.is_empty() => display(rest),
        _ => display(steps),
    }
}

/// Parses `body.filters[0].file` (or `filters[0].file`, taken as a body path when it does not
/// start with an envelope part) into steps.
pub(crate) fn parse(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (key, mut indexes) = match segment.find('[') {
            Some(open) => (&segment[..open], &segment[open..]),
            None => (segment, ""),
        };
        if key.is_empty() {
            return Err(format!("empty member name in path `{path}`"));
        }
        steps.push(Step::Key(key.to_string()));
        while !indexes.is_empty() {
            let close = indexes
                .find(']')
                .ok_or_else(|| format!("unclosed `[` in path `{path}`"))?;
            let index = indexes[1..close]
                .parse()
                .map_err(|_| format!("bad list index in path `{path}`"))?;
            steps.push(Step::Index(index));
            indexes = &indexes[close + 1..];
            if !indexes.is_empty() && !indexes.starts_with('[') {
                return Err(format!("unexpected text after `]` in path `{path}`"));
            }
        }
    }
    match steps.first() {
        Some(Step::Key(part)) if ["uri", "query", "headers", "body"].contains(&part.as_str()) => {}
        _ => steps.insert(0, Step::Key("body".into())),
    }
    Ok(steps)
}

/// The value at `steps`, if every step exists.
pub(crate) fn get_mut<'v>(value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.as_object_mut()?.get_mut(key),
        Step::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

/// The value at `steps`, if every step exists.
pub(crate) fn get<'v>(value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.as_object()?.get(key),
        Step::Index(i) => v.as_array()?.get(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn parses_and_displays_round_trip() {
        let steps = parse("body.filters[0].contact.channel[2]").unwrap();
        assert_eq!(
            steps,
            [
                key("body"),
                key("filters"),
                Step::Index(0),
                key("contact"),
                key("channel"),
                Step::Index(2)
            ]
        );
        assert_eq!(display(&steps), "body.filters[0].contact.channel[2]");
        assert_eq!(short(&steps), "filters[0].contact.channel[2]");
        assert_eq!(parse("filters").unwrap(), [key("body"), key("filters")]);
        assert_eq!(short(&parse("uri.caseId").unwrap()), "uri.caseId");
        assert_eq!(short(&[key("body")]), "body");
        assert!(parse("a..b").is_err());
        assert!(parse("a[x]").is_err());
        assert!(parse("a[0").is_err());
    }

    #[test]
    fn navigates_objects_and_lists() {
        let mut v = json!({"body": {"filters": [{"file": {"fileArn": "x"}}]}});
        let steps = parse("body.filters[0].file.fileArn").unwrap();
        assert_eq!(get(&v, &steps), Some(&json!("x")));
        *get_mut(&mut v, &steps).unwrap() = json!("y");
        assert_eq!(v["body"]["filters"][0]["file"]["fileArn"], "y");
        assert!(get(&v, &parse("body.filters[1]").unwrap()).is_none());
    }
}
