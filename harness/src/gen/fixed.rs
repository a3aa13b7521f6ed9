//! Real values for members a service checks against resources it holds: a `contactArn`, a
//! `fileArn`, a `userArn` is valid only if it names a contact, file or user that exists, which
//! no generator can make up. Given lists of such values (the `[fixtures]` of `harness.toml`),
//! valid requests draw those members from them (deterministically, from the run's seed)
//! wherever they would make one up; invalid requests still break the member they mutate.

use std::collections::BTreeMap;

use serde_json::Value;

/// The member every per-case list fills: a File related item names a file uploaded to its
/// case, so a file ARN is real for that case only.
pub const CASE_FILE_MEMBER: &str = "fileArn";

/// Lists of real values, by member or shape name, and the files uploaded to existing cases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberValues {
    /// Member name (`contactArn`) or shape name (`ContactArn`) → the values valid requests draw
    /// that member from. A member name wins over its shape name.
    pub members: BTreeMap<String, Vec<String>>,
    /// Case id → ARNs of files uploaded to that case: requests addressed to that case draw
    /// [`CASE_FILE_MEMBER`] from these rather than from `members`.
    pub files_by_case: BTreeMap<String, Vec<String>>,
}

impl MemberValues {
    /// Whether no list is given (generation makes every value up).
    pub fn is_empty(&self) -> bool {
        self.members.values().all(Vec::is_empty) && self.files_by_case.values().all(Vec::is_empty)
    }

    /// The lists that apply to requests addressed to `case` (none: requests not addressed to
    /// a case, or to a case the run created).
    pub(crate) fn resolve(&self, case: Option<&str>) -> Drawn {
        let mut lists: BTreeMap<String, Box<[String]>> = self
            .members
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(key, values)| (key.clone(), values.clone().into_boxed_slice()))
            .collect();
        if let Some(files) = case
            .and_then(|c| self.files_by_case.get(c))
            .filter(|f| !f.is_empty())
        {
            lists.insert(
                CASE_FILE_MEMBER.to_string(),
                files.clone().into_boxed_slice(),
            );
        }
        Drawn(lists)
    }

    /// Whether requests addressed to `case` get lists of their own (its uploaded files).
    pub(crate) fn has_case(&self, case: &str) -> bool {
        self.files_by_case.get(case).is_some_and(|f| !f.is_empty())
    }
}

/// Real values in place of the made-up ones of hand-written requests (the fixture's items, the
/// scenarios of `cases/`): each made-up value of a listed member gets the next real value of its
/// list the first time it is seen and the same one after, so requests that name the same
/// contact or file still do and different ones differ while the list lasts.
#[derive(Debug, Clone, Default)]
pub struct Substitution {
    lists: BTreeMap<String, Vec<String>>,
    assigned: BTreeMap<(String, String), String>,
    used: BTreeMap<String, usize>,
}

impl Substitution {
    /// A substitution drawing from `values`' lists by member name (a case's uploaded files are
    /// not among them: hand-written requests name cases the run creates).
    pub fn new(values: &MemberValues) -> Self {
        Substitution {
            lists: values
                .members
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            ..Substitution::default()
        }
    }

    /// Replaces, in place, every string of `value` held by a listed member.
    pub fn apply(&mut self, value: &mut Value) {
        self.replace(value, true);
    }

    /// Replaces only the strings already replaced once (in a request before): what an
    /// expectation about those requests' answers names, leaving its other strings (patterns,
    /// values no request sent) as they are.
    pub fn apply_known(&mut self, value: &mut Value) {
        self.replace(value, false);
    }

    fn replace(&mut self, value: &mut Value, assign: bool) {
        if self.lists.is_empty() {
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match v {
                        Value::String(made_up) if self.lists.contains_key(key) => {
                            if let Some(real) = self.real(key, made_up, assign) {
                                *made_up = real;
                            }
                        }
                        _ => self.replace(v, assign),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.replace(v, assign)),
            _ => {}
        }
    }

    /// The real value standing for `made_up` as member `member`.
    /// With `assign`, a value seen for the first time gets the next of its list; without,
    /// only a value seen before has one.
    fn real(&mut self, member: &str, made_up: &str, assign: bool) -> Option<String> {
        let key = (member.to_string(), made_up.to_string());
        if let Some(real) = self.assigned.get(&key) {
            return Some(real.clone());
        }
        if !assign {
            return None;
        }
        let list = &self.lists[member];
        let used = self.used.entry(member.to_string()).or_default();
        let real = list[*used % list.len()].clone();
        *used += 1;
        self.assigned.insert(key, real.clone());
        Some(real)
    }
}

/// The lists a generation program draws from, resolved for one kind of request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Drawn(BTreeMap<String, Box<[String]>>);

impl Drawn {
    /// The values of member `name` of shape `shape`, if a list names either.
    pub fn get(&self, name: &str, shape: &str) -> Option<&[String]> {
        self.0.get(name).or_else(|| self.0.get(shape)).map(|v| &**v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_s_files_replace_the_general_file_list_for_that_case_only() {
        let values = MemberValues {
            members: [
                ("fileArn".to_string(), vec!["any".to_string()]),
                ("UserArn".to_string(), vec!["u".to_string()]),
            ]
            .into(),
            files_by_case: [("c-1".to_string(), vec!["uploaded".to_string()])].into(),
        };
        assert_eq!(
            values.resolve(Some("c-1")).get("fileArn", "FileArn"),
            Some(&["uploaded".to_string()][..])
        );
        assert_eq!(
            values.resolve(Some("c-2")).get("fileArn", "FileArn"),
            Some(&["any".to_string()][..])
        );
        assert_eq!(
            values.resolve(None).get("userArn", "UserArn"),
            Some(&["u".to_string()][..])
        );
        assert_eq!(values.resolve(None).get("contactArn", "ContactArn"), None);
        assert!(values.has_case("c-1") && !values.has_case("c-2"));
        assert!(MemberValues::default().is_empty());
    }

    #[test]
    fn substitution_keeps_same_values_same_and_different_ones_different() {
        let values = MemberValues {
            members: [(
                "fileArn".to_string(),
                vec!["real-1".to_string(), "real-2".to_string()],
            )]
            .into(),
            ..MemberValues::default()
        };
        let mut sub = Substitution::new(&values);
        let mut items = serde_json::json!([
            { "file": { "fileArn": "made-up/1" } },
            { "file": { "fileArn": "made-up/1" } },
            { "file": { "fileArn": "made-up/2" } },
            { "contact": { "contactArn": "made-up/c" } },
        ]);
        sub.apply(&mut items);
        assert_eq!(
            items,
            serde_json::json!([
                { "file": { "fileArn": "real-1" } },
                { "file": { "fileArn": "real-1" } },
                { "file": { "fileArn": "real-2" } },
                { "contact": { "contactArn": "made-up/c" } },
            ])
        );
        let mut filter = serde_json::json!({ "filters": [{ "file": { "fileArn": "made-up/2" } }] });
        sub.apply_known(&mut filter);
        assert_eq!(filter["filters"][0]["file"]["fileArn"], "real-2");
        let mut pattern = serde_json::json!({ "fileArn": "<arn>" });
        sub.apply_known(&mut pattern);
        assert_eq!(pattern["fileArn"], "<arn>");
    }
}
