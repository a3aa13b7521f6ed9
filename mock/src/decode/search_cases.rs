//! Typed inputs of SearchCases (the `CaseFilter` grammar, sorts, returned fields) and
//! ListCasesForContact.
//!
//! What needs no state is checked here: the union rules of `CaseFilter` and
//! `FieldFilter` (exactly one member each), list and string bounds, and which value
//! kinds each comparison takes. Whether a field id names a field of the domain, and
//! whether a value fits that field's type, is checked by the service, which reports the
//! member path recorded here (`filter.andAll[1].not.field.equalTo.id`).
//!
//! 1.44.5 changed the request: `CaseFilter` gained `tag` (a `TagFilter` union whose one
//! member `equalTo` is a `TagValue`), `maxResults` goes to 100 (default still 25),
//! `fields` to 25 and a filter's `stringValue` to 4100 characters. [`SearchLimits::of`]
//! decides them per release; before 1.44.5 `tag` is an unknown union member, ignored
//! like every unknown member.

use serde::Deserialize;

use super::case_limits::CaseLimits;
use super::case_tags::{TAG_VALUE_PATTERN, tag_char};
use super::common::{
    FieldIdentifierRaw, FieldValue, FieldValueUnionRaw, field_identifiers, field_value_within,
    label, max_results, max_results_or, next_token,
};
use super::json::{Obj, parse_body};
use super::validate::{Violations, index, join, proven};
use crate::config::{MockConfig, MockRelease};
use crate::error::ApiError;
use crate::wire::route::Route;

/// How deeply a SearchCases body may nest JSON objects and arrays. The model sets no
/// limit on `CaseFilter` nesting; the mock refuses deeper bodies before parsing them, so
/// the work (and stack) a request takes stays bounded: 64 levels allow a chain of about
/// 60 `not`s or 30 nested `andAll`s.
pub const MAX_BODY_DEPTH: usize = 64;

/// The model's `Order` enum.
pub const SORT_ORDERS: [&str; 2] = ["Asc", "Desc"];

/// The members of `CaseFilter` in the 1.34.97 and 1.34.98 models (no `tag` yet).
const CASE_FILTER_MEMBERS: [&str; 4] = ["andAll", "field", "not", "orAll"];

/// The members of `CaseFilter` in the 1.44.5 model.
const CASE_FILTER_MEMBERS_1_44_5: [&str; 5] = ["andAll", "field", "not", "orAll", "tag"];

/// The `SearchTagKey` pattern (1.44.5), quoted in violations.
pub const SEARCH_TAG_KEY_PATTERN: &str = "[a-zA-Z0-9 _.:/=+\\-@]+";

/// The SearchCases bounds of one release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchLimits {
    /// `SearchCasesRequestMaxResultsInteger`: 1..=25, then 1..=100 (default 25 in both).
    pub max_results: i64,
    /// `SearchCasesRequestFieldsList`: 0..=10, then 0..=25.
    pub max_fields: usize,
    /// A filter's `FieldValueUnionStringValueString`: 1500, then 4100.
    pub max_string: usize,
    /// Whether `CaseFilter` has `tag` (1.44.5).
    pub tag_filter: bool,
    /// Whether the response carries `totalCount` (1.44.5).
    pub total_count: bool,
}

impl SearchLimits {
    /// The bounds of `release`.
    pub fn of(release: MockRelease) -> Self {
        let today = release >= MockRelease::V1_44_5;
        Self {
            max_results: if today { 100 } else { 25 },
            max_fields: if today { 25 } else { 10 },
            max_string: CaseLimits::of(release).max_string,
            tag_filter: today,
            total_count: today,
        }
    }
}

/// The members of `FieldFilter`.
const FIELD_FILTER_MEMBERS: [&str; 6] = [
    "contains",
    "equalTo",
    "greaterThan",
    "greaterThanOrEqualTo",
    "lessThan",
    "lessThanOrEqualTo",
];

/// A `FieldFilter` member: how a case's value is compared with the filter's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `equalTo`.
    EqualTo,
    /// `contains`.
    Contains,
    /// `greaterThan`.
    GreaterThan,
    /// `greaterThanOrEqualTo`.
    GreaterThanOrEqualTo,
    /// `lessThan`.
    LessThan,
    /// `lessThanOrEqualTo`.
    LessThanOrEqualTo,
}

