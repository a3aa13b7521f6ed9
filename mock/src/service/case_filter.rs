//! SearchCases semantics over stored case fields: which cases a `CaseFilter` and a
//! `searchTerm` match, and the order `sorts` put them in.
//!
//! A comparison looks at the value the case has for the field. A case without the field
//! (or with `emptyValue`) matches only `equalTo` `emptyValue`; a value of another kind
//! than the filter's never matches. `not` inverts, `andAll` needs every filter (so `[]`
//! matches every case), `orAll` needs one (so `[]` matches none). A `tag` filter
//! (1.44.5) looks at the case's tags: it matches when the case has a tag with the
//! filter's key and exactly its value.

use std::cmp::Ordering;

use crate::decode::common::FieldValue;
use crate::decode::search_cases::{CaseFilter, Comparison, FieldComparison, Sort, TagComparison};
use crate::store::tags::Tags;

/// The value field `id` has in `fields`, if any.
pub fn value_of<'a>(fields: &'a [(String, FieldValue)], id: &str) -> Option<&'a FieldValue> {
    fields.iter().find(|(f, _)| f == id).map(|(_, v)| v)
}

/// Whether a case with `fields` and no tags matches `filter` (related items' `custom`
/// filters, which have no `tag` member).
pub fn matches(filter: &CaseFilter, fields: &[(String, FieldValue)]) -> bool {
    matches_case(filter, fields, None)
}

/// Whether a case with `fields` and `tags` matches `filter`. Nesting is walked with an
/// explicit stack, so a deep filter costs no recursion.
pub fn matches_case(
    filter: &CaseFilter,
    fields: &[(String, FieldValue)],
    tags: Option<&Tags>,
) -> bool {
    enum Step<'a> {
        Eval(&'a CaseFilter),
        Not,
        All(usize),
        Any(usize),
    }
    let mut work = vec![Step::Eval(filter)];
    let mut results: Vec<bool> = Vec::new();
    while let Some(step) = work.pop() {
        match step {
            Step::Eval(CaseFilter::Field(c)) => results.push(compare(c, fields)),
            Step::Eval(CaseFilter::Tag(t)) => results.push(has_tag(t, tags)),
            Step::Eval(CaseFilter::Not(inner)) => {
                work.push(Step::Not);
                work.push(Step::Eval(inner));
            }
            Step::Eval(CaseFilter::AndAll(list)) => {
                work.push(Step::All(list.len()));
                work.extend(list.iter().map(Step::Eval));
            }
            Step::Eval(CaseFilter::OrAll(list)) => {
                work.push(Step::Any(list.len()));
                work.extend(list.iter().map(Step::Eval));
            }
            Step::Not => {
                let inner = results.pop().unwrap_or(false);
                results.push(!inner);
            }
            Step::All(n) => {
                let all = results.split_off(results.len().saturating_sub(n));
                results.push(all.iter().all(|b| *b));
            }
            Step::Any(n) => {
                let any = results.split_off(results.len().saturating_sub(n));
                results.push(any.iter().any(|b| *b));
            }
        }
    }
    results.pop().unwrap_or(false)
}

/// One field comparison:
/// * `equalTo`: the same kind and the same value (strings exactly, doubles numerically);
///   `emptyValue` matches a field that is unset or empty;
/// * `contains`: text (`stringValue`, `userArnValue`) containing the filter's text,
///   ignoring case;
/// * `greaterThan`, `greaterThanOrEqualTo`, `lessThan`, `lessThanOrEqualTo`: doubles
///   numerically, strings by Unicode code points (which orders the mock's ISO 8601
///   timestamps chronologically).
pub fn compare(c: &FieldComparison, fields: &[(String, FieldValue)]) -> bool {
    let have = value_of(fields, &c.field_id);
    match c.comparison {
        Comparison::EqualTo => match (&c.value, have) {
            (FieldValue::Empty, None | Some(FieldValue::Empty)) => true,
            (wanted, Some(have)) => wanted == have,
            (_, None) => false,
        },
        Comparison::Contains => match (&c.value, have) {
            (FieldValue::String(w), Some(FieldValue::String(h)))
            | (FieldValue::UserArn(w), Some(FieldValue::UserArn(h))) => {
                h.to_lowercase().contains(&w.to_lowercase())
            }
            _ => false,
        },
        ordered => {
            let order = match (have, &c.value) {
                (Some(FieldValue::Double(h)), FieldValue::Double(w)) => h.partial_cmp(w),
                (Some(FieldValue::String(h)), FieldValue::String(w)) => Some(h.cmp(w)),
                _ => None,
            };
            order.is_some_and(|o| match ordered {
                Comparison::GreaterThan => o == Ordering::Greater,
                Comparison::GreaterThanOrEqualTo => o != Ordering::Less,
                Comparison::LessThan => o == Ordering::Less,
                _ => o != Ordering::Greater,
            })
        }
    }
}

