//! The tap: every exchange of a session, kept in the order it was sent, with what the flow
//! was doing when it sent it. Only the recorded flow sets one ([`super::flow`]): the
//! set-up, provisioning and clean-up code it shares with a run sends through the session, and
//! the tap is how their exchanges reach the recording without a second sending path.

use std::sync::Mutex;

use serde_json::Value;

use crate::client::Exchange;

/// One exchange as the tap kept it.
#[derive(Debug)]
pub struct Tapped {
    /// The operation sent.
    pub operation: String,
    /// What the flow was doing (`set-up`, `CreateCase/minimal`).
    pub case: String,
    /// The request envelope.
    pub envelope: Value,
    /// The raw body sent instead of the envelope's, if any.
    pub raw_body: Option<Vec<u8>>,
    /// The exchange.
    pub exchange: Exchange,
}

/// Exchanges kept in sending order.
#[derive(Debug, Default)]
pub struct Tap {
    case: Mutex<String>,
    kept: Mutex<Vec<Tapped>>,
}

impl Tap {
    /// Labels the exchanges kept from now on with `case`.
    pub fn label(&self, case: impl Into<String>) {
        *self.case.lock().expect("tap lock") = case.into();
    }

    /// Keeps one exchange (the session calls this for every answer it hands on).
    pub fn keep(
        &self,
        operation: &str,
        envelope: &Value,
        raw_body: Option<&[u8]>,
        exchange: &Exchange,
    ) {
        let case = self.case.lock().expect("tap lock").clone();
        self.kept.lock().expect("tap lock").push(Tapped {
            operation: operation.to_string(),
            case,
            envelope: envelope.clone(),
            raw_body: raw_body.map(<[u8]>::to_vec),
            exchange: exchange.clone(),
        });
    }

    /// Everything kept so far, in order, leaving the tap empty.
    pub fn take(&self) -> Vec<Tapped> {
        std::mem::take(&mut *self.kept.lock().expect("tap lock"))
    }
}