impl Comparison {
    /// The member name in `FieldFilter`.
    pub fn member(self) -> &'static str {
        match self {
            Self::EqualTo => "equalTo",
            Self::Contains => "contains",
            Self::GreaterThan => "greaterThan",
            Self::GreaterThanOrEqualTo => "greaterThanOrEqualTo",
            Self::LessThan => "lessThan",
            Self::LessThanOrEqualTo => "lessThanOrEqualTo",
        }
    }

    /// Whether this comparison takes a value of this kind: `equalTo` takes every kind;
    /// `contains` text (`stringValue`, `userArnValue`); the order comparisons values
    /// that have an order (`stringValue`, `doubleValue`).
    pub fn takes(self, value: &FieldValue) -> bool {
        match self {
            Self::EqualTo => true,
            Self::Contains => matches!(value, FieldValue::String(_) | FieldValue::UserArn(_)),
            Self::GreaterThan
            | Self::GreaterThanOrEqualTo
            | Self::LessThan
            | Self::LessThanOrEqualTo => {
                matches!(value, FieldValue::String(_) | FieldValue::Double(_))
            }
        }
    }
}

/// One `field` filter: a comparison of one field's value.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldComparison {
    /// Member path of the `FieldValue` (`filter.field.equalTo`), for error messages.
    pub path: String,
    /// The comparison.
    pub comparison: Comparison,
    /// The field compared.
    pub field_id: String,
    /// The value compared with.
    pub value: FieldValue,
}

/// One `tag` filter (1.44.5): `TagFilter.equalTo`, a `TagValue` whose members the model
/// leaves optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagComparison {
    /// `key` (`SearchTagKey`), when given.
    pub key: Option<String>,
    /// `value` (`TagValueString`), when given.
    pub value: Option<String>,
}

/// A validated `CaseFilter`: exactly one member.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseFilter {
    /// `field`.
    Field(FieldComparison),
    /// `tag` (1.44.5).
    Tag(TagComparison),
    /// `not`.
    Not(Box<CaseFilter>),
    /// `andAll` (0..=10 filters).
    AndAll(Vec<CaseFilter>),
    /// `orAll` (0..=10 filters).
    OrAll(Vec<CaseFilter>),
}

impl CaseFilter {
    /// Every field comparison in the filter, depth first.
    pub fn comparisons(&self) -> Vec<&FieldComparison> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(filter) = stack.pop() {
            match filter {
                Self::Field(c) => out.push(c),
                Self::Tag(_) => {}
                Self::Not(inner) => stack.push(inner),
                Self::AndAll(list) | Self::OrAll(list) => stack.extend(list.iter().rev()),
            }
        }
        out
    }
}

/// One `Sort`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sort {
    /// The field sorted by.
    pub field_id: String,
    /// `true` for `Desc`.
    pub descending: bool,
}

/// A validated SearchCases request.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchCasesInput {
    /// Domain searched.
    pub domain_id: String,
    /// Field ids each result carries (0..=10; 0..=25 at 1.44.5).
    pub field_ids: Vec<String>,
    /// The filter, when given.
    pub filter: Option<CaseFilter>,
    /// Page size, 1..=25 (1..=100 at 1.44.5; default 25).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
    /// Free-text term (0..=255), when given.
    pub search_term: Option<String>,
    /// Sorts (0..=2), most significant first.
    pub sorts: Vec<Sort>,
}

/// The raw body, generic over its `CaseFilter` (`F`): [`CaseFilterRaw`] at 1.44.5,
/// [`CaseFilterRawOld`] before.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchCasesBody<F> {
    fields: Option<Vec<Obj<FieldIdentifierRaw>>>,
    filter: Option<Obj<F>>,
    max_results: Option<i64>,
    next_token: Option<String>,
    search_term: Option<String>,
    sorts: Option<Vec<Obj<SortRaw>>>,
}

impl SearchCasesBody<CaseFilterRawOld> {
    /// The same body with its filter in the 1.44.5 shape (never a `tag`).
    fn upgrade(self) -> SearchCasesBody<CaseFilterRaw> {
        SearchCasesBody {
            fields: self.fields,
            filter: self.filter.map(|Obj(f)| Obj(f.into())),
            max_results: self.max_results,
            next_token: self.next_token,
            search_term: self.search_term,
            sorts: self.sorts,
        }
    }
}

/// `CaseFilter` of the 1.44.5 model.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseFilterRaw {
    and_all: Option<Vec<Obj<CaseFilterRaw>>>,
    field: Option<Obj<FieldFilterRaw>>,
    not: Option<Box<Obj<CaseFilterRaw>>>,
    or_all: Option<Vec<Obj<CaseFilterRaw>>>,
    tag: Option<Obj<TagFilterRaw>>,
}