/// `tag.equalTo`: the case has a tag whose key is `key` and whose value is exactly
/// `value` (both compared exactly, case-sensitively). The model leaves both members
/// optional; a filter missing either matches no case.
pub fn has_tag(t: &TagComparison, tags: Option<&Tags>) -> bool {
    match (&t.key, &t.value, tags) {
        (Some(key), Some(value), Some(tags)) => tags.get(key) == Some(value),
        _ => false,
    }
}

/// Whether a case with `fields` matches the free-text `term`: every whitespace-separated
/// word of the term occurs, ignoring case, in some text value of the case (`stringValue`
/// or `userArnValue` of any field). A term without words matches every case.
pub fn matches_term(term: &str, fields: &[(String, FieldValue)]) -> bool {
    let texts: Vec<String> = fields
        .iter()
        .filter_map(|(_, v)| match v {
            FieldValue::String(s) | FieldValue::UserArn(s) => Some(s.to_lowercase()),
            _ => None,
        })
        .collect();
    term.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        texts.iter().any(|t| t.contains(&word))
    })
}

/// The order of two cases under `sorts` (most significant first). Per sort, cases
/// without a value (unset or `emptyValue`) come last in both directions; values of one
/// kind compare naturally (`false` before `true`, doubles numerically, strings by code
/// points) and `Desc` reverses that; values of different kinds (possible only on
/// `DateTime`, which takes strings and doubles) order doubles before strings. Equal
/// under every sort is `Equal`, so a stable sort keeps creation order.
pub fn order(sorts: &[Sort], a: &[(String, FieldValue)], b: &[(String, FieldValue)]) -> Ordering {
    for sort in sorts {
        let o = compare_values(
            value_of(a, &sort.field_id),
            value_of(b, &sort.field_id),
            sort.descending,
        );
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn compare_values(a: Option<&FieldValue>, b: Option<&FieldValue>, descending: bool) -> Ordering {
    match (present(a), present(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => {
            let o = natural(a, b);
            if descending { o.reverse() } else { o }
        }
    }
}

/// `value` unless it is absent or `emptyValue`.
fn present(value: Option<&FieldValue>) -> Option<&FieldValue> {
    value.filter(|v| **v != FieldValue::Empty)
}

fn natural(a: &FieldValue, b: &FieldValue) -> Ordering {
    match (a, b) {
        (FieldValue::Boolean(a), FieldValue::Boolean(b)) => a.cmp(b),
        (FieldValue::Double(a), FieldValue::Double(b)) => a.total_cmp(b),
        (FieldValue::String(a), FieldValue::String(b))
        | (FieldValue::UserArn(a), FieldValue::UserArn(b)) => a.cmp(b),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(v: &FieldValue) -> u8 {
    match v {
        FieldValue::Boolean(_) => 0,
        FieldValue::Double(_) => 1,
        FieldValue::String(_) => 2,
        FieldValue::UserArn(_) => 3,
        FieldValue::Empty => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(list: &[(&str, FieldValue)]) -> Vec<(String, FieldValue)> {
        list.iter()
            .map(|(id, v)| ((*id).to_owned(), v.clone()))
            .collect()
    }

    fn s(text: &str) -> FieldValue {
        FieldValue::String(text.to_owned())
    }

    fn field(comparison: Comparison, id: &str, value: FieldValue) -> CaseFilter {
        CaseFilter::Field(FieldComparison {
            path: "filter.field".into(),
            comparison,
            field_id: id.to_owned(),
            value,
        })
    }

    fn case() -> Vec<(String, FieldValue)> {
        fields(&[
            ("title", s("Printer on fire")),
            ("n", FieldValue::Double(5.0)),
            ("flag", FieldValue::Boolean(true)),
            (
                "owner",
                FieldValue::UserArn("arn:aws:connect:::agent/Ann".into()),
            ),
            ("note", FieldValue::Empty),
            ("created_datetime", s("2024-05-03T12:00:00.000Z")),
        ])
    }

    #[test]
    fn equal_to_each_kind() {
        let c = case();
        let eq = |id: &str, v: FieldValue| matches(&field(Comparison::EqualTo, id, v), &c);
        assert!(eq("title", s("Printer on fire")));
        assert!(!eq("title", s("printer on fire")), "equalTo is exact");
        assert!(eq("n", FieldValue::Double(5.0)));
        assert!(!eq("n", FieldValue::Double(5.5)));
        assert!(eq("flag", FieldValue::Boolean(true)));
        assert!(!eq("flag", FieldValue::Boolean(false)));
        assert!(eq(
            "owner",
            FieldValue::UserArn("arn:aws:connect:::agent/Ann".into())
        ));
        assert!(
            !eq("owner", s("arn:aws:connect:::agent/Ann")),
            "kinds differ"
        );
        assert!(eq("note", FieldValue::Empty), "empty field");
        assert!(eq("missing", FieldValue::Empty), "unset field");
        assert!(!eq("title", FieldValue::Empty));
        assert!(!eq("missing", s("x")));
    }

    #[test]
    fn contains_ignores_case_on_text() {
        let c = case();
        let has = |id: &str, v: FieldValue| matches(&field(Comparison::Contains, id, v), &c);
        assert!(has("title", s("ON FIRE")));
        assert!(has("title", s("")));
        assert!(!has("title", s("water")));
        assert!(has("owner", FieldValue::UserArn("agent/ann".into())));
        assert!(!has("missing", s("")));
        assert!(!has("note", s("")));
    }

    #[test]
    fn order_comparisons_on_numbers_and_strings() {
        let c = case();
        let test = |cmp: Comparison, id: &str, v: FieldValue| matches(&field(cmp, id, v), &c);
        use Comparison::*;
        assert!(test(GreaterThan, "n", FieldValue::Double(4.0)));
        assert!(!test(GreaterThan, "n", FieldValue::Double(5.0)));
        assert!(test(GreaterThanOrEqualTo, "n", FieldValue::Double(5.0)));
        assert!(!test(GreaterThanOrEqualTo, "n", FieldValue::Double(5.1)));
        assert!(test(LessThan, "n", FieldValue::Double(6.0)));
        assert!(!test(LessThan, "n", FieldValue::Double(5.0)));
        assert!(test(LessThanOrEqualTo, "n", FieldValue::Double(5.0)));
        assert!(!test(LessThanOrEqualTo, "n", FieldValue::Double(-1.0)));
        let day = |d: &str| s(&format!("2024-05-{d}T00:00:00.000Z"));
        assert!(test(GreaterThan, "created_datetime", day("03")));
        assert!(test(LessThan, "created_datetime", day("04")));
        assert!(!test(LessThan, "created_datetime", day("02")));
        assert!(!test(GreaterThan, "missing", FieldValue::Double(0.0)));
        assert!(
            !test(GreaterThan, "title", FieldValue::Double(0.0)),
            "kinds differ"
        );
    }

    #[test]
    fn not_and_all_or_all_nest() {
        let c = case();
        let yes = field(Comparison::EqualTo, "flag", FieldValue::Boolean(true));
        let no = field(Comparison::EqualTo, "flag", FieldValue::Boolean(false));
        let not = |f: CaseFilter| CaseFilter::Not(Box::new(f));
        assert!(matches(&not(no.clone()), &c));
        assert!(!matches(&not(yes.clone()), &c));
        assert!(matches(&not(not(yes.clone())), &c));
        assert!(matches(
            &CaseFilter::AndAll(vec![yes.clone(), not(no.clone())]),
            &c
        ));
        assert!(!matches(
            &CaseFilter::AndAll(vec![yes.clone(), no.clone()]),
            &c
        ));
        assert!(matches(
            &CaseFilter::OrAll(vec![no.clone(), yes.clone()]),
            &c
        ));
        assert!(!matches(
            &CaseFilter::OrAll(vec![no.clone(), not(yes.clone())]),
            &c
        ));
        assert!(
            matches(&CaseFilter::AndAll(vec![]), &c),
            "empty andAll: all"
        );
        assert!(
            !matches(&CaseFilter::OrAll(vec![]), &c),
            "empty orAll: none"
        );
        let nested = CaseFilter::OrAll(vec![
            CaseFilter::AndAll(vec![no.clone(), yes.clone()]),
            not(CaseFilter::OrAll(vec![no.clone(), not(yes.clone())])),
        ]);
        assert!(matches(&nested, &c));
        assert!(!matches(&not(nested), &c));
        let mut deep = yes;
        for _ in 0..1001 {
            deep = not(deep);
        }
        assert!(!matches(&deep, &c), "an odd number of nots");
    }

    #[test]
    fn tag_filters_need_the_key_with_exactly_the_value() {
        let c = case();
        let tags: Tags = [("team".to_owned(), "Blue".to_owned())].into();
        let tag = |key: Option<&str>, value: Option<&str>| {
            CaseFilter::Tag(TagComparison {
                key: key.map(str::to_owned),
                value: value.map(str::to_owned),
            })
        };
        let on = |f: &CaseFilter| matches_case(f, &c, Some(&tags));
        assert!(on(&tag(Some("team"), Some("Blue"))));
        assert!(!on(&tag(Some("team"), Some("blue"))), "values are exact");
        assert!(!on(&tag(Some("Team"), Some("Blue"))), "keys are exact");
        assert!(!on(&tag(Some("team"), None)));
        assert!(!on(&tag(None, Some("Blue"))));
        assert!(on(&CaseFilter::Not(Box::new(tag(Some("x"), Some(""))))));
        assert!(!matches_case(&tag(Some("team"), Some("Blue")), &c, None));
        assert!(!matches(&tag(Some("team"), Some("Blue")), &c), "no tags");
        let both = CaseFilter::AndAll(vec![
            tag(Some("team"), Some("Blue")),
            field(Comparison::EqualTo, "flag", FieldValue::Boolean(true)),
        ]);
        assert!(on(&both));
    }

    #[test]
    fn search_terms_need_every_word_in_some_text() {
        let c = case();
        assert!(matches_term("printer", &c));
        assert!(matches_term("FIRE printer", &c));
        assert!(matches_term("ann", &c), "user ARNs are text");
        assert!(!matches_term("printer water", &c));
        let numbers = fields(&[("n", FieldValue::Double(5.0)), ("t", s("x"))]);
        assert!(!matches_term("5", &numbers), "numbers are not text");
        assert!(matches_term("", &c));
        assert!(matches_term("   ", &c));
    }

    #[test]
    fn sorts_order_values_and_put_missing_last() {
        let a = fields(&[("n", FieldValue::Double(1.0)), ("t", s("b"))]);
        let b = fields(&[("n", FieldValue::Double(2.0)), ("t", s("a"))]);
        let none = fields(&[("t", s("a"))]);
        let empty = fields(&[("n", FieldValue::Empty), ("t", s("c"))]);
        let asc = |id: &str| Sort {
            field_id: id.into(),
            descending: false,
        };
        let desc = |id: &str| Sort {
            field_id: id.into(),
            descending: true,
        };
        assert_eq!(order(&[asc("n")], &a, &b), Ordering::Less);
        assert_eq!(order(&[desc("n")], &a, &b), Ordering::Greater);
        assert_eq!(order(&[asc("n")], &none, &a), Ordering::Greater);
        assert_eq!(order(&[desc("n")], &none, &a), Ordering::Greater);
        assert_eq!(order(&[desc("n")], &empty, &b), Ordering::Greater);
        assert_eq!(order(&[asc("n")], &none, &empty), Ordering::Equal);
        assert_eq!(order(&[asc("t")], &a, &b), Ordering::Greater);
        assert_eq!(order(&[], &a, &b), Ordering::Equal);
        // The second sort breaks ties of the first.
        assert_eq!(
            order(&[asc("n"), desc("t")], &none, &empty),
            Ordering::Greater
        );
        assert_eq!(order(&[asc("n"), asc("t")], &none, &empty), Ordering::Less);
        let f = fields(&[("b", FieldValue::Boolean(false))]);
        let t = fields(&[("b", FieldValue::Boolean(true))]);
        assert_eq!(order(&[asc("b")], &f, &t), Ordering::Less);
        let mut list = vec![b.clone(), none.clone(), a.clone()];
        list.sort_by(|x, y| order(&[asc("n")], x, y));
        assert_eq!(list, [a, b, none]);
    }
}
