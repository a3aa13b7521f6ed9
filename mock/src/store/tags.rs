//! The tags of every taggable resource, by ARN. Kept beside the records rather than in
//! them, so TagResource and UntagResource reach any resource the same way and deleting a
//! domain drops the tags of everything under its ARN at once.

use std::collections::BTreeMap;

use super::State;

/// One resource's tags: key to value, in key order.
pub type Tags = BTreeMap<String, String>;

impl State {
    /// The tags of the resource `arn` (empty when it has none).
    pub fn tags(&self, arn: &str) -> Tags {
        self.tags.get(arn).cloned().unwrap_or_default()
    }

    /// The tags of the resource `arn`, borrowed (`None` when it has none).
    pub fn tags_of(&self, arn: &str) -> Option<&Tags> {
        self.tags.get(arn)
    }

    /// Adds `tags` to the resource `arn`; a key it already has takes the new value.
    pub fn tag(&mut self, arn: &str, tags: Tags) {
        if tags.is_empty() {
            return;
        }
        self.tags.entry(arn.to_owned()).or_default().extend(tags);
    }

    /// Removes `keys` from the resource `arn`; keys it does not have are ignored.
    pub fn untag(&mut self, arn: &str, keys: &[String]) {
        if let Some(tags) = self.tags.get_mut(arn) {
            for key in keys {
                tags.remove(key);
            }
            if tags.is_empty() {
                self.tags.remove(arn);
            }
        }
    }

    /// Drops the tags of `arn` and of every resource whose ARN lies under it
    /// (`arn/...`): a deleted domain's or case's (DeleteCase).
    pub fn drop_tags_under(&mut self, arn: &str) {
        let below = format!("{arn}/");
        self.tags
            .retain(|key, _| key != arn && !key.starts_with(&below));
    }
}

impl State {
    /// Moves the tags of `from` to `to` (a related item a merge moved to another case
    /// keeps its tags under its new ARN); keys `to` already has keep their values.
    pub fn move_tags(&mut self, from: &str, to: &str) {
        if let Some(tags) = self.tags.remove(from) {
            let target = self.tags.entry(to.to_owned()).or_default();
            for (key, value) in tags {
                target.entry(key).or_insert(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn tag_merges_and_untag_ignores_absent_keys() {
        let mut s = State::default();
        assert!(s.tags("arn:x").is_empty());
        s.tag("arn:x", tags(&[("a", "1"), ("b", "2")]));
        s.tag("arn:x", tags(&[("b", "3"), ("c", "4")]));
        assert_eq!(s.tags("arn:x"), tags(&[("a", "1"), ("b", "3"), ("c", "4")]));
        s.untag("arn:x", &["a".into(), "zz".into()]);
        assert_eq!(s.tags("arn:x"), tags(&[("b", "3"), ("c", "4")]));
        s.untag("arn:nothing", &["a".into()]);
        s.untag("arn:x", &["b".into(), "c".into()]);
        assert!(s.tags.is_empty(), "an emptied entry is dropped");
    }

    #[test]
    fn dropping_a_domain_drops_what_is_under_it_only() {
        let mut s = State::default();
        for arn in ["arn:d/1", "arn:d/1/case/c", "arn:d/12", "arn:d/2/case/c"] {
            s.tag(arn, tags(&[("k", arn)]));
        }
        s.drop_tags_under("arn:d/1");
        assert!(s.tags("arn:d/1").is_empty());
        assert!(s.tags("arn:d/1/case/c").is_empty());
        assert_eq!(s.tags("arn:d/12").len(), 1);
        assert_eq!(s.tags("arn:d/2/case/c").len(), 1);
    }
}