/// `CaseFilter` of the 1.34.97 and 1.34.98 models: a `tag` member is unknown, so it is
/// ignored (whatever its JSON), as every unknown member.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseFilterRawOld {
    and_all: Option<Vec<Obj<CaseFilterRawOld>>>,
    field: Option<Obj<FieldFilterRaw>>,
    not: Option<Box<Obj<CaseFilterRawOld>>>,
    or_all: Option<Vec<Obj<CaseFilterRawOld>>>,
}

impl From<CaseFilterRawOld> for CaseFilterRaw {
    /// Recursive, but bounded: the body was refused if nested deeper than
    /// [`MAX_BODY_DEPTH`].
    fn from(old: CaseFilterRawOld) -> Self {
        let list = |l: Vec<Obj<CaseFilterRawOld>>| {
            l.into_iter()
                .map(|Obj(f)| Obj(Self::from(f)))
                .collect::<Vec<_>>()
        };
        Self {
            and_all: old.and_all.map(list),
            field: old.field,
            not: old.not.map(|inner| {
                let Obj(inner) = *inner;
                Box::new(Obj(Self::from(inner)))
            }),
            or_all: old.or_all.map(list),
            tag: None,
        }
    }
}

/// `TagFilter` (1.44.5): a union with the one member `equalTo`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TagFilterRaw {
    equal_to: Option<Obj<TagValueRaw>>,
}

/// `TagValue` (1.44.5): neither member is required.
#[derive(Deserialize)]
struct TagValueRaw {
    key: Option<String>,
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldFilterRaw {
    contains: Option<Obj<FieldValueRaw>>,
    equal_to: Option<Obj<FieldValueRaw>>,
    greater_than: Option<Obj<FieldValueRaw>>,
    greater_than_or_equal_to: Option<Obj<FieldValueRaw>>,
    less_than: Option<Obj<FieldValueRaw>>,
    less_than_or_equal_to: Option<Obj<FieldValueRaw>>,
}

#[derive(Deserialize)]
struct FieldValueRaw {
    id: Option<String>,
    value: Option<Obj<FieldValueUnionRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SortRaw {
    field_id: Option<String>,
    sort_order: Option<String>,
}

/// Decodes SearchCases.
pub fn search_cases(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<SearchCasesInput, ApiError> {
    let depth = nesting_depth(body);
    if depth > MAX_BODY_DEPTH {
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value at 'filter' failed to satisfy constraint: \
             Member must be nested at most {MAX_BODY_DEPTH} JSON levels deep in the request \
             body (the body nests {depth})"
        )));
    }
    let limits = SearchLimits::of(config.release);
    let raw: SearchCasesBody<CaseFilterRaw> = if limits.tag_filter {
        parse_body(body)?
    } else {
        parse_body::<SearchCasesBody<CaseFilterRawOld>>(body)?.upgrade()
    };
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let field_ids = match raw.fields {
        Some(list) => field_identifiers(&mut v, "fields", Some(list), 0, limits.max_fields),
        None => Vec::new(),
    };
    let filter = raw
        .filter
        .and_then(|Obj(f)| case_filter(&mut v, "filter", f, limits));
    let max_results = max_results_or(&mut v, raw.max_results, 25, limits.max_results, config);
    let next_token = next_token(&mut v, raw.next_token);
    if let Some(term) = &raw.search_term {
        v.length("searchTerm", term, 0, 255);
    }
    let mut sorts = Vec::new();
    if let Some(list) = raw.sorts {
        v.size("sorts", list.len(), 0, 2);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = index("sorts", i);
            let field_id = v.required(&join(&path, "fieldId"), item.field_id);
            if let Some(id) = &field_id {
                v.length(&join(&path, "fieldId"), id, 1, 500);
            }
            let order = v.required(&join(&path, "sortOrder"), item.sort_order);
            let order_ok = order
                .as_deref()
                .is_some_and(|o| v.enumeration(&join(&path, "sortOrder"), o, &SORT_ORDERS));
            if let (Some(field_id), true) = (field_id, order_ok) {
                sorts.push(Sort {
                    field_id,
                    descending: order.as_deref() == Some("Desc"),
                });
            }
        }
    }
    v.finish()?;
    Ok(SearchCasesInput {
        domain_id,
        field_ids,
        filter,
        max_results,
        next_token,
        search_term: raw.search_term,
        sorts,
    })
}

