//! SearchCases against a model of the domain's cases: a population of cases is made whose
//! field values and tags the harness knows, then filter trees over the release's `CaseFilter`
//! grammar (field comparisons, `not`, `andAll`, `orAll`, `tag`, as the model has them) are
//! sent, each with its sorts, and the cases answered are compared with those the model
//! selects (`search-cases.matches-model`) and with the order the sorts ask
//! (`search-cases.sorted`).
//!
//! The grammar is read from the model (the members of the `filter` member's union, of its
//! `field` member's union and of its `tag` member's union); this module knows what each
//! member means ([`selects`]), and a member of the model it does not know is named in a
//! note, never generated. Every tree is sent inside `andAll[marker, tree]`, the marker a
//! field made for this run that only the population has, so that whatever else the domain
//! holds the expected answer is exactly computable. Values are chosen so that no reading of
//! the documentation's words is needed beyond them: texts are lower-case words (equal under
//! any case folding; `contains` is asked for whole words, a substring and a token alike),
//! order comparisons are asked of numbers only, every case has a value for every field.
//!
//! A handful of probes, one per construct, always run (so a construct that is broken is
//! caught whatever the seed), then [`RANDOM_TREES`] seeded random trees.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::Rng;
use serde_json::{Value, json};

use super::generated::runner;
use crate::checks::CheckId;
use crate::engine::session::Session;
use crate::engine::setup::Workspace;
use crate::engine::walk::{WalkEnd, walk};
use crate::model::ServiceModel;

const CASE: &str = "search cases";
const OP: &str = "SearchCases";

/// Cases in the population.
pub const POPULATION: usize = 8;

/// Seeded random filter trees sent after the probes.
pub const RANDOM_TREES: usize = 8;

/// The first words of the population's texts (one per case, modulo their number).
const FIRST_WORDS: [&str; 4] = ["amber", "birch", "cedar", "delta"];
/// The second words of the population's texts.
const SECOND_WORDS: [&str; 2] = ["red", "blue"];
/// A word no text of the population holds.
const ABSENT_WORD: &str = "zebra";
/// The key of the population's tags, and the values they take.
const TAG_KEY: &str = "cf-search";
const TAG_VALUES: [&str; 2] = ["north", "south"];

/// The field types the population's fields are made of, with the `FieldValueUnion` member
/// their values travel in (CreateCase: 'Case system and custom fields are taken as an array
/// id/value pairs with a declared data types').
const FIELD_KINDS: [(Role, &str, &str); 5] = [
    (Role::Marker, "Text", "stringValue"),
    (Role::Text, "Text", "stringValue"),
    (Role::Number, "Number", "doubleValue"),
    (Role::Flag, "Boolean", "booleanValue"),
    (Role::User, "User", "userArnValue"),
];

/// The users the population's `User` field names, when `[fixtures]` give none (`userArn`): a
/// real service checks them ("FieldValueUnion.userArnValue: Represents the user that
/// performed the audit"), so a run against one takes its users from the fixtures.
const MADE_UP_USERS: [&str; 2] = [
    "arn:aws:connect:us-east-1:123456789012:instance/conformance/agent/population-0",
    "arn:aws:connect:us-east-1:123456789012:instance/conformance/agent/population-1",
];

/// What a field of the population is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// The same value on every case of the population, on no other case.
    Marker,
    /// Two lower-case words.
    Text,
    /// A number, distinct per case.
    Number,
    /// A boolean.
    Flag,
    /// A user (an ARN), one of two.
    User,
}

/// The members of the `CaseFilter` grammar this module knows the meaning of.
const KNOWN_FILTERS: [&str; 5] = ["field", "not", "andAll", "orAll", "tag"];
/// The field comparisons this module knows the meaning of.
const KNOWN_COMPARISONS: [&str; 6] = [
    "equalTo",
    "contains",
    "greaterThan",
    "greaterThanOrEqualTo",
    "lessThan",
    "lessThanOrEqualTo",
];

/// The `CaseFilter` grammar of a release: the union members of SearchCases' `filter`, of its
/// `field` member and of its `tag` member, as the model has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grammar {
    /// Members of the filter union (`field`, `not`, `andAll`, `orAll`, `tag`).
    pub filters: BTreeSet<String>,
    /// Members of the field filter union (`equalTo`, `contains`, ...).
    pub comparisons: BTreeSet<String>,
    /// Members of the tag filter union (`equalTo`).
    pub tag: BTreeSet<String>,
    /// The most sorts a request may carry.
    pub max_sorts: usize,
}

impl Grammar {
    /// The grammar of `model`'s SearchCases, if it has one.
    pub fn of(model: &ServiceModel) -> Option<Grammar> {
        let input = model.operation(OP)?.input.as_ref()?;
        let request = model.structure(&input.shape)?;
        let filter_shape = &request.members.get("filter")?.shape;
        let filter = model.structure(filter_shape)?;
        let members_of = |member: &str| -> BTreeSet<String> {
            filter
                .members
                .get(member)
                .and_then(|m| model.structure(&m.shape))
                .map(|s| s.members.keys().cloned().collect())
                .unwrap_or_default()
        };
        let max_sorts = request
            .members
            .get("sorts")
            .and_then(|m| match model.shape(&m.shape) {
                crate::model::Shape::List(list) => Some(list.max.unwrap_or(1) as usize),
                _ => None,
            })
            .unwrap_or(0);
        Some(Grammar {
            filters: filter.members.keys().cloned().collect(),
            comparisons: members_of("field"),
            tag: members_of("tag"),
            max_sorts,
        })
    }

