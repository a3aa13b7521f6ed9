//! Forced paths: a [`Force`] tree makes chosen paths of a request present (optional members,
//! a union member, list item 0) or pins them to fixed values. Mutations use it to guarantee the
//! member they break exists while the rest of the request still varies and shrinks; the engine
//! uses pins to put real resource ARNs into otherwise generated requests. Both kinds of values
//! honour it, generated (`valid.rs`) and boundary (`examples.rs`) ones, so it lives below both.

use std::collections::BTreeMap;

use serde_json::Value;

use super::path::Step;

/// Paths that must be present, some pinned to a value.
#[derive(Debug, Default, Clone)]
pub(crate) struct Force {
    /// Forced children, by step.
    pub children: BTreeMap<Step, Force>,
    /// The fixed value at this path.
    pub pin: Option<Value>,
}

impl Force {
    /// A tree forcing `steps` to exist.
    pub fn path(steps: &[Step]) -> Force {
        let mut force = Force::default();
        force.add(steps, None);
        force
    }

    /// Forces `steps` to exist and, with `pin`, to hold that value.
    pub fn add(&mut self, steps: &[Step], pin: Option<Value>) {
        match steps.split_first() {
            None => {
                if pin.is_some() {
                    self.pin = pin;
                }
            }
            Some((first, rest)) => self
                .children
                .entry(first.clone())
                .or_default()
                .add(rest, pin),
        }
    }

    /// The forced subtree under `step`.
    pub fn child<'f>(force: Option<&'f Force>, step: &Step) -> Option<&'f Force> {
        force.and_then(|f| f.children.get(step))
    }
}
