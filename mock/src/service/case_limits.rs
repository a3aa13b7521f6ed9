//! Case rules of 1.44.5 that need more than the request: the `Summary` bound and the
//! `customEntity` performer carried into audit events.

use crate::config::MockRelease;
use crate::decode::common::FieldValue;
use crate::decode::performer::Performer;
use crate::error::ApiError;
use crate::store::records::AuditExtra;

/// `FieldValueUnion`'s note in 1.44.5: "The `Summary` system field accepts up to 3000
/// characters, while all other fields accept up to 4100 characters."
const SUMMARY_MAX: usize = 3000;

/// At 1.44.5, a `summary` value longer than 3000 characters is a 400 naming the value
/// (before, every string value had the 1500 bound, checked when decoding).
pub(super) fn check_summary_bound(
    release: MockRelease,
    fields: &[(String, FieldValue)],
) -> Result<(), ApiError> {
    if release < MockRelease::V1_44_5 {
        return Ok(());
    }
    for (i, (id, value)) in fields.iter().enumerate() {
        if let FieldValue::String(s) = value
            && id == "summary"
            && s.chars().count() > SUMMARY_MAX
        {
            return Err(super::cases::invalid(
                &format!("fields[{i}].value.stringValue"),
                &format!("have length less than or equal to {SUMMARY_MAX} for the summary field"),
            ));
        }
    }
    Ok(())
}

/// The user ARN an audit event records for `performer` (none for a custom entity).
pub(super) fn performer_arn(performer: Option<&Performer>) -> Option<String> {
    performer.and_then(Performer::user_arn).map(str::to_owned)
}

/// The 1.44.5 members of an audit event for `performer`: its custom entity, if any.
pub(super) fn performer_extra(performer: Option<&Performer>) -> AuditExtra {
    AuditExtra {
        custom_entity: match performer {
            Some(Performer::CustomEntity(entity)) => Some(entity.clone()),
            _ => None,
        },
        merge: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_bounded_at_1_44_5_only() {
        let long = vec![("summary".to_owned(), FieldValue::String("s".repeat(3001)))];
        assert!(check_summary_bound(MockRelease::V1_34_98, &long).is_ok());
        let err = check_summary_bound(MockRelease::V1_44_5, &long).expect_err("3000");
        assert!(err.message.contains("'fields[0].value.stringValue'"));
        let other = vec![("title".to_owned(), FieldValue::String("s".repeat(4100)))];
        assert!(check_summary_bound(MockRelease::V1_44_5, &other).is_ok());
    }

    #[test]
    fn custom_entities_go_to_the_extra_members() {
        let custom = Performer::CustomEntity("bot".into());
        assert_eq!(performer_arn(Some(&custom)), None);
        assert_eq!(
            performer_extra(Some(&custom)).custom_entity.as_deref(),
            Some("bot")
        );
        let user = Performer::UserArn("arn:u".into());
        assert_eq!(performer_arn(Some(&user)).as_deref(), Some("arn:u"));
        assert_eq!(performer_extra(Some(&user)), AuditExtra::default());
    }
}