    /// Members of the model's grammar whose meaning this module does not know: they are
    /// never generated, and named in a note.
    pub fn unknown(&self) -> Vec<String> {
        let filters = self
            .filters
            .iter()
            .filter(|m| !KNOWN_FILTERS.contains(&m.as_str()))
            .map(|m| format!("CaseFilter.{m}"));
        let comparisons = self
            .comparisons
            .iter()
            .filter(|m| !KNOWN_COMPARISONS.contains(&m.as_str()))
            .map(|m| format!("FieldFilter.{m}"));
        let tag = self
            .tag
            .iter()
            .filter(|m| *m != "equalTo")
            .map(|m| format!("TagFilter.{m}"));
        filters.chain(comparisons).chain(tag).collect()
    }

    fn has(&self, filter: &str) -> bool {
        self.filters.contains(filter)
    }

    fn compares(&self, comparison: &str) -> bool {
        self.has("field") && self.comparisons.contains(comparison)
    }

    fn tags(&self) -> bool {
        self.has("tag") && self.tag.contains("equalTo")
    }
}

/// One case of the population, as the harness models it.
#[derive(Debug, Clone, PartialEq)]
pub struct Modeled {
    /// Its id (empty until it is made).
    pub id: String,
    /// Field id → the `FieldValueUnion` it was made with.
    pub fields: BTreeMap<String, Value>,
    /// Its tags.
    pub tags: BTreeMap<String, String>,
}

/// The population's field ids, by role.
pub type FieldIds = BTreeMap<Role, String>;

/// The values case `index` of the population is made with, by role (texts of two words,
/// numbers distinct per case), and its tag value, if it has one.
pub fn values(index: usize) -> (BTreeMap<Role, Value>, Option<&'static str>) {
    let text = format!(
        "{} {}",
        FIRST_WORDS[index % FIRST_WORDS.len()],
        SECOND_WORDS[(index / FIRST_WORDS.len()) % SECOND_WORDS.len()]
    );
    let number = ((index * 5) % POPULATION) as f64 * 1.5;
    let values = BTreeMap::from([
        (Role::Marker, json!({ "stringValue": "cf-population" })),
        (Role::Text, json!({ "stringValue": text })),
        (Role::Number, json!({ "doubleValue": number })),
        (
            Role::Flag,
            json!({ "booleanValue": index.is_multiple_of(3) }),
        ),
        (
            Role::User,
            json!({ "userArnValue": MADE_UP_USERS[index % MADE_UP_USERS.len()] }),
        ),
    ]);
    let tag = (index % 3 != 2).then_some(TAG_VALUES[index % 2]);
    (values, tag)
}

/// Whether `filter` (a `CaseFilter` in its wire form) selects `case`; `Err` names a member
/// whose meaning is not known.
///
/// * `field`: `equalTo` the same value (numbers numerically); `contains` a text holding the
///   filter's text; `greaterThan`, `greaterThanOrEqualTo`, `lessThan`, `lessThanOrEqualTo`
///   numbers compared numerically;
/// * `not`: the inner filter does not select the case; `andAll`: every filter does;
///   `orAll`: some filter does;
/// * `tag.equalTo`: the case has a tag of that key with that value.
pub fn selects(filter: &Value, case: &Modeled) -> Result<bool, String> {
    let (name, inner) = single(filter)?;
    match name {
        "field" => {
            let (comparison, operand) = single(inner)?;
            let id = operand["id"].as_str().unwrap_or_default();
            let wanted = &operand["value"];
            let Some(have) = case.fields.get(id) else {
                return Ok(false);
            };
            compare(comparison, have, wanted)
        }
        "not" => Ok(!selects(inner, case)?),
        "andAll" => {
            let mut all = true;
            for f in inner.as_array().into_iter().flatten() {
                all &= selects(f, case)?;
            }
            Ok(all)
        }
        "orAll" => {
            let mut any = false;
            for f in inner.as_array().into_iter().flatten() {
                any |= selects(f, case)?;
            }
            Ok(any)
        }
        "tag" => {
            let (comparison, operand) = single(inner)?;
            if comparison != "equalTo" {
                return Err(format!("TagFilter.{comparison}"));
            }
            let key = operand["key"].as_str().unwrap_or_default();
            Ok(case.tags.get(key).map(String::as_str) == operand["value"].as_str())
        }
        other => Err(format!("CaseFilter.{other}")),
    }
}

fn compare(comparison: &str, have: &Value, wanted: &Value) -> Result<bool, String> {
    let number = |v: &Value| v["doubleValue"].as_f64();
    let text = |v: &Value| v["stringValue"].as_str().map(str::to_string);
    Ok(match comparison {
        "equalTo" => match (number(have), number(wanted)) {
            (Some(h), Some(w)) => h == w,
            _ => have == wanted,
        },
        "contains" => matches!((text(have), text(wanted)), (Some(h), Some(w)) if h.contains(&w)),
        ordered => {
            let (Some(h), Some(w)) = (number(have), number(wanted)) else {
                return Ok(false);
            };
            match ordered {
                "greaterThan" => h > w,
                "greaterThanOrEqualTo" => h >= w,
                "lessThan" => h < w,
                "lessThanOrEqualTo" => h <= w,
                other => return Err(format!("FieldFilter.{other}")),
            }
        }
    })
}

/// The one member of a union in its wire form.
fn single(union: &Value) -> Result<(&str, &Value), String> {
    match union.as_object() {
        Some(map) if map.len() == 1 => {
            let (k, v) = map.iter().next().expect("one member");
            Ok((k.as_str(), v))
        }
        _ => Err(format!("a union with other than one member: {union}")),
    }
}

