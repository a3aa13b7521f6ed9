//! Pagination walks: follow `nextToken` until the last page, bounded, recording every page.
//!
//! Whatever suite walks, a walk that does not end (a token seen before, or the page cap
//! reached) is recorded here as a `pagination.terminates` failure, and every page is judged
//! by `pagination.page-size` here: a suite that gives up on an unfinished walk (the round
//! trip, filters, audit) would otherwise hide the one fact that matters about it.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use serde_json::{Value, json};

use super::record::REPORT_BODY_LIMIT;
use super::session::{CallFailed, Session};
use crate::checks::CheckId;
use crate::client::Exchange;
use crate::model::Paginator;

/// One page of a walk.
#[derive(Debug, Clone)]
pub struct Page {
    /// The exchange that fetched it, its response body cut to what a report quotes
    /// ([`Exchange::retain`]): it was judged when it arrived.
    pub exchange: Exchange,
    /// The page's items (the paginator's result member); none for an oversized page.
    pub items: Vec<Value>,
    /// The token the page handed out, if any.
    pub next_token: Option<String>,
}

/// How a walk ended.
#[derive(Debug, Clone)]
pub enum WalkEnd {
    /// A page without a token.
    Complete,
    /// A token came back that the walk had already followed: it would never end.
    Cycle {
        /// The repeated token.
        token: String,
    },
    /// The page cap was reached with tokens still coming.
    PageCap {
        /// The cap.
        pages: u32,
        /// The items the run knows the listing holds, when the cap came from them.
        known_items: Option<usize>,
    },
    /// An earlier walk of the listing did not end, and this one, whose length the run cannot
    /// bound, was stopped after [`CUT_SHORT_AFTER`] pages: not evaluated, for the reason given.
    CutShort {
        /// Why, for the report.
        reason: String,
    },
    /// A page request did not succeed.
    Failed(CallFailed),
    /// The last page held more items than the page size asked for, or than the model lets a
    /// client ask for when none was (recorded as a `pagination.page-size` failure by the
    /// walk); its items are not kept.
    Oversized {
        /// Items the page held.
        items: usize,
        /// The most it may hold.
        limit: u32,
    },
}

/// A whole walk.
#[derive(Debug, Clone)]
pub struct Walk {
    /// The pages in order.
    pub pages: Vec<Page>,
    /// How it ended.
    pub end: WalkEnd,
    /// The page size asked for (`None`: the target's default).
    pub page_size: Option<u32>,
}

impl Walk {
    /// Every item of every page, in order.
    pub fn items(&self) -> impl Iterator<Item = &Value> {
        self.pages.iter().flat_map(|p| p.items.iter())
    }

    /// The exchanges of the last few pages: what a failure report quotes.
    pub fn evidence(&self) -> Vec<&Exchange> {
        let skip = self.pages.len().saturating_sub(3);
        self.pages.iter().skip(skip).map(|p| &p.exchange).collect()
    }

    /// [`evidence`](Self::evidence) as owned records, for failures built before they are
    /// recorded (stateful divergences).
    pub fn evidence_records(&self, operation: &str) -> Vec<super::record::ExchangeRecord> {
        self.evidence()
            .into_iter()
            .map(|e| super::record::ExchangeRecord::new(operation, e))
            .collect()
    }
}

/// Pages a walk over a listing of known length may take beyond the `ceil(items / page size)`
/// it needs: one for a last page that is empty (judged by `pagination.last-page-no-token`),
/// one more for good measure.
pub const PAGE_SLACK: u32 = 2;

/// Pages a walk takes, when the run cannot bound its length, of a listing an earlier walk of
/// which did not end, before it is cut short.
pub const CUT_SHORT_AFTER: u32 = 10;

/// The paginated operations a walk of which did not end in this run (`pagination.terminates`
/// failed), each with the later walks of it cut short after [`CUT_SHORT_AFTER`] pages.
#[derive(Debug, Default)]
pub struct Unending(Mutex<BTreeMap<String, u64>>);

impl Unending {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        self.0.lock().expect("unending lock")
    }

    /// Whether a walk of `operation` already failed to end.
    fn contains(&self, operation: &str) -> bool {
        self.lock().contains_key(operation)
    }

    /// Remembers that a walk of `operation` did not end.
    fn insert(&self, operation: &str) {
        self.lock().entry(operation.to_string()).or_default();
    }

    /// Counts a walk of `operation` cut short.
    fn cut_short(&self, operation: &str) {
        *self.lock().entry(operation.to_string()).or_default() += 1;
    }

    /// One note per operation some of whose walks were cut short, for the report.
    pub fn notes(&self) -> Vec<String> {
        self.lock()
            .iter()
            .filter(|(_, walks)| **walks > 0)
            .map(|(operation, walks)| {
                format!(
                    "{walks} later walks of {operation} were cut short after {CUT_SHORT_AFTER} pages, because an earlier walk of it did not end (pagination.terminates failed); what they would have checked was not evaluated"
                )
            })
            .collect()
    }
}

