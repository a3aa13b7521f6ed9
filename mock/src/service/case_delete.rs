//! DeleteCase (1.44.5): "permanently deletes a case and all its associated resources".
//! The case leaves the domain (GetCase, SearchCases and ListCasesForContact no longer
//! find it), with its related items and audit history (they live in the case record),
//! the tags of the case and of its items, and the finished merges it was the secondary
//! case of. A case in a running merge is a 409 ("You can't delete a case while it's
//! part of a merge that is running, as either the primary or the secondary case").

use super::Service;
use crate::decode::case_delete::CasePathInput;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::EmptyOutput;

impl Service {
    /// Deletes a case; an unknown (or already deleted) case is a 404.
    pub(super) fn delete_case(&self, input: &CasePathInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            s.domain(&input.domain_id)?.case(&input.case_id)?;
            if s.running_merge(&input.domain_id, &input.case_id).is_some() {
                return Err(ApiError::conflict(format!(
                    "Case {} is part of a merge that is running",
                    input.case_id
                )));
            }
            let domain = s.domain_mut(&input.domain_id)?;
            let case = domain.remove_case(&input.case_id)?;
            let arn = case.arn.clone();
            if self.config.faults.contains(&Fault::DeletedCaseFound) {
                domain.search_ghosts.push(case);
            }
            s.drop_tags_under(&arn);
            s.forget_merges_of(&input.domain_id, &input.case_id);
            Ok(EmptyOutput {})
        })
    }
}