/// The order two cases of the population take under `sorts` (wire form), the first sort
/// most significant: numbers numerically, texts by their bytes (lower-case ASCII words, the
/// same under any collation), `Desc` reversed.
pub fn order(sorts: &[Value], a: &Modeled, b: &Modeled) -> std::cmp::Ordering {
    for sort in sorts {
        let id = sort["fieldId"].as_str().unwrap_or_default();
        let (x, y) = (&a.fields.get(id), &b.fields.get(id));
        let o = match (x, y) {
            (Some(x), Some(y)) => match (x["doubleValue"].as_f64(), y["doubleValue"].as_f64()) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => x["stringValue"]
                    .as_str()
                    .cmp(&y["stringValue"].as_str())
                    .then(
                        x["booleanValue"]
                            .as_bool()
                            .cmp(&y["booleanValue"].as_bool()),
                    ),
            },
            _ => std::cmp::Ordering::Equal,
        };
        let o = if sort["sortOrder"] == "Desc" {
            o.reverse()
        } else {
            o
        };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    std::cmp::Ordering::Equal
}

/// One search: a filter tree (sent inside the marker's `andAll`, unless bare) and its sorts.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// What it probes, for the report.
    pub label: String,
    /// The tree, or `None` for the marker alone.
    pub tree: Option<Value>,
    /// Its sorts, wire form.
    pub sorts: Vec<Value>,
    /// Sent as it is, without the marker: its top-level construct is what it probes (a `not`
    /// at the top selects the domain's other cases too), so the answer is judged on the
    /// population alone.
    pub bare: bool,
}

/// Builds filter trees of the grammar over the population's fields.
pub struct Trees<'a> {
    grammar: &'a Grammar,
    fields: &'a FieldIds,
}

impl<'a> Trees<'a> {
    /// Trees of `grammar` over the fields `fields`.
    pub fn new(grammar: &'a Grammar, fields: &'a FieldIds) -> Self {
        Trees { grammar, fields }
    }

    fn field(&self, comparison: &str, role: Role, value: Value) -> Value {
        json!({ "field": { comparison: { "id": self.fields[&role], "value": value } } })
    }

    fn text(&self, comparison: &str, text: &str) -> Value {
        self.field(comparison, Role::Text, json!({ "stringValue": text }))
    }

    fn number(&self, comparison: &str, n: f64) -> Value {
        self.field(comparison, Role::Number, json!({ "doubleValue": n }))
    }

    fn tag(value: &str) -> Value {
        json!({ "tag": { "equalTo": { "key": TAG_KEY, "value": value } } })
    }

    fn sort(&self, role: Role, descending: bool) -> Value {
        json!({ "fieldId": self.fields[&role], "sortOrder": if descending { "Desc" } else { "Asc" } })
    }

    /// One search per construct of the grammar, each selecting a strict, non-empty part of
    /// the population where it can (so a construct ignored or misread changes the answer).
    pub fn probes(&self) -> Vec<Search> {
        let g = self.grammar;
        let median = ((POPULATION / 2) as f64) * 1.5;
        let mut out = vec![Search {
            label: "the marker alone".into(),
            tree: None,
            sorts: self.sorts_if(&[(Role::Number, false)]),
            bare: false,
        }];
        let mut probe = |label: &str, tree: Value, sorts: Vec<Value>| {
            out.push(Search {
                label: label.to_string(),
                tree: Some(tree),
                sorts,
                bare: false,
            })
        };
        let (first_text, _) = values(1);
        if g.compares("equalTo") {
            probe(
                "field equalTo (text)",
                self.field("equalTo", Role::Text, first_text[&Role::Text].clone()),
                vec![],
            );
            probe(
                "field equalTo (number)",
                self.number("equalTo", median),
                vec![],
            );
            probe(
                "field equalTo (boolean)",
                self.field("equalTo", Role::Flag, json!({ "booleanValue": true })),
                self.sorts_if(&[(Role::Number, true)]),
            );
        }
        if g.compares("contains") {
            probe(
                "field contains",
                self.text("contains", SECOND_WORDS[1]),
                self.sorts_if(&[(Role::Text, false)]),
            );
        }
        for comparison in [
            "greaterThan",
            "greaterThanOrEqualTo",
            "lessThan",
            "lessThanOrEqualTo",
        ] {
            if g.compares(comparison) {
                probe(
                    &format!("field {comparison}"),
                    self.number(comparison, median),
                    self.sorts_if(&[(Role::Number, comparison.starts_with("greater"))]),
                );
            }
        }
        if g.compares("contains") {
            let a = self.text("contains", FIRST_WORDS[0]);
            let b = self.text("contains", FIRST_WORDS[1]);
            let red = self.text("contains", SECOND_WORDS[0]);
            if g.has("not") {
                probe("not", json!({ "not": a.clone() }), vec![]);
            }
            if g.has("andAll") {
                probe(
                    "andAll",
                    json!({ "andAll": [a.clone(), red.clone()] }),
                    vec![],
                );
            }
            if g.has("orAll") {
                probe(
                    "orAll",
                    json!({ "orAll": [a, b] }),
                    self.sorts_if(&[(Role::Text, true), (Role::Number, false)]),
                );
            }
        }
        if g.tags() {
            probe(
                "tag equalTo",
                Self::tag(TAG_VALUES[0]),
                self.sorts_if(&[(Role::Number, true)]),
            );
        }
        out
    }