/// The deepest nesting of JSON objects and arrays in `body` (brackets inside strings do
/// not count; malformed JSON is left to the parser).
pub(super) fn nesting_depth(body: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Validates a `CaseFilter` at `path`. Nesting is walked with an explicit stack, so a
/// deep `not` chain costs no recursion here.
fn case_filter(
    v: &mut Violations,
    path: &str,
    raw: CaseFilterRaw,
    limits: SearchLimits,
) -> Option<CaseFilter> {
    let members: &[&str] = if limits.tag_filter {
        &CASE_FILTER_MEMBERS_1_44_5
    } else {
        &CASE_FILTER_MEMBERS
    };
    enum Frame {
        /// A raw filter still to validate.
        Visit(String, Box<CaseFilterRaw>),
        /// Combine the top `n` results (`None` if invalid) into a list member.
        List(ListKind, usize),
        /// Wrap the top result in `Not`.
        Not,
    }
    #[derive(Clone, Copy)]
    enum ListKind {
        And,
        Or,
    }
    let mut work = vec![Frame::Visit(path.to_owned(), Box::new(raw))];
    let mut done: Vec<Option<CaseFilter>> = Vec::new();
    while let Some(frame) = work.pop() {
        match frame {
            Frame::Visit(path, raw) => {
                let mut present = Vec::new();
                if raw.and_all.is_some() {
                    present.push("andAll");
                }
                if raw.field.is_some() {
                    present.push("field");
                }
                if raw.not.is_some() {
                    present.push("not");
                }
                if raw.or_all.is_some() {
                    present.push("orAll");
                }
                if raw.tag.is_some() {
                    present.push("tag");
                }
                if !v.union_one(&path, &present, members) {
                    done.push(None);
                    continue;
                }
                if let Some(Obj(field)) = raw.field {
                    let field = field_filter(v, &join(&path, "field"), field, limits.max_string);
                    done.push(field.map(CaseFilter::Field));
                } else if let Some(Obj(tag)) = raw.tag {
                    done.push(tag_filter(v, &join(&path, "tag"), tag).map(CaseFilter::Tag));
                } else if let Some(inner) = raw.not {
                    let Obj(inner) = *inner;
                    work.push(Frame::Not);
                    work.push(Frame::Visit(join(&path, "not"), Box::new(inner)));
                } else {
                    let (kind, member, list) = match (raw.and_all, raw.or_all) {
                        (Some(list), _) => (ListKind::And, "andAll", list),
                        (None, Some(list)) => (ListKind::Or, "orAll", list),
                        (None, None) => {
                            done.push(None);
                            continue;
                        }
                    };
                    let list_path = join(&path, member);
                    v.size(&list_path, list.len(), 0, 10);
                    work.push(Frame::List(kind, list.len()));
                    // Pushed in reverse so they are validated (and reported) in order.
                    for (i, Obj(item)) in list.into_iter().enumerate().rev() {
                        work.push(Frame::Visit(index(&list_path, i), Box::new(item)));
                    }
                }
            }
            Frame::Not => {
                let inner = done.pop().flatten();
                done.push(inner.map(|f| CaseFilter::Not(Box::new(f))));
            }
            Frame::List(kind, n) => {
                let items = done.split_off(done.len().saturating_sub(n));
                let items: Option<Vec<CaseFilter>> = items.into_iter().collect();
                done.push(items.map(|list| match kind {
                    ListKind::And => CaseFilter::AndAll(list),
                    ListKind::Or => CaseFilter::OrAll(list),
                }));
            }
        }
    }
    done.pop().flatten()
}

/// Validates a `TagFilter` at `path` (1.44.5): exactly one member (`equalTo`), whose
/// `key` is a `SearchTagKey` (1..=128, `[a-zA-Z0-9 _.:/=+\-@]+`) and `value` a
/// `TagValueString` (0..=256, `([a-zA-Z0-9 _.:/=+\-@]*)`), each when given.
fn tag_filter(v: &mut Violations, path: &str, raw: TagFilterRaw) -> Option<TagComparison> {
    let present: &[&str] = if raw.equal_to.is_some() {
        &["equalTo"]
    } else {
        &[]
    };
    if !v.union_one(path, present, &["equalTo"]) {
        return None;
    }
    let Obj(raw) = raw.equal_to?;
    let path = join(path, "equalTo");
    if let Some(key) = &raw.key {
        let at = join(&path, "key");
        if v.length(&at, key, 1, 128) {
            let fits = key.chars().all(tag_char);
            v.pattern(&at, key, fits, SEARCH_TAG_KEY_PATTERN);
        }
    }
    if let Some(value) = &raw.value {
        let at = join(&path, "value");
        if v.length(&at, value, 0, 256) {
            let fits = value.chars().all(tag_char);
            v.pattern(&at, value, fits, TAG_VALUE_PATTERN);
        }
    }
    Some(TagComparison {
        key: raw.key,
        value: raw.value,
    })
}

/// Validates a `FieldFilter` at `path`: one comparison, a `FieldValue` (its
/// `stringValue` up to `max_string` characters) the comparison can take.
fn field_filter(
    v: &mut Violations,
    path: &str,
    raw: FieldFilterRaw,
    max_string: usize,
) -> Option<FieldComparison> {
    let candidates = [
        (Comparison::Contains, raw.contains),
        (Comparison::EqualTo, raw.equal_to),
        (Comparison::GreaterThan, raw.greater_than),
        (
            Comparison::GreaterThanOrEqualTo,
            raw.greater_than_or_equal_to,
        ),
        (Comparison::LessThan, raw.less_than),
        (Comparison::LessThanOrEqualTo, raw.less_than_or_equal_to),
    ];
    let mut set: Vec<(Comparison, FieldValueRaw)> = candidates
        .into_iter()
        .filter_map(|(c, value)| value.map(|Obj(value)| (c, value)))
        .collect();
    let present: Vec<&str> = set.iter().map(|(c, _)| c.member()).collect();
    if !v.union_one(path, &present, &FIELD_FILTER_MEMBERS) {
        return None;
    }
    let (comparison, raw) = set.pop()?;
    let path = join(path, comparison.member());
    let id_path = join(&path, "id");
    let field_id = v.required(&id_path, raw.id);
    if let Some(id) = &field_id {
        v.length(&id_path, id, 1, 500);
    }
    let value_path = join(&path, "value");
    let value = v
        .required(&value_path, raw.value)
        .and_then(|Obj(raw)| field_value_within(v, &value_path, raw, max_string));
    if let Some(value) = &value
        && !comparison.takes(value)
    {
        let takes = match comparison {
            Comparison::EqualTo => "any value",
            Comparison::Contains => "a stringValue or userArnValue",
            _ => "a stringValue or doubleValue",
        };
        v.constraint(
            &value_path,
            &format!("be {takes} for {}", comparison.member()),
        );
        return None;
    }
    Some(FieldComparison {
        path,
        comparison,
        field_id: field_id?,
        value: value?,
    })
}

/// A validated ListCasesForContact request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCasesForContactInput {
    /// Domain searched.
    pub domain_id: String,
    /// The contact (1..=500).
    pub contact_arn: String,
    /// Page size, 1..=10 (default 10).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListCasesForContactBody {
    contact_arn: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

/// Decodes ListCasesForContact.
pub fn list_cases_for_contact(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListCasesForContactInput, ApiError> {
    let raw: ListCasesForContactBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let contact_arn = v.required("contactArn", raw.contact_arn);
    if let Some(arn) = &contact_arn {
        v.length("contactArn", arn, 1, 500);
    }
    let max_results = max_results(&mut v, raw.max_results, 10, config);
    let next_token = next_token(&mut v, raw.next_token);
    v.finish()?;
    Ok(ListCasesForContactInput {
        domain_id,
        contact_arn: proven(contact_arn, "contactArn")?,
        max_results,
        next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn search(body: &str) -> Result<SearchCasesInput, ApiError> {
        let route = resolve("POST", "/domains/d/cases-search").expect("route");
        search_cases(&route, body.as_bytes(), &MockConfig::default())
    }

    fn eq(id: &str, value: FieldValue, path: &str) -> CaseFilter {
        CaseFilter::Field(FieldComparison {
            path: path.to_owned(),
            comparison: Comparison::EqualTo,
            field_id: id.to_owned(),
            value,
        })
    }

    #[test]
    fn empty_search_has_defaults() {
        let ok = search("{}").expect("valid");
        assert_eq!(ok.max_results, 25);
        assert_eq!(ok.filter, None);
        assert!(ok.sorts.is_empty() && ok.field_ids.is_empty());
        assert_eq!(ok.search_term, None);
    }

    #[test]
    fn nested_filters_decode_with_their_paths() {
        let ok = search(
            r#"{"filter":{"andAll":[
                {"field":{"equalTo":{"id":"status","value":{"stringValue":"open"}}}},
                {"not":{"orAll":[{"field":{"greaterThan":{"id":"n","value":{"doubleValue":2}}}}]}}
            ]}}"#,
        )
        .expect("valid");
        let expected = CaseFilter::AndAll(vec![
            eq(
                "status",
                FieldValue::String("open".into()),
                "filter.andAll[0].field.equalTo",
            ),
            CaseFilter::Not(Box::new(CaseFilter::OrAll(vec![CaseFilter::Field(
                FieldComparison {
                    path: "filter.andAll[1].not.orAll[0].field.greaterThan".into(),
                    comparison: Comparison::GreaterThan,
                    field_id: "n".into(),
                    value: FieldValue::Double(2.0),
                },
            )]))),
        ]);
        assert_eq!(ok.filter, Some(expected.clone()));
        let ids: Vec<&str> = expected
            .comparisons()
            .iter()
            .map(|c| c.field_id.as_str())
            .collect();
        assert_eq!(ids, ["status", "n"]);
    }

    #[test]
    fn every_comparison_member_decodes() {
        for (member, comparison) in [
            ("equalTo", Comparison::EqualTo),
            ("contains", Comparison::Contains),
            ("greaterThan", Comparison::GreaterThan),
            ("greaterThanOrEqualTo", Comparison::GreaterThanOrEqualTo),
            ("lessThan", Comparison::LessThan),
            ("lessThanOrEqualTo", Comparison::LessThanOrEqualTo),
        ] {
            let body = format!(
                r#"{{"filter":{{"field":{{"{member}":{{"id":"t","value":{{"stringValue":"a"}}}}}}}}}}"#
            );
            let ok = search(&body).expect(member);
            let Some(CaseFilter::Field(c)) = ok.filter else {
                panic!("{member}: not a field filter");
            };
            assert_eq!(c.comparison, comparison);
            assert_eq!(c.path, format!("filter.field.{member}"));
        }
    }

    #[test]
    fn unions_need_exactly_one_member() {
        let err = search(r#"{"filter":{}}"#).expect_err("empty filter");
        assert!(err.message.contains("'filter'"), "{}", err.message);
        let err = search(r#"{"filter":{"andAll":[],"orAll":[]}}"#).expect_err("two");
        assert!(
            err.message.contains("found: andAll, orAll"),
            "{}",
            err.message
        );
        let err = search(r#"{"filter":{"orAll":[{"not":{"field":{}}}]}}"#).expect_err("field");
        assert!(
            err.message.contains("'filter.orAll[0].not.field'"),
            "{}",
            err.message
        );
        let err = search(
            r#"{"filter":{"field":{"equalTo":{"id":"a","value":{"stringValue":"x"}},"contains":{"id":"a","value":{"stringValue":"x"}}}}}"#,
        )
        .expect_err("two comparisons");
        assert!(err.message.contains("'filter.field'"), "{}", err.message);
    }

    #[test]
    fn comparisons_take_only_their_value_kinds() {
        let cases = [
            ("contains", r#"{"doubleValue":1}"#, false),
            ("contains", r#"{"booleanValue":true}"#, false),
            ("contains", r#"{"emptyValue":{}}"#, false),
            ("contains", r#"{"userArnValue":"u"}"#, true),
            ("greaterThan", r#"{"booleanValue":true}"#, false),
            ("lessThan", r#"{"emptyValue":{}}"#, false),
            ("lessThanOrEqualTo", r#"{"userArnValue":"u"}"#, false),
            ("greaterThanOrEqualTo", r#"{"doubleValue":1}"#, true),
            ("lessThan", r#"{"stringValue":"2024"}"#, true),
            ("equalTo", r#"{"emptyValue":{}}"#, true),
            ("equalTo", r#"{"booleanValue":false}"#, true),
        ];
        for (member, value, ok) in cases {
            let body = format!(
                r#"{{"filter":{{"not":{{"field":{{"{member}":{{"id":"f","value":{value}}}}}}}}}}}"#
            );
            match search(&body) {
                Ok(_) => assert!(ok, "{member} {value} accepted"),
                Err(err) => {
                    assert!(!ok, "{member} {value} refused: {}", err.message);
                    assert!(
                        err.message
                            .contains(&format!("'filter.not.field.{member}.value'")),
                        "{}",
                        err.message
                    );
                }
            }
        }
    }

    #[test]
    fn field_values_in_filters_are_checked() {
        let err = search(r#"{"filter":{"field":{"equalTo":{"value":{"stringValue":"x"}}}}}"#)
            .expect_err("id");
        assert!(
            err.message.contains("'filter.field.equalTo.id'"),
            "{}",
            err.message
        );
        let err =
            search(r#"{"filter":{"field":{"equalTo":{"id":"a","value":{}}}}}"#).expect_err("value");
        assert!(
            err.message.contains("'filter.field.equalTo.value'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn lists_are_bounded() {
        let eleven = [r#"{"field":{"equalTo":{"id":"a","value":{"emptyValue":{}}}}}"#; 11];
        let body = format!(r#"{{"filter":{{"orAll":[{}]}}}}"#, eleven.join(","));
        let err = search(&body).expect_err("11 filters");
        assert!(err.message.contains("'filter.orAll'"), "{}", err.message);
        let err = search(
            r#"{"sorts":[{"fieldId":"a","sortOrder":"Asc"},{"fieldId":"b","sortOrder":"Asc"},{"fieldId":"c","sortOrder":"Asc"}]}"#,
        )
        .expect_err("3 sorts");
        assert!(err.message.contains("'sorts'"), "{}", err.message);
        let fields: Vec<String> = (0..11).map(|i| format!(r#"{{"id":"f{i}"}}"#)).collect();
        let err = search(&format!(r#"{{"fields":[{}]}}"#, fields.join(","))).expect_err("11");
        assert!(err.message.contains("'fields'"), "{}", err.message);
        let err = search(&format!(r#"{{"searchTerm":"{}"}}"#, "s".repeat(256))).expect_err("term");
        assert!(err.message.contains("'searchTerm'"), "{}", err.message);
        let err = search(r#"{"maxResults":26}"#).expect_err("page");
        assert!(err.message.contains("'maxResults'"), "{}", err.message);
    }

    #[test]
    fn sorts_need_a_field_and_an_order() {
        let ok = search(
            r#"{"sorts":[{"fieldId":"a","sortOrder":"Desc"},{"fieldId":"b","sortOrder":"Asc"}]}"#,
        )
        .expect("valid");
        assert_eq!(
            ok.sorts,
            [
                Sort {
                    field_id: "a".into(),
                    descending: true
                },
                Sort {
                    field_id: "b".into(),
                    descending: false
                }
            ]
        );
        let err = search(r#"{"sorts":[{"fieldId":"a","sortOrder":"Up"},{"sortOrder":"Asc"}]}"#)
            .expect_err("bad sorts");
        assert!(
            err.message.contains("'sorts[0].sortOrder'"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("'sorts[1].fieldId'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn deep_not_chains_decode() {
        let depth = 58;
        let mut body = r#"{"field":{"equalTo":{"id":"a","value":{"emptyValue":{}}}}}"#.to_owned();
        for _ in 0..depth {
            body = format!(r#"{{"not":{body}}}"#);
        }
        let ok = search(&format!(r#"{{"filter":{body}}}"#)).expect("deep");
        let mut filter = ok.filter.expect("filter");
        let mut nots = 0;
        while let CaseFilter::Not(inner) = filter {
            nots += 1;
            filter = *inner;
        }
        assert_eq!(nots, depth);
    }

    #[test]
    fn nesting_depth_ignores_brackets_in_strings() {
        assert_eq!(nesting_depth(b"{}"), 1);
        assert_eq!(nesting_depth(br#"{"a":[{"b":"{[{["}]}"#), 3);
        assert_eq!(nesting_depth(br#"{"a":"\"{{{"}"#), 1);
        assert_eq!(nesting_depth(b""), 0);
    }

    #[test]
    fn bodies_nested_too_deeply_are_refused_before_parsing() {
        let leaf = r#"{"field":{"equalTo":{"id":"a","value":{"emptyValue":{}}}}}"#;
        let nots = |n: usize| {
            format!(
                r#"{{"filter":{}{leaf}{}}}"#,
                r#"{"not":"#.repeat(n),
                "}".repeat(n)
            )
        };
        assert!(search(&nots(58)).is_ok());
        let err = search(&nots(59)).expect_err("too deep");
        assert!(err.message.contains("'filter'"), "{}", err.message);
        assert!(err.message.contains("nests 65"), "{}", err.message);
        assert!(search(&nots(100_000)).is_err());
    }

    fn search_at(release: MockRelease, body: &str) -> Result<SearchCasesInput, ApiError> {
        let route = resolve("POST", "/domains/d/cases-search").expect("route");
        let config = MockConfig {
            release,
            ..MockConfig::default()
        };
        search_cases(&route, body.as_bytes(), &config)
    }

    #[test]
    fn tag_filters_decode_at_1_44_5() {
        let today = |body: &str| search_at(MockRelease::V1_44_5, body);
        let ok = today(r#"{"filter":{"not":{"tag":{"equalTo":{"key":"team","value":"a b"}}}}}"#)
            .expect("valid");
        let tag = TagComparison {
            key: Some("team".into()),
            value: Some("a b".into()),
        };
        assert_eq!(
            ok.filter,
            Some(CaseFilter::Not(Box::new(CaseFilter::Tag(tag))))
        );
        let ok = today(r#"{"filter":{"tag":{"equalTo":{}}}}"#).expect("members optional");
        assert_eq!(
            ok.filter,
            Some(CaseFilter::Tag(TagComparison {
                key: None,
                value: None
            }))
        );
        for (body, member) in [
            (r#"{"filter":{"tag":{}}}"#, "'filter.tag'"),
            (
                r#"{"filter":{"tag":{"equalTo":{"key":"a"}},"not":{"andAll":[]}}}"#,
                "found: not, tag",
            ),
            (
                r#"{"filter":{"andAll":[{"tag":{"equalTo":{"key":""}}}]}}"#,
                "'filter.andAll[0].tag.equalTo.key'",
            ),
            (
                r#"{"filter":{"tag":{"equalTo":{"key":"a!"}}}}"#,
                "'filter.tag.equalTo.key'",
            ),
            (
                r#"{"filter":{"tag":{"equalTo":{"key":"a","value":"x;y"}}}}"#,
                "'filter.tag.equalTo.value'",
            ),
            (
                r#"{"filter":{"tag":{"equalTo":{"key":"a","value":5}}}}"#,
                "filter.tag.equalTo.value",
            ),
        ] {
            let err = today(body).expect_err(body);
            assert!(err.message.contains(member), "{body}: {}", err.message);
        }
        let long_key = format!(
            r#"{{"filter":{{"tag":{{"equalTo":{{"key":"{}"}}}}}}}}"#,
            "k".repeat(129)
        );
        assert!(today(&long_key).is_err());
        let long_value = format!(
            r#"{{"filter":{{"tag":{{"equalTo":{{"key":"k","value":"{}"}}}}}}}}"#,
            "v".repeat(257)
        );
        assert!(today(&long_value).is_err());
    }

    #[test]
    fn tag_is_an_unknown_member_before_1_44_5() {
        for release in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
            let err = search_at(
                release,
                r#"{"filter":{"tag":{"equalTo":{"key":"team","value":"a"}}}}"#,
            )
            .expect_err("no member");
            assert!(err.message.contains("'filter'"), "{}", err.message);
            assert!(err.message.contains("found: none"), "{}", err.message);
            assert!(!err.message.contains("tag"), "{}", err.message);
            // Ignored whatever its JSON, beside a known member.
            let ok = search_at(
                release,
                r#"{"filter":{"tag":5,"andAll":[{"tag":[],"orAll":[]}]}}"#,
            )
            .expect("ignored");
            assert_eq!(
                ok.filter,
                Some(CaseFilter::AndAll(vec![CaseFilter::OrAll(vec![])]))
            );
        }
    }

    #[test]
    fn bounds_follow_the_release() {
        let old = MockRelease::V1_34_98;
        let today = MockRelease::V1_44_5;
        assert_eq!(search_at(today, "{}").expect("ok").max_results, 25);
        assert_eq!(
            search_at(today, r#"{"maxResults":100}"#)
                .expect("ok")
                .max_results,
            100
        );
        assert!(search_at(today, r#"{"maxResults":101}"#).is_err());
        assert!(search_at(old, r#"{"maxResults":26}"#).is_err());
        let fields = |n: usize| {
            let list: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"f{i}"}}"#)).collect();
            format!(r#"{{"fields":[{}]}}"#, list.join(","))
        };
        assert!(search_at(today, &fields(25)).is_ok());
        assert!(search_at(today, &fields(26)).is_err());
        assert!(search_at(old, &fields(11)).is_err());
        let string = |n: usize| {
            format!(
                r#"{{"filter":{{"field":{{"contains":{{"id":"f","value":{{"stringValue":"{}"}}}}}}}}}}"#,
                "s".repeat(n)
            )
        };
        assert!(search_at(old, &string(1500)).is_ok());
        let err = search_at(old, &string(1501)).expect_err("1501");
        assert!(
            err.message
                .contains("'filter.field.contains.value.stringValue'"),
            "{}",
            err.message
        );
        assert!(search_at(today, &string(4100)).is_ok());
        assert!(search_at(today, &string(4101)).is_err());
    }

    #[test]
    fn list_cases_for_contact_needs_a_contact() {
        let route = resolve("POST", "/domains/d/list-cases-for-contact").expect("route");
        let config = MockConfig::default();
        let err = list_cases_for_contact(&route, b"{}", &config).expect_err("arn");
        assert!(err.message.contains("'contactArn'"), "{}", err.message);
        let ok = list_cases_for_contact(&route, br#"{"contactArn":"c"}"#, &config).expect("ok");
        assert_eq!(ok.max_results, 10);
        let err = list_cases_for_contact(&route, br#"{"contactArn":"c","maxResults":11}"#, &config)
            .expect_err("page");
        assert!(err.message.contains("'maxResults'"), "{}", err.message);
        assert!(list_cases_for_contact(&route, br#"{"contactArn":""}"#, &config).is_err());
    }
}