/// Where a walk stops if tokens keep coming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    /// The listing holds `items` the run knows of: past `pages`, the walk fails
    /// `pagination.terminates`.
    Known { pages: u32, items: usize },
    /// `--max-pages`: past it, the walk fails `pagination.terminates`.
    Configured(u32),
    /// An earlier walk of the listing did not end: past `CUT_SHORT_AFTER` pages this one
    /// stops, not evaluated.
    CutShort(u32),
}

impl Limit {
    fn pages(self) -> u32 {
        match self {
            Limit::Known { pages, .. } | Limit::Configured(pages) | Limit::CutShort(pages) => pages,
        }
    }

    /// The limit of a walk at `page_size` (`None`: the target's default, which may be as small
    /// as one item) over a listing of `known_items`, if the run knows them, once its pages
    /// have brought `seen` items. A listing holding more than the run created (a target that
    /// leaks other cases' items) is bounded by what it brings, not failed for it: only pages
    /// that bring nothing new run into the limit.
    fn of(
        max_pages: u32,
        page_size: Option<u32>,
        known_items: Option<usize>,
        seen: usize,
        unending: bool,
    ) -> Limit {
        match known_items {
            Some(items) => {
                let per_page = page_size.unwrap_or(1).max(1) as usize;
                let needed = items.max(seen).div_ceil(per_page).max(1) as u32;
                let pages = needed.saturating_add(PAGE_SLACK).min(max_pages);
                Limit::Known { pages, items }
            }
            None if unending => Limit::CutShort(CUT_SHORT_AFTER.min(max_pages)),
            None => Limit::Configured(max_pages),
        }
    }
}

/// Walks `operation` from `envelope` (whose body gets `maxResults` and `nextToken`).
///
/// `known_items` is how many items the run knows the listing holds, when it created them all
/// (an upper bound is enough: a fresh case's items): the walk then fails
/// `pagination.terminates` as soon as it is past the pages they need plus [`PAGE_SLACK`],
/// not at `--max-pages`. A walk of a listing that already failed to end elsewhere in the run,
/// and whose length the run cannot bound, is cut short after [`CUT_SHORT_AFTER`] pages
/// instead of repeating the whole failure.
pub async fn walk(
    session: &Session,
    operation: &str,
    paginator: &Paginator,
    envelope: &Value,
    page_size: Option<u32>,
    known_items: Option<usize>,
    case: &str,
) -> Walk {
    let mut pages: Vec<Page> = Vec::new();
    let mut seen_tokens = HashSet::new();
    let mut token: Option<String> = None;
    let unending = session.unending.contains(operation);
    // Without a page size asked for, a page may hold what the model lets a client ask for.
    let allowed =
        page_size.or_else(|| crate::contract::paging::largest_page(&session.model, operation));
    let mut seen = 0;
    loop {
        let limit = Limit::of(
            session.config.max_pages,
            page_size,
            known_items,
            seen,
            unending,
        );
        if pages.len() as u32 >= limit.pages() {
            let end = match limit {
                Limit::Known { pages, items } => WalkEnd::PageCap {
                    pages,
                    known_items: Some(items),
                },
                Limit::Configured(pages) => WalkEnd::PageCap {
                    pages,
                    known_items: None,
                },
                Limit::CutShort(pages) => {
                    session.unending.cut_short(operation);
                    WalkEnd::CutShort {
                        reason: format!(
                            "the walk of {operation} was cut short after {pages} pages: an earlier walk of this listing did not end (pagination.terminates failed)"
                        ),
                    }
                }
            };
            return ended(
                session,
                operation,
                case,
                Walk {
                    pages,
                    end,
                    page_size,
                },
            );
        }
        let mut request = envelope.clone();
        if let (Some(size), Some(limit_key)) = (page_size, &paginator.limit_key) {
            set_member(session, operation, &mut request, limit_key, json!(size));
        }
        if let Some(t) = &token {
            set_member(
                session,
                operation,
                &mut request,
                &paginator.input_token,
                json!(t),
            );
        }
        let (body, exchange) = match session.call(operation, &request, case).await {
            Ok(ok) => ok,
            Err(failed) => {
                return Walk {
                    pages,
                    end: WalkEnd::Failed(failed),
                    page_size,
                };
            }
        };
        let (items, next_token) = take_page(body, paginator);
        let mut exchange = exchange;
        // Judged: what a report can quote of it is all a walk keeps.
        exchange.retain(REPORT_BODY_LIMIT);
        let held = items.len();
        let oversized = allowed.filter(|&n| held > n as usize);
        if let Some(limit) = allowed {
            session.verdict(
                operation,
                CheckId::PaginationPageSize,
                case,
                match oversized {
                    None => Ok(()),
                    Some(_) => Err(page_size_violation(pages.len() + 1, held, limit)),
                },
                &[&exchange],
            );
        }
        if let Some(limit) = oversized {
            // More items than may be: the page is not trusted, and a huge one is not held
            // (every suite walking at once would hold one each).
            pages.push(Page {
                exchange,
                items: Vec::new(),
                next_token,
            });
            return Walk {
                pages,
                end: WalkEnd::Oversized { items: held, limit },
                page_size,
            };
        }
        seen += items.len();
        pages.push(Page {
            exchange,
            items,
            next_token: next_token.clone(),
        });
        match next_token {
            None => {
                return Walk {
                    pages,
                    end: WalkEnd::Complete,
                    page_size,
                };
            }
            Some(t) if !seen_tokens.insert(t.clone()) => {
                return ended(
                    session,
                    operation,
                    case,
                    Walk {
                        pages,
                        end: WalkEnd::Cycle { token: t },
                        page_size,
                    },
                );
            }
            Some(t) => token = Some(t),
        }
    }
}