    /// One bare search per pair of a compound construct at the top of the filter and a kind
    /// beneath it (`not` over each kind; `andAll` and `orAll` over one child of every kind),
    /// so that each nesting the grammar allows is sent whatever the seed. Judged on the
    /// population only ([`Search::bare`]).
    pub fn nestings(&self) -> Vec<Search> {
        let g = self.grammar;
        if !g.compares("contains") {
            return Vec::new();
        }
        let a = self.text("contains", FIRST_WORDS[0]);
        let b = self.text("contains", FIRST_WORDS[1]);
        let red = self.text("contains", SECOND_WORDS[0]);
        // One tree of each kind; the `not` negates `negated`, so that under `andAll` (where
        // it negates `b`) the children agree on some cases of the population and under
        // `orAll` (where it negates `red`) they leave some out.
        let inner = |negated: &Value| -> Vec<(&str, Value)> {
            let mut inner: Vec<(&str, Value)> = vec![("field", a.clone())];
            if g.has("not") {
                inner.push(("not", json!({ "not": negated })));
            }
            if g.has("andAll") {
                inner.push(("andAll", json!({ "andAll": [a.clone(), red.clone()] })));
            }
            if g.has("orAll") {
                inner.push(("orAll", json!({ "orAll": [a.clone(), b.clone()] })));
            }
            if g.tags() {
                inner.push(("tag", Self::tag(TAG_VALUES[0])));
            }
            inner
        };
        let bare = |label: String, tree: Value| Search {
            label,
            tree: Some(tree),
            sorts: Vec::new(),
            bare: true,
        };
        let mut out = Vec::new();
        if g.has("not") {
            for (kind, tree) in inner(&red) {
                out.push(bare(format!("not over {kind}"), json!({ "not": tree })));
            }
        }
        for list in ["andAll", "orAll"].into_iter().filter(|l| g.has(l)) {
            let inner = inner(if list == "andAll" { &b } else { &red });
            let children: Vec<&Value> = inner.iter().map(|(_, tree)| tree).collect();
            let kinds: Vec<&str> = inner.iter().map(|(kind, _)| *kind).collect();
            out.push(bare(
                format!("{list} over {}", kinds.join(", ")),
                json!({ list: children }),
            ));
        }
        out
    }

    /// `wanted` as sorts, as many as the release allows.
    fn sorts_if(&self, wanted: &[(Role, bool)]) -> Vec<Value> {
        wanted
            .iter()
            .take(self.grammar.max_sorts)
            .map(|(role, desc)| self.sort(*role, *desc))
            .collect()
    }

    /// `count` random trees (at most three levels deep) with random sorts, drawn from `rng`.
    pub fn random(&self, rng: &mut impl Rng, count: usize) -> Vec<Search> {
        (0..count)
            .filter_map(|i| {
                let tree = self.tree(rng, 3)?;
                let sorts = (0..pick(rng, self.grammar.max_sorts.min(2) + 1))
                    .map(|_| {
                        let role = [Role::Number, Role::Text][pick(rng, 2)];
                        self.sort(role, pick(rng, 2) == 1)
                    })
                    .collect();
                Some(Search {
                    label: format!("random tree {}", i + 1),
                    tree: Some(tree),
                    sorts,
                    bare: false,
                })
            })
            .collect()
    }

    fn tree(&self, rng: &mut impl Rng, depth: u32) -> Option<Value> {
        let g = self.grammar;
        let nodes: Vec<&str> = ["not", "andAll", "orAll"]
            .into_iter()
            .filter(|n| g.has(n))
            .collect();
        if depth > 1 && !nodes.is_empty() && pick(rng, 3) > 0 {
            let node = nodes[pick(rng, nodes.len())];
            return Some(match node {
                "not" => json!({ "not": self.tree(rng, depth - 1)? }),
                list => {
                    let items: Vec<Value> = (0..1 + pick(rng, 3))
                        .filter_map(|_| self.tree(rng, depth - 1))
                        .collect();
                    json!({ list: items })
                }
            });
        }
        self.leaf(rng)
    }

    fn leaf(&self, rng: &mut impl Rng) -> Option<Value> {
        let g = self.grammar;
        let mut leaves: Vec<&str> = KNOWN_COMPARISONS
            .into_iter()
            .filter(|c| g.compares(c))
            .collect();
        if g.tags() {
            leaves.push("tag");
        }
        if leaves.is_empty() {
            return None;
        }
        Some(match leaves[pick(rng, leaves.len())] {
            "tag" => Self::tag([TAG_VALUES[0], TAG_VALUES[1], "east"][pick(rng, 3)]),
            "contains" => {
                let words: Vec<&str> = FIRST_WORDS
                    .iter()
                    .chain(&SECOND_WORDS)
                    .chain(&[ABSENT_WORD])
                    .copied()
                    .collect();
                self.text("contains", words[pick(rng, words.len())])
            }
            "equalTo" => match pick(rng, 3) {
                0 => {
                    let (v, _) = values(pick(rng, POPULATION + 1));
                    self.field("equalTo", Role::Text, v[&Role::Text].clone())
                }
                1 => self.number("equalTo", threshold(rng)),
                _ => self.field(
                    "equalTo",
                    Role::Flag,
                    json!({ "booleanValue": pick(rng, 2) == 1 }),
                ),
            },
            ordered => self.number(ordered, threshold(rng)),
        })
    }
}

