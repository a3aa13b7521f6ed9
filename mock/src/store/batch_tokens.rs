//! BatchUpdateCase idempotency (1.44.5): "If you retry a request with the same client
//! token, the service returns the original response instead of processing the request
//! again. If you reuse a client token with different request parameters, the request
//! fails with a `ConflictException`."

use super::State;
use crate::output::BatchUpdateCaseOutput;

/// What a client token of one domain was first used for.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchReplay {
    /// The request's parameters (everything but the token), as text.
    pub fingerprint: String,
    /// The answer it got.
    pub answer: BatchUpdateCaseOutput,
}

impl State {
    /// What `token` was first used for in `domain_id`, if it was.
    pub fn batch_replay(&self, domain_id: &str, token: &str) -> Option<&BatchReplay> {
        self.batch_tokens
            .get(&(domain_id.to_owned(), token.to_owned()))
    }

    /// Remembers the first use of `token` in `domain_id`.
    pub fn remember_batch(&mut self, domain_id: &str, token: &str, replay: BatchReplay) {
        self.batch_tokens
            .entry((domain_id.to_owned(), token.to_owned()))
            .or_insert(replay);
    }
}
