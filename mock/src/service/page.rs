//! One page of a listing in its stable (creation) order.

/// The items of one page and where the next page starts.
#[derive(Debug, PartialEq, Eq)]
pub struct Page<'a, T> {
    /// Matching items, at most the page size.
    pub items: Vec<&'a T>,
    /// Position of the first matching item after this page; `None` on the last page,
    /// so no token is ever issued for an empty page.
    pub next: Option<usize>,
    /// Position of the page's last item (`None` for an empty page).
    pub last: Option<usize>,
}

/// Takes up to `max` items matching `keep` from positions `start..len` (the item at a
/// position is `at(position)`), then looks ahead for one more match to decide whether
/// there is a next page.
pub fn page<'a, T: 'a>(
    len: usize,
    start: usize,
    max: usize,
    at: impl Fn(usize) -> Option<&'a T>,
    keep: impl Fn(&T) -> bool,
) -> Page<'a, T> {
    let mut taken = Vec::new();
    let mut next = None;
    let mut last = None;
    for position in start..len {
        let Some(item) = at(position) else {
            break;
        };
        if !keep(item) {
            continue;
        }
        if taken.len() == max {
            next = Some(position);
            break;
        }
        taken.push(item);
        last = Some(position);
    }
    Page {
        items: taken,
        next,
        last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of<'a, T>(
        items: &'a [T],
        start: usize,
        max: usize,
        keep: impl Fn(&T) -> bool,
    ) -> Page<'a, T> {
        page(items.len(), start, max, |i| items.get(i), keep)
    }

    #[test]
    fn pages_through_matches_without_a_trailing_token() {
        let items: Vec<u32> = (0..10).collect();
        let even = |n: &u32| n.is_multiple_of(2);
        let first = of(&items, 0, 2, even);
        assert_eq!(first.items, [&0, &2]);
        assert_eq!(first.next, Some(4));
        assert_eq!(first.last, Some(2));
        let second = of(&items, 4, 2, even);
        assert_eq!(second.items, [&4, &6]);
        let last = of(&items, second.next.expect("more"), 2, even);
        assert_eq!(last.items, [&8]);
        assert_eq!(last.next, None);
    }

    #[test]
    fn exact_fit_has_no_next_page() {
        let items = [1, 2];
        assert_eq!(of(&items, 0, 2, |_| true).next, None);
        let beyond = of(&items, 2, 2, |_| true);
        assert_eq!(beyond.items.len(), 0);
        assert_eq!(beyond.last, None);
    }
}