/// A number to compare the population's numbers with: one of them, or half-way between two.
fn threshold(rng: &mut impl Rng) -> f64 {
    pick(rng, POPULATION) as f64 * 1.5 + [0.0, 0.75][pick(rng, 2)]
}

/// A number below `n` (0 when `n` is 0).
fn pick(rng: &mut (impl Rng + ?Sized), n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (rng.next_u32() as usize) % n
    }
}

/// The filter a search sends: its tree inside `andAll` with the marker (a bare one: its tree).
fn filter(search: &Search, fields: &FieldIds) -> Value {
    if let (true, Some(tree)) = (search.bare, &search.tree) {
        return tree.clone();
    }
    let marker = json!({ "field": { "equalTo": {
        "id": fields[&Role::Marker],
        "value": values(0).0[&Role::Marker],
    } } });
    match &search.tree {
        Some(tree) => json!({ "andAll": [marker, tree] }),
        None => marker,
    }
}

/// Runs the suite: makes the population, then sends every search.
pub async fn run(session: &Session, workspace: &Workspace) {
    let checks = [CheckId::SearchCasesMatchesModel, CheckId::SearchCasesSorted];
    if !checks.iter().any(|c| session.ledger.selects(*c)) {
        return;
    }
    let Some(grammar) = Grammar::of(&session.model) else {
        return;
    };
    let needed = ["CreateField", "CreateCase", OP];
    if let Some(missing) = needed
        .iter()
        .find(|op| session.model.operation(op).is_none() || !session.selected(op))
    {
        session.note(format!(
            "{} and {} were not evaluated: the run cannot send {missing}",
            checks[0], checks[1]
        ));
        return;
    }
    for member in grammar.unknown() {
        session.note(format!(
            "{member} is in the model's SearchCases filter grammar, but the harness does not know what it means: {} never sent it",
            checks[0]
        ));
    }
    let (fields, population) = match populate(session, workspace, &grammar).await {
        Ok(made) => made,
        Err(reason) => {
            session.note(format!(
                "{} and {} were not evaluated: the population of cases could not be made ({reason})",
                checks[0], checks[1]
            ));
            return;
        }
    };
    let trees = Trees::new(&grammar, &fields);
    let mut searches = trees.probes();
    searches.extend(trees.nestings());
    let mut rng = runner(session.config.seed, "search-cases");
    searches.extend(trees.random(rng.rng(), RANDOM_TREES));
    wait_visible(session, workspace, &fields, &population).await;
    for search in &searches {
        judge(session, workspace, &fields, &population, search).await;
    }
    if let Some(case) = population.first() {
        read_and_update(session, workspace, &fields, case).await;
    }
}

