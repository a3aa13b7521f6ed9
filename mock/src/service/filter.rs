//! Which stored related items a search filter matches.

use std::collections::BTreeSet;

use super::case_filter;
use super::related_content::shown_sla_status;
use crate::decode::related_items::RelatedItemFilter;
use crate::faults::Fault;
use crate::store::records::{Case, RelatedItem, StoredContent};
use crate::time::Millis;

/// Whether `item` (of `case`, searched at `now`) matches any of `filters`; no filters
/// match everything. (With `filters-intersected`: all of them.)
pub fn matches_any(
    filters: &[RelatedItemFilter],
    item: &RelatedItem,
    case: &Case,
    now: Millis,
    faults: &BTreeSet<Fault>,
) -> bool {
    let hit = |f: &RelatedItemFilter| matches(f, item, case, now, faults);
    if faults.contains(&Fault::FiltersIntersected) {
        return filters.iter().all(hit);
    }
    filters.is_empty() || filters.iter().any(hit)
}

/// Whether `item` matches `filter`: same type, and every criterion given agrees. An
/// SLA's `status` is the one it has at `now` (see `related_content::sla_status`); a
/// custom item's fields are compared as SearchCases compares a case's fields.
pub fn matches(
    filter: &RelatedItemFilter,
    item: &RelatedItem,
    case: &Case,
    now: Millis,
    faults: &BTreeSet<Fault>,
) -> bool {
    let ignored = match filter {
        RelatedItemFilter::Comment => faults.contains(&Fault::CommentFilterIgnored),
        RelatedItemFilter::File { .. } => faults.contains(&Fault::FileFilterIgnored),
        RelatedItemFilter::Contact { channels, .. } => {
            !channels.is_empty() && faults.contains(&Fault::ContactChannelFilterIgnored)
        }
        RelatedItemFilter::Sla { .. }
        | RelatedItemFilter::ConnectCase { .. }
        | RelatedItemFilter::Custom { .. } => false,
    };
    if ignored {
        return true;
    }
    match (filter, &item.content) {
        (RelatedItemFilter::Comment, StoredContent::Comment { .. }) => true,
        (
            RelatedItemFilter::Contact {
                contact_arn,
                channels,
            },
            StoredContent::Contact {
                contact_arn: arn,
                channel,
                ..
            },
        ) => {
            (contact_arn.as_ref().is_none_or(|a| a == arn)
                || faults.contains(&Fault::ContactArnFilterIgnored))
                && (channels.is_empty()
                    || channels.contains(channel)
                    || faults.contains(&Fault::ContactChannelCriterionIgnored))
        }
        (RelatedItemFilter::File { file_arn }, StoredContent::File { file_arn: arn }) => {
            file_arn.as_ref().is_none_or(|a| a == arn)
        }
        (RelatedItemFilter::Sla { name, status }, StoredContent::Sla(sla)) => {
            (name.as_ref().is_none_or(|n| *n == sla.name)
                || faults.contains(&Fault::SlaNameFilterIgnored))
                && status.as_ref().is_none_or(|s| {
                    *s == shown_sla_status(sla, item.association_time, case, now, faults).0
                })
        }
        (
            RelatedItemFilter::ConnectCase { case_id },
            StoredContent::ConnectCase { case_id: related },
        ) => {
            case_id.as_ref().is_none_or(|c| c == related)
                || faults.contains(&Fault::ConnectCaseFilterIgnored)
        }
        (RelatedItemFilter::Custom { fields: tree }, StoredContent::Custom { fields }) => {
            faults.contains(&Fault::CustomFilterIgnored)
                || tree
                    .as_ref()
                    .is_none_or(|tree| case_filter::matches(tree, fields))
        }
        _ => false,
    }
}

