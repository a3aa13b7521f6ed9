//! Pagination walks: follow `nextToken` until the last page, bounded, recording every page.
//!
//! Whatever suite walks, a walk that does not end (a token seen before, or the page cap
//! reached) is recorded here as a `pagination.terminates` failure: a suite that gives up on
//! an unfinished walk (the round trip, filters, audit) would otherwise hide the one fact that
//! matters about it.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::session::{CallFailed, Session};
use crate::client::Exchange;
use crate::model::Paginator;

/// One page of a walk.
#[derive(Debug, Clone)]
pub struct Page {
    /// The exchange that fetched it.
    pub exchange: Exchange,
    /// The page's items (the paginator's result member).
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
    },
    /// A page request did not succeed.
    Failed(CallFailed),
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

/// Walks `operation` from `envelope` (whose body gets `maxResults` and `nextToken`).
pub async fn walk(
    session: &Session,
    operation: &str,
    paginator: &Paginator,
    envelope: &Value,
    page_size: Option<u32>,
    case: &str,
) -> Walk {
    let mut pages = Vec::new();
    let mut seen_tokens = HashSet::new();
    let mut token: Option<String> = None;
    let cap = session.config.max_pages;
    loop {
        if pages.len() as u32 >= cap {
            return ended(
                session,
                operation,
                case,
                Walk {
                    pages,
                    end: WalkEnd::PageCap { pages: cap },
                    page_size,
                },
            );
        }
        let mut request = envelope.clone();
        if request.get("body").is_none() {
            request["body"] = json!({});
        }
        if let (Some(size), Some(limit_key)) = (page_size, &paginator.limit_key) {
            request["body"][limit_key] = json!(size);
        }
        if let Some(t) = &token {
            request["body"][&paginator.input_token] = json!(t);
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
        let items = body
            .get(&paginator.result_key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let next_token = body
            .get(&paginator.output_token)
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
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
        WalkEnd::PageCap { pages } => (
            format!("the walk did not end within {pages} pages (--max-pages)"),
            json!({ "end": format!("within {pages} pages") }),
            json!({ "pages": pages, "lastToken": last_token }),
        ),
        WalkEnd::Complete | WalkEnd::Failed(_) => return walk,
    };
    session.verdict(
        operation,
        "pagination.terminates",
        case,
        Err(failure),
        &walk.evidence(),
    );
    walk
}

/// The id member of a walk's items (`relatedItemId`, `eventId`): the item shape's first
/// required member whose name ends in `Id`.
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
