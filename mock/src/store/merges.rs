//! Case merges (StartMergeCases, 1.44.5), kept beside the records: a merge runs for a
//! while (see `service::merge`) and is then applied; finished merges stay so a merged
//! secondary case can report `COMPLETED` and refuse another merge.

use super::State;
use crate::decode::performer::Performer;
use crate::time::Millis;

/// One merge of a secondary case into a primary case of a domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merge {
    /// Domain of both cases.
    pub domain_id: String,
    /// The merge's id: every audit event it produces carries it as `mergeEventId`.
    pub merge_event_id: String,
    /// The primary case, which receives values and items.
    pub primary: String,
    /// The secondary case, closed by the merge.
    pub secondary: String,
    /// Field ids whose values to take from the secondary case.
    pub field_ids: Vec<String>,
    /// Related-item union members to move.
    pub move_members: Vec<&'static str>,
    /// `performedBy` of StartMergeCases.
    pub performed_by: Option<Performer>,
    /// When the merge finishes (it is applied at the first request from then on).
    pub due: Millis,
    /// Whether it has been applied.
    pub completed: bool,
}

impl Merge {
    fn involves(&self, domain_id: &str, case_id: &str) -> bool {
        self.domain_id == domain_id && (self.primary == case_id || self.secondary == case_id)
    }
}

impl State {
    /// Records a merge that has just started.
    pub fn start_merge(&mut self, merge: Merge) {
        self.merges.push(merge);
    }

    /// The running merge the case takes part in (as primary or secondary), if any.
    pub fn running_merge(&self, domain_id: &str, case_id: &str) -> Option<&Merge> {
        self.merges
            .iter()
            .find(|m| !m.completed && m.involves(domain_id, case_id))
    }

    /// Whether the case is the secondary case of a running merge (it may not be
    /// modified: StartMergeCases's documentation).
    pub fn is_merging_secondary(&self, domain_id: &str, case_id: &str) -> bool {
        self.running_merge(domain_id, case_id)
            .is_some_and(|m| m.secondary == case_id)
    }

    /// The finished merge the case was the secondary case of, if any.
    pub fn merged_into(&self, domain_id: &str, case_id: &str) -> Option<&Merge> {
        self.merges
            .iter()
            .find(|m| m.completed && m.domain_id == domain_id && m.secondary == case_id)
    }

    /// Whether some running merge is due at `now`.
    pub fn merge_due(&self, now: Millis) -> bool {
        self.merges.iter().any(|m| !m.completed && m.due <= now)
    }

    /// The running merges due at `now`, marked completed (the caller applies them).
    pub fn finish_due_merges(&mut self, now: Millis) -> Vec<Merge> {
        let mut due = Vec::new();
        for merge in self
            .merges
            .iter_mut()
            .filter(|m| !m.completed && m.due <= now)
        {
            merge.completed = true;
            due.push(merge.clone());
        }
        due
    }

    /// Forgets the finished merges whose secondary case was `case_id` (DeleteCase: the
    /// case is gone, so nothing can ask about them).
    pub fn forget_merges_of(&mut self, domain_id: &str, case_id: &str) {
        self.merges
            .retain(|m| !(m.completed && m.domain_id == domain_id && m.secondary == case_id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(due: Millis) -> Merge {
        Merge {
            domain_id: "d".into(),
            merge_event_id: "m".into(),
            primary: "p".into(),
            secondary: "s".into(),
            field_ids: Vec::new(),
            move_members: Vec::new(),
            performed_by: None,
            due,
            completed: false,
        }
    }

    #[test]
    fn a_merge_runs_until_due_then_is_finished_once() {
        let mut s = State::default();
        s.start_merge(merge(100));
        assert!(s.running_merge("d", "p").is_some());
        assert!(s.is_merging_secondary("d", "s"));
        assert!(!s.is_merging_secondary("d", "p"));
        assert!(!s.merge_due(99));
        assert!(s.finish_due_merges(99).is_empty());
        assert_eq!(s.finish_due_merges(100).len(), 1);
        assert!(s.finish_due_merges(200).is_empty(), "applied once");
        assert!(s.running_merge("d", "p").is_none());
        assert_eq!(
            s.merged_into("d", "s").map(|m| m.primary.as_str()),
            Some("p")
        );
        assert!(s.merged_into("d", "p").is_none());
        s.forget_merges_of("d", "s");
        assert!(s.merged_into("d", "s").is_none());
    }
}