/// A page's items (taken, not copied: a page may hold megabytes of them) and its token.
fn take_page(mut body: Value, paginator: &Paginator) -> (Vec<Value>, Option<String>) {
    let items = match body
        .as_object_mut()
        .and_then(|b| b.remove(&paginator.result_key))
    {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let next_token = body
        .get(&paginator.output_token)
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    (items, next_token)
}

/// The `pagination.page-size` failure of page `page` (from 1) holding `items` where at most
/// `limit` may be: message, expected, actual.
fn page_size_violation(page: usize, items: usize, limit: u32) -> (String, Value, Value) {
    (
        format!("page {page} holds {items} items, more than {limit}"),
        json!({ "maxItems": limit }),
        json!({ "items": items, "page": page }),
    )
}

/// Records a walk that would never end as a `pagination.terminates` failure, naming the
/// repeated token or the cap (`--max-pages`), and returns it. Complete walks are counted as
/// passes by the pagination suite, which judges them further.
fn ended(session: &Session, operation: &str, case: &str, walk: Walk) -> Walk {
    let last_token = walk.pages.last().and_then(|p| p.next_token.clone());
    let failure = match &walk.end {
        WalkEnd::Cycle { token } => (
            format!(
                "the walk cycles: token {token:?} came back after {} pages",
                walk.pages.len()
            ),
            json!({ "end": "a page without nextToken" }),
            json!({ "repeatedToken": token, "pages": walk.pages.len() }),
        ),
        WalkEnd::PageCap {
            pages,
            known_items: None,
        } => (
            format!("the walk did not end within {pages} pages (--max-pages)"),
            json!({ "end": format!("within {pages} pages") }),
            json!({ "pages": pages, "lastToken": last_token }),
        ),
        WalkEnd::PageCap {
            pages,
            known_items: Some(items),
        } => (
            format!(
                "the walk did not end within {pages} pages, although the listing holds at most {items} items the run created ({} per page{}, plus {PAGE_SLACK} pages of slack) and its pages held {} items",
                walk.page_size
                    .map_or_else(|| "at least 1".to_string(), |n| n.to_string()),
                if walk.page_size.is_none() {
                    " at the target's default page size"
                } else {
                    ""
                },
                walk.items().count()
            ),
            json!({ "end": format!("within {pages} pages"), "knownItems": items }),
            json!({ "pages": pages, "lastToken": last_token }),
        ),
        WalkEnd::Complete
        | WalkEnd::Failed(_)
        | WalkEnd::CutShort { .. }
        | WalkEnd::Oversized { .. } => return walk,
    };
    session.unending.insert(operation);
    session.verdict(
        operation,
        CheckId::PaginationTerminates,
        case,
        Err(failure),
        &walk.evidence(),
    );
    walk
}

/// The id member of a walk's items (`relatedItemId`, `eventId`): the item shape's first
/// required member whose name ends in `Id`.
/// Sets the top-level input member `member` of `operation` in `request` where the model binds
/// it: the query string (ListCaseRules' `nextToken`) or the body.
pub fn set_member(
    session: &Session,
    operation: &str,
    request: &mut Value,
    member: &str,
    value: Value,
) {
    let in_query = session
        .model
        .operation(operation)
        .and_then(|op| op.input.as_ref())
        .and_then(|input| session.model.structure(&input.shape))
        .and_then(|s| s.members.get(member))
        .is_some_and(|m| m.location == Some(crate::model::Location::Querystring));
    let part = if in_query { "query" } else { "body" };
    if !request.get(part).is_some_and(Value::is_object) {
        request[part] = json!({});
    }
    request[part][member] = value;
}

pub fn item_id_member(session: &Session, operation: &str, paginator: &Paginator) -> Option<String> {
    let model = &session.model;
    let op = model.operation(operation)?;
    let output = model.structure(&op.output.as_ref()?.shape)?;
    let list = output.members.get(&paginator.result_key)?;
    let crate::model::Shape::List(list) = model.shape(&list.shape) else {
        return None;
    };
    let item = model.structure(&list.member.shape)?;
    item.required.iter().find(|m| m.ends_with("Id")).cloned()
}