/// Canonical text of a filter list, binding pagination tokens to the query.
pub fn canonical(filters: &[RelatedItemFilter]) -> String {
    format!("{filters:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Case {
        Case {
            id: "c".into(),
            arn: "arn:c".into(),
            template_id: "t".into(),
            fields: Vec::new(),
            related_items: Vec::new(),
            audit_events: Vec::new(),
        }
    }

    fn matches(filter: &RelatedItemFilter, item: &RelatedItem) -> bool {
        super::matches(filter, item, &case(), 0, &BTreeSet::new())
    }

    fn matches_with(
        filter: &RelatedItemFilter,
        item: &RelatedItem,
        faults: &BTreeSet<Fault>,
    ) -> bool {
        super::matches(filter, item, &case(), 0, faults)
    }

    fn matches_any(filters: &[RelatedItemFilter], item: &RelatedItem) -> bool {
        super::matches_any(filters, item, &case(), 0, &BTreeSet::new())
    }

    fn matches_any_with(
        filters: &[RelatedItemFilter],
        item: &RelatedItem,
        faults: &BTreeSet<Fault>,
    ) -> bool {
        super::matches_any(filters, item, &case(), 0, faults)
    }

    fn item(content: StoredContent) -> RelatedItem {
        RelatedItem {
            id: "i".into(),
            content,
            association_time: 0,
            performed_by: None,
            last_updated_by: None,
            deleted: false,
            seq: 0,
        }
    }

    fn contact(arn: &str, channel: &str) -> RelatedItem {
        item(StoredContent::Contact {
            contact_arn: arn.into(),
            channel: channel.into(),
            connected_to_system_time: 0,
        })
    }

    #[test]
    fn empty_filters_match_their_whole_kind() {
        let comment = item(StoredContent::Comment {
            body: "b".into(),
            content_type: "Text/Plain".into(),
        });
        let file = item(StoredContent::File {
            file_arn: "f".into(),
        });
        assert!(matches(&RelatedItemFilter::Comment, &comment));
        assert!(!matches(&RelatedItemFilter::Comment, &file));
        assert!(matches(&RelatedItemFilter::File { file_arn: None }, &file));
        let any_contact = RelatedItemFilter::Contact {
            contact_arn: None,
            channels: vec![],
        };
        assert!(matches(&any_contact, &contact("c", "VOICE")));
        assert!(!matches(&any_contact, &file));
    }

    #[test]
    fn criteria_narrow_the_match() {
        let by_arn = RelatedItemFilter::Contact {
            contact_arn: Some("c1".into()),
            channels: vec![],
        };
        assert!(matches(&by_arn, &contact("c1", "VOICE")));
        assert!(!matches(&by_arn, &contact("c2", "VOICE")));
        let by_channel = RelatedItemFilter::Contact {
            contact_arn: None,
            channels: vec!["CHAT".into(), "TASK".into()],
        };
        assert!(matches(&by_channel, &contact("c1", "CHAT")));
        assert!(!matches(&by_channel, &contact("c1", "VOICE")));
        let by_file = RelatedItemFilter::File {
            file_arn: Some("f1".into()),
        };
        assert!(matches(
            &by_file,
            &item(StoredContent::File {
                file_arn: "f1".into()
            })
        ));
        assert!(!matches(
            &by_file,
            &item(StoredContent::File {
                file_arn: "f2".into()
            })
        ));
    }

    #[test]
    fn several_filters_are_a_union() {
        let filters = [
            RelatedItemFilter::Comment,
            RelatedItemFilter::File { file_arn: None },
        ];
        assert!(matches_any(
            &filters,
            &item(StoredContent::File {
                file_arn: "f".into()
            })
        ));
        assert!(!matches_any(&filters, &contact("c", "VOICE")));
        assert!(matches_any(&[], &contact("c", "VOICE")));
    }

    #[test]
    fn faults_widen_or_narrow_the_match() {
        let comment = item(StoredContent::Comment {
            body: "b".into(),
            content_type: "Text/Plain".into(),
        });
        let file = item(StoredContent::File {
            file_arn: "f".into(),
        });
        let on = |fault: Fault| BTreeSet::from([fault]);
        let by_file = RelatedItemFilter::File {
            file_arn: Some("other".into()),
        };
        assert!(!matches(&by_file, &comment));
        assert!(matches_with(
            &by_file,
            &comment,
            &on(Fault::FileFilterIgnored)
        ));
        assert!(matches_with(
            &RelatedItemFilter::Comment,
            &file,
            &on(Fault::CommentFilterIgnored)
        ));
        let by_channel = RelatedItemFilter::Contact {
            contact_arn: None,
            channels: vec!["CHAT".into()],
        };
        assert!(!matches(&by_channel, &file));
        assert!(matches_with(
            &by_channel,
            &file,
            &on(Fault::ContactChannelFilterIgnored)
        ));
        // The channel criterion alone ignored: any contact, but still only contacts.
        assert!(!matches(&by_channel, &contact("c1", "VOICE")));
        assert!(matches_with(
            &by_channel,
            &contact("c1", "VOICE"),
            &on(Fault::ContactChannelCriterionIgnored)
        ));
        assert!(!matches_with(
            &by_channel,
            &file,
            &on(Fault::ContactChannelCriterionIgnored)
        ));
        let by_arn = RelatedItemFilter::Contact {
            contact_arn: Some("c1".into()),
            channels: vec![],
        };
        assert!(!matches(&by_arn, &contact("c2", "VOICE")));
        assert!(matches_with(
            &by_arn,
            &contact("c2", "VOICE"),
            &on(Fault::ContactArnFilterIgnored)
        ));
        assert!(!matches_with(
            &by_arn,
            &file,
            &on(Fault::ContactArnFilterIgnored)
        ));
        let both = [
            RelatedItemFilter::Comment,
            RelatedItemFilter::File { file_arn: None },
        ];
        assert!(matches_any(&both, &file));
        assert!(!matches_any_with(
            &both,
            &file,
            &on(Fault::FiltersIntersected)
        ));
        assert!(matches_any_with(&[], &file, &on(Fault::FiltersIntersected)));
    }

    #[test]
    fn filters_of_the_1_44_5_kinds() {
        use crate::decode::common::FieldValue;
        use crate::decode::search_cases::{CaseFilter, Comparison, FieldComparison};
        use crate::store::records::StoredSla;
        let sla = item(StoredContent::Sla(StoredSla {
            name: "reply".into(),
            sla_type: "CaseField".into(),
            field_id: None,
            target_field_values: Vec::new(),
            target_time: 10,
        }));
        let by_status = |status: &str| RelatedItemFilter::Sla {
            name: None,
            status: Some(status.into()),
        };
        assert!(
            matches(&by_status("Active"), &sla),
            "searched at 0, due at 10"
        );
        assert!(!matches(&by_status("Overdue"), &sla));
        assert!(!super::matches(
            &by_status("Active"),
            &sla,
            &case(),
            11,
            &BTreeSet::new()
        ));
        let by_name = |name: &str| RelatedItemFilter::Sla {
            name: Some(name.into()),
            status: None,
        };
        assert!(matches(&by_name("reply"), &sla));
        assert!(!matches(&by_name("other"), &sla));
        let linked = item(StoredContent::ConnectCase {
            case_id: "c2".into(),
        });
        let to = |id: Option<&str>| RelatedItemFilter::ConnectCase {
            case_id: id.map(str::to_owned),
        };
        assert!(matches(&to(None), &linked) && matches(&to(Some("c2")), &linked));
        assert!(!matches(&to(Some("c3")), &linked) && !matches(&to(None), &sla));
        let custom = item(StoredContent::Custom {
            fields: vec![("f".into(), FieldValue::Double(3.0))],
        });
        let over = |n: f64| RelatedItemFilter::Custom {
            fields: Some(CaseFilter::Field(FieldComparison {
                path: "filters[0].custom.fields.field.greaterThan".into(),
                comparison: Comparison::GreaterThan,
                field_id: "f".into(),
                value: FieldValue::Double(n),
            })),
        };
        assert!(matches(&over(2.0), &custom));
        assert!(!matches(&over(3.0), &custom));
        assert!(matches(
            &RelatedItemFilter::Custom { fields: None },
            &custom
        ));
        assert!(!matches(
            &RelatedItemFilter::Custom { fields: None },
            &linked
        ));
    }
}