/// Reads one case of the population back with its fields of every kind, updates each kind
/// and reads it again, then reads its audit history (whose `Case.Updated` event carries the
/// old and new value of every kind): `lifecycle.created-as-sent` and
/// `lifecycle.update-visible` on GetCase.
async fn read_and_update(
    session: &Session,
    workspace: &Workspace,
    fields: &FieldIds,
    case: &Modeled,
) {
    if !["GetCase", "UpdateCase", "GetCaseAuditEvents"]
        .iter()
        .all(|op| session.model.operation(op).is_some() && session.selected(op))
    {
        return;
    }
    let uri = json!({ "domainId": workspace.domain_id, "caseId": case.id });
    let ids: Vec<Value> = case.fields.keys().map(|id| json!({ "id": id })).collect();
    let get = json!({ "uri": uri, "body": { "fields": ids } });
    let compare = |check: CheckId,
                   expected: &BTreeMap<String, Value>,
                   answer: &Value,
                   exchange: &crate::client::Exchange| {
        let answered: BTreeMap<String, Value> = answer["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| Some((f["id"].as_str()?.to_string(), f["value"].clone())))
            .collect();
        let differing: Vec<&String> = expected
            .iter()
            .filter(|(id, value)| {
                !answered
                    .get(*id)
                    .is_some_and(|got| super::lifecycle::same(value, got))
            })
            .map(|(id, _)| id)
            .collect();
        let outcome = if differing.is_empty() {
            Ok(())
        } else {
            Err((
                format!(
                    "GetCase answers the fields {differing:?} of case {} not as sent",
                    case.id
                ),
                json!(expected),
                json!(answered),
            ))
        };
        session.verdict("GetCase", check, CASE, outcome, &[exchange]);
    };
    let Ok((answer, exchange)) = session.call("GetCase", &get, CASE).await else {
        return;
    };
    compare(
        CheckId::LifecycleCreatedAsSent,
        &case.fields,
        &answer,
        &exchange,
    );
    // Every kind changed at once; then the text emptied and set again: an empty value read
    // back and audited as the new and as the old value ("EmptyFieldValue: An empty value";
    // the text field is required by no template of the run).
    let (text, number, flag) = (
        fields[&Role::Text].clone(),
        fields[&Role::Number].clone(),
        fields[&Role::Flag].clone(),
    );
    let mut every_kind = vec![(text.clone(), json!({ "stringValue": "updated words" }))];
    if let Some(n) = case.fields[&number]["doubleValue"].as_f64() {
        every_kind.push((number, json!({ "doubleValue": n + 0.5 })));
    }
    if let Some(b) = case.fields[&flag]["booleanValue"].as_bool() {
        every_kind.push((flag, json!({ "booleanValue": !b })));
    }
    // The other user of the population (the same one when the fixtures give only one).
    let user = fields[&Role::User].clone();
    if let Some(now) = case.fields[&user]["userArnValue"].as_str() {
        let other = users(session)
            .into_iter()
            .find(|u| u != now)
            .unwrap_or_else(|| now.to_string());
        every_kind.push((user, json!({ "userArnValue": other })));
    }
    let updates = [
        every_kind,
        vec![(text.clone(), json!({ "emptyValue": {} }))],
        vec![(text, json!({ "stringValue": "set again" }))],
    ];
    let mut updated = case.fields.clone();
    for changes in updates {
        let wire: Vec<Value> = changes
            .iter()
            .map(|(id, value)| json!({ "id": id, "value": value }))
            .collect();
        updated.extend(changes);
        let update = json!({ "uri": uri, "body": { "fields": wire } });
        if session.call("UpdateCase", &update, CASE).await.is_err() {
            return;
        }
        let Ok((answer, exchange)) = session.call("GetCase", &get, CASE).await else {
            return;
        };
        compare(
            CheckId::LifecycleUpdateVisible,
            &updated,
            &answer,
            &exchange,
        );
    }
    let history = json!({ "uri": uri, "body": {} });
    // Judged by the protocol and schema checks as every answer is.
    let _ = session.call("GetCaseAuditEvents", &history, CASE).await;
}

/// The two users the population's `User` field takes turns naming: the `[fixtures]` users
/// (`userArnValue`, `userArn` or `UserArn`), else made up.
fn users(session: &Session) -> [String; 2] {
    let members = &session.config.member_values.members;
    let given = ["userArnValue", "userArn", "UserArn"]
        .iter()
        .find_map(|key| members.get(*key).filter(|list| !list.is_empty()));
    match given {
        Some(list) => [list[0].clone(), list[list.len().min(2) - 1].clone()],
        None => MADE_UP_USERS.map(str::to_string),
    }
}

/// Makes the population's fields and cases.
async fn populate(
    session: &Session,
    workspace: &Workspace,
    grammar: &Grammar,
) -> Result<(FieldIds, Vec<Modeled>), String> {
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_micros();
    let mut fields = FieldIds::new();
    for (role, field_type, _) in FIELD_KINDS {
        let envelope = json!({
            "uri": { "domainId": workspace.domain_id },
            "body": {
                "name": format!("cf-{:x}-{nonce:x}-{role:?}", session.config.seed).to_lowercase(),
                "type": field_type,
            }
        });
        let (body, _) = session
            .call("CreateField", &envelope, CASE)
            .await
            .map_err(|e| e.to_string())?;
        let id = body["fieldId"]
            .as_str()
            .ok_or("CreateField answered without fieldId")?;
        fields.insert(role, id.to_string());
    }
    let tags_sent = grammar.tags() && session.model.body_member("CreateCase", "tags").is_some();
    let users = users(session);
    let mut population = Vec::with_capacity(POPULATION);
    for index in 0..POPULATION {
        let (mut values, tag) = values(index);
        values.insert(
            Role::User,
            json!({ "userArnValue": users[index % users.len()] }),
        );
        let mut case = Modeled {
            id: String::new(),
            fields: values
                .iter()
                .map(|(role, v)| (fields[role].clone(), v.clone()))
                .collect(),
            tags: BTreeMap::new(),
        };
        let mut wire: Vec<Value> = case
            .fields
            .iter()
            .map(|(id, value)| json!({ "id": id, "value": value }))
            .collect();
        wire.push(json!({ "id": "title", "value": { "stringValue": format!("conformance: search population {index}") } }));
        wire.push(json!({ "id": "customer_id", "value": { "stringValue": format!("arn:aws:profile:{:x}", session.config.seed) } }));
        let mut body = json!({ "templateId": workspace.template_id, "fields": wire });
        if let (true, Some(tag)) = (tags_sent, tag) {
            body["tags"] = json!({ TAG_KEY: tag });
            case.tags.insert(TAG_KEY.to_string(), tag.to_string());
        }
        let envelope = json!({ "uri": { "domainId": workspace.domain_id }, "body": body });
        let (answer, _) = session
            .call("CreateCase", &envelope, CASE)
            .await
            .map_err(|e| e.to_string())?;
        case.id = answer["caseId"]
            .as_str()
            .ok_or("CreateCase answered without caseId")?
            .to_string();
        population.push(case);
    }
    Ok((fields, population))
}

/// The case ids a search's walk found, with the walk (`None`: the walk did not complete,
/// which the pagination checks judge).
async fn found(
    session: &Session,
    workspace: &Workspace,
    fields: &FieldIds,
    search: &Search,
    known: usize,
) -> Option<(Vec<String>, crate::engine::walk::Walk)> {
    let paginator = crate::contract::paging::paginator(&session.model, OP)?;
    let mut body = json!({ "filter": filter(search, fields) });
    // The answer carries the population's field values ("The list of field identifiers to be
    // returned as part of the response"): every value kind is answered and judged.
    if session.model.body_member(OP, "fields").is_some() {
        body["fields"] = fields.values().map(|id| json!({ "id": id })).collect();
    }
    if !search.sorts.is_empty() {
        body["sorts"] = json!(search.sorts);
    }
    let envelope = json!({ "uri": { "domainId": workspace.domain_id }, "body": body });
    // A bare search answers other cases of the domain too: its length is not known.
    let w = walk(
        session,
        OP,
        &paginator,
        &envelope,
        Some(25),
        (!search.bare).then_some(known),
        CASE,
    )
    .await;
    if !matches!(w.end, WalkEnd::Complete) {
        return None;
    }
    let ids = w
        .items()
        .filter_map(|c| c["caseId"].as_str().map(str::to_string))
        .collect();
    Some((ids, w))
}

/// Polls the marker's search until it finds the whole population or `visibility_wait`
/// passes (an eventually consistent index); a wait is named in a note.
async fn wait_visible(
    session: &Session,
    workspace: &Workspace,
    fields: &FieldIds,
    population: &[Modeled],
) {
    let marker = Search {
        label: "the marker alone".into(),
        tree: None,
        sorts: vec![],
        bare: false,
    };
    let started = std::time::Instant::now();
    let deadline = started + session.config.visibility_wait;
    loop {
        let visible = match found(session, workspace, fields, &marker, POPULATION).await {
            Some((ids, _)) => ids.len(),
            None => 0,
        };
        if visible >= population.len() || std::time::Instant::now() >= deadline {
            if !session.config.visibility_wait.is_zero() {
                session.note(format!(
                    "visibility wait: {visible} of {} cases of the SearchCases population were found after {} ms (bound {} s)",
                    population.len(),
                    started.elapsed().as_millis(),
                    session.config.visibility_wait.as_secs()
                ));
            }
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// Sends one search and records its checks.
async fn judge(
    session: &Session,
    workspace: &Workspace,
    fields: &FieldIds,
    population: &[Modeled],
    search: &Search,
) {
    let sent = filter(search, fields);
    let mut expected = Vec::new();
    for case in population {
        match selects(&sent, case) {
            Ok(true) => expected.push(case.id.clone()),
            Ok(false) => {}
            Err(member) => {
                session.note(format!(
                    "{}: {} was not evaluated on {}: the harness does not know what {member} means",
                    OP,
                    CheckId::SearchCasesMatchesModel,
                    search.label
                ));
                return;
            }
        }
    }
    let Some((mut ids, w)) = found(session, workspace, fields, search, population.len()).await
    else {
        return;
    };
    if search.bare {
        let ours: BTreeSet<&str> = population.iter().map(|c| c.id.as_str()).collect();
        ids.retain(|id| ours.contains(id.as_str()));
    }
    let evidence = w.evidence();
    let got: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let want: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let outcome = if got == want && ids.len() == expected.len() {
        Ok(())
    } else {
        Err((
            format!(
                "SearchCases ({}) answered {} cases{}, the model of the population selects {}: {}",
                search.label,
                ids.len(),
                if search.bare {
                    " of the population"
                } else {
                    ""
                },
                expected.len(),
                describe_difference(&want, &got, population)
            ),
            json!({ "filter": sent, "caseIds": want }),
            json!({ "caseIds": ids }),
        ))
    };
    session.verdict(
        OP,
        CheckId::SearchCasesMatchesModel,
        CASE,
        outcome,
        &evidence,
    );
    if search.sorts.is_empty() {
        return;
    }
    let by_id: BTreeMap<&str, &Modeled> = population.iter().map(|c| (c.id.as_str(), c)).collect();
    let answered: Vec<&Modeled> = ids
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    if answered.len() < 2 {
        return;
    }
    let misplaced = answered
        .windows(2)
        .position(|pair| order(&search.sorts, pair[0], pair[1]) == std::cmp::Ordering::Greater);
    let outcome = match misplaced {
        None => Ok(()),
        Some(at) => {
            let key = |c: &Modeled| -> Value {
                search
                    .sorts
                    .iter()
                    .map(|s| {
                        c.fields
                            .get(s["fieldId"].as_str().unwrap_or_default())
                            .cloned()
                            .unwrap_or(Value::Null)
                    })
                    .collect()
            };
            let mut sorted = answered.clone();
            sorted.sort_by(|a, b| order(&search.sorts, a, b));
            Err((
                format!(
                    "SearchCases ({}) answered case {} (sort keys {}) before case {} (sort keys {}), against its sorts",
                    search.label,
                    answered[at].id,
                    key(answered[at]),
                    answered[at + 1].id,
                    key(answered[at + 1])
                ),
                json!({ "sorts": search.sorts, "caseIds": sorted.iter().map(|c| &c.id).collect::<Vec<_>>() }),
                json!({ "caseIds": answered.iter().map(|c| &c.id).collect::<Vec<_>>() }),
            ))
        }
    };
    session.verdict(OP, CheckId::SearchCasesSorted, CASE, outcome, &evidence);
}

/// Which cases are missing from an answer and which are there unselected.
fn describe_difference(
    want: &BTreeSet<&str>,
    got: &BTreeSet<&str>,
    population: &[Modeled],
) -> String {
    let ours: BTreeSet<&str> = population.iter().map(|c| c.id.as_str()).collect();
    let missing: Vec<&&str> = want.difference(got).collect();
    let extra: Vec<&&str> = got.difference(want).collect();
    let foreign = extra.iter().filter(|id| !ours.contains(**id)).count();
    format!("missing {missing:?}, not selected {extra:?} ({foreign} of them not of the population)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grammar() -> Grammar {
        let model = ServiceModel::load(crate::model::Release::V1_44_5).expect("model");
        Grammar::of(&model).expect("SearchCases has a filter")
    }

    fn fields() -> FieldIds {
        [
            (Role::Marker, "m"),
            (Role::Text, "t"),
            (Role::Number, "n"),
            (Role::Flag, "f"),
            (Role::User, "u"),
        ]
        .into_iter()
        .map(|(r, id)| (r, id.to_string()))
        .collect()
    }

    fn population() -> Vec<Modeled> {
        let ids = fields();
        (0..POPULATION)
            .map(|i| {
                let (values, tag) = values(i);
                Modeled {
                    id: format!("c{i}"),
                    fields: values
                        .into_iter()
                        .map(|(r, v)| (ids[&r].clone(), v))
                        .collect(),
                    tags: tag
                        .map(|t| (TAG_KEY.to_string(), t.to_string()))
                        .into_iter()
                        .collect(),
                }
            })
            .collect()
    }

    fn selected(filter: &Value) -> Vec<String> {
        population()
            .into_iter()
            .filter(|c| selects(filter, c).expect("known"))
            .map(|c| c.id)
            .collect()
    }

    #[test]
    fn the_grammar_is_read_from_the_model() {
        let g = grammar();
        assert_eq!(
            g.filters,
            ["andAll", "field", "not", "orAll", "tag"]
                .map(String::from)
                .into()
        );
        assert!(g.comparisons.contains("greaterThanOrEqualTo"));
        assert!(g.tags());
        assert_eq!(g.max_sorts, 2);
        assert!(g.unknown().is_empty());
        let contract = ServiceModel::load(crate::model::Release::CONTRACT).expect("model");
        assert!(
            !Grammar::of(&contract).expect("filter").tags(),
            "no tag before 1.44.5"
        );
    }

    #[test]
    fn every_probe_selects_a_strict_part_of_the_population() {
        let (g, f) = (grammar(), fields());
        let probes = Trees::new(&g, &f).probes();
        assert!(probes.len() >= 12, "{}", probes.len());
        for probe in probes.iter().skip(1) {
            let n = selected(&filter(probe, &f)).len();
            assert!(n > 0 && n < POPULATION, "{}: {n}", probe.label);
        }
        assert_eq!(selected(&filter(&probes[0], &f)).len(), POPULATION);
    }

    #[test]
    fn nestings_send_every_kind_under_every_compound_at_the_top_without_the_marker() {
        let (g, f) = (grammar(), fields());
        let nestings = Trees::new(&g, &f).nestings();
        let mut pairs = BTreeSet::new();
        for search in &nestings {
            assert!(search.bare, "{}", search.label);
            let sent = filter(search, &f);
            assert_eq!(Some(&sent), search.tree.as_ref(), "sent as it is");
            let (outer, inner) = single(&sent).unwrap();
            let children: Vec<&Value> = match inner {
                Value::Array(list) => list.iter().collect(),
                one => vec![one],
            };
            for child in children {
                pairs.insert(format!("{outer}.{}", single(child).unwrap().0));
            }
            // Judged on the population: each selects some of it and not all.
            let n = selected(&sent).len();
            assert!(n > 0 && n < POPULATION, "{}: {n}", search.label);
        }
        let kinds = ["andAll", "field", "not", "orAll", "tag"];
        for outer in ["not", "andAll", "orAll"] {
            for inner in kinds {
                assert!(
                    pairs.contains(&format!("{outer}.{inner}")),
                    "{outer}.{inner}"
                );
            }
        }
    }

    #[test]
    fn or_all_and_all_and_not_mean_what_they_say() {
        let f = fields();
        let trees = Trees::new(&GRAMMAR_ALL, &f);
        let amber = trees.text("contains", "amber");
        let red = trees.text("contains", "red");
        assert_eq!(selected(&amber), ["c0", "c4"]);
        assert_eq!(selected(&json!({ "andAll": [amber, red] })), ["c0"]);
        assert_eq!(
            selected(&json!({ "orAll": [amber, red] })),
            ["c0", "c1", "c2", "c3", "c4"]
        );
        assert_eq!(selected(&json!({ "not": amber })).len(), POPULATION - 2);
        assert_eq!(selected(&trees.number("greaterThan", 9.0)), ["c3"]);
        assert_eq!(
            selected(&trees.number("greaterThan", 6.0)),
            ["c1", "c3", "c6"]
        );
        assert_eq!(selected(&trees.number("lessThanOrEqualTo", 0.0)), ["c0"]);
        assert_eq!(selected(&Trees::tag("north")), ["c0", "c4", "c6"]);
        assert!(selects(&json!({ "someday": {} }), &population()[0]).is_err());
    }

    static GRAMMAR_ALL: std::sync::LazyLock<Grammar> = std::sync::LazyLock::new(grammar);

    #[test]
    fn sorts_order_by_the_first_sort_then_the_next() {
        let f = fields();
        let trees = Trees::new(&GRAMMAR_ALL, &f);
        let mut cases = population();
        cases.sort_by(|a, b| order(&[trees.sort(Role::Number, true)], a, b));
        let numbers: Vec<f64> = cases
            .iter()
            .map(|c| c.fields["n"]["doubleValue"].as_f64().unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] >= w[1]), "{numbers:?}");
        let by_flag_then_number = [
            trees.sort(Role::Flag, false),
            trees.sort(Role::Number, false),
        ];
        cases.sort_by(|a, b| order(&by_flag_then_number, a, b));
        assert_eq!(cases[0].fields["f"]["booleanValue"], false);
    }

    #[test]
    fn random_trees_are_seeded_and_evaluable() {
        let (g, f) = (grammar(), fields());
        let trees = Trees::new(&g, &f);
        let a = trees.random(runner(7, "search-cases").rng(), RANDOM_TREES);
        let b = trees.random(runner(7, "search-cases").rng(), RANDOM_TREES);
        assert_eq!(a, b);
        assert_eq!(a.len(), RANDOM_TREES);
        for search in &a {
            let sent = filter(search, &f);
            for case in population() {
                selects(&sent, &case).expect("every generated member is known");
            }
            assert!(search.sorts.len() <= g.max_sorts);
        }
    }
}
