//! String values: the strategy for one string shape (length, enum, pattern, `date-time`), the
//! deterministic examples boundary requests use, and the re-sizing mutations apply.
//!
//! Lengths are counted in Unicode code points, as JSON Schema counts them. Generated text mixes
//! ASCII with `é`-style Latin letters, CJK ideographs and emoji (outside the Basic Multilingual
//! Plane, two UTF-16 units each), so a target that counts bytes or UTF-16 units instead is seen
//! rejecting a valid request.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};

/// How many characters beyond `min` a string without `maxLength` may get.
const UNBOUNDED_EXTRA: usize = 64;
/// The upper end of "typical short" lengths, beyond `max(min, 1)`.
const SHORT_EXTRA: usize = 8;

/// The constraints of one string shape, as its `$defs` entry states them.
#[derive(Debug, Clone)]
pub(crate) struct StringRule {
    /// `minLength` (0 when absent).
    pub min: usize,
    /// `maxLength`.
    pub max: Option<usize>,
    /// `enum`.
    pub values: Option<Vec<String>>,
    /// `pattern`.
    pub pattern: Option<Pattern>,
    /// `format: date-time`.
    pub date_time: bool,
}

/// A `pattern` keyword: checked with the same engine the schema validator uses, generated
/// either by filtering ordinary text (when most text matches) or from the regex itself.
#[derive(Clone)]
pub(crate) struct Pattern {
    /// The pattern as the schema states it.
    pub source: String,
    check: Arc<jsonschema::Validator>,
    from_regex: Option<String>,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("from_regex", &self.from_regex)
            .finish()
    }
}

impl Pattern {
    /// Compiles `source` and decides how to generate matching text.
    pub fn compile(source: &str) -> Result<Self, String> {
        let check = jsonschema::draft202012::options()
            .build(&json!({ "type": "string", "pattern": source }))
            .map_err(|e| format!("pattern {source} does not compile: {e}"))?;
        let mut pattern = Pattern {
            source: source.to_string(),
            check: Arc::new(check),
            from_regex: None,
        };
        // Ordinary text is preferred (it reaches boundary lengths and non-ASCII); a pattern
        // that most text fails is generated from the regex, anchors and look-arounds removed
        // (proptest cannot generate those; the filter still checks the real pattern).
        let mut runner = TestRunner::deterministic();
        let sample = text(1, Some(16));
        let matching = (0..64)
            .filter(|_| {
                let s = sample
                    .new_tree(&mut runner)
                    .expect("text never rejects")
                    .current();
                pattern.matches(&s)
            })
            .count();
        if matching < 32 {
            let stripped = strip_unsupported(source);
            // Parsed here only to fail early; strategies are built per call.
            let _ = proptest::string::string_regex(&stripped)
                .map_err(|e| format!("pattern {source} cannot be generated: {e}"))?;
            pattern.from_regex = Some(stripped);
        }
        Ok(pattern)
    }

    /// Whether `s` matches, by the schema validator's own regex engine.
    pub fn matches(&self, s: &str) -> bool {
        self.check.is_valid(&Value::String(s.to_string()))
    }
}

impl StringRule {
    /// Whether `s` satisfies length, enum and pattern (not `format`: generated date-times
    /// always conform, and this is used for keys and examples only).
    pub fn fits(&self, s: &str) -> bool {
        let len = s.chars().count();
        len >= self.min
            && self.max.is_none_or(|max| len <= max)
            && self
                .values
                .as_ref()
                .is_none_or(|v| v.iter().any(|x| x == s))
            && self.pattern.as_ref().is_none_or(|p| p.matches(s))
    }

    /// The longest length generation reaches.
    pub fn high(&self) -> usize {
        self.max.unwrap_or(self.min + UNBOUNDED_EXTRA)
    }

    /// The strategy for valid values of this shape.
    pub fn strategy(&self) -> BoxedStrategy<String> {
        if let Some(values) = &self.values {
            return select(values.clone()).boxed();
        }
        if self.date_time {
            return date_time();
        }
        match &self.pattern {
            None => text(self.min, self.max),
            Some(pattern) => {
                let rule = self.clone();
                let source = match &pattern.from_regex {
                    None => text(self.min, self.max),
                    Some(regex) => proptest::string::string_regex(regex)
                        .expect("checked when the pattern was compiled")
                        .boxed(),
                };
                source
                    .prop_filter("string matches its shape's pattern", move |s| rule.fits(s))
                    .boxed()
            }
        }
    }

    /// A deterministic valid value of `len` characters (clamped to the bounds): plain ASCII, or
    /// `rich` text cycling through ASCII, Latin, CJK and emoji.
    pub fn example(&self, len: usize, rich: bool) -> String {
        if let Some(values) = &self.values {
            return if rich { values.last() } else { values.first() }
                .cloned()
                .unwrap_or_default();
        }
        if self.date_time {
            return "2024-05-03T12:34:56Z".into();
        }
        let len = len.clamp(self.min, self.high());
        let rich_text: String = "aé漢😀".chars().cycle().take(len).collect();
        let candidates = [
            if rich { rich_text } else { "a".repeat(len) },
            "a".repeat(len),
            "A".repeat(len),
            "0".repeat(len),
        ];
        if let Some(found) = candidates.iter().find(|c| self.fits(c)) {
            return found.clone();
        }
        // A pattern none of the simple texts match: search the generator deterministically.
        let mut runner = TestRunner::deterministic();
        let strategy = self.strategy();
        let mut best: Option<String> = None;
        for _ in 0..2000 {
            let Ok(tree) = strategy.new_tree(&mut runner) else {
                continue;
            };
            let s = tree.current();
            let distance = s.chars().count().abs_diff(len);
            if distance == 0 {
                return s;
            }
            if best
                .as_ref()
                .is_none_or(|b| distance < b.chars().count().abs_diff(len))
            {
                best = Some(s);
            }
        }
        best.unwrap_or_else(|| "a".repeat(len))
    }

    /// `count` distinct valid values (map keys), as far as the shape allows.
    pub fn distinct(&self, count: usize) -> Vec<String> {
        if let Some(values) = &self.values {
            return values.iter().take(count).cloned().collect();
        }
        let mut out: Vec<String> = Vec::new();
        let width = self.min.max(1);
        for i in 0..count * 4 + 8 {
            if out.len() == count {
                break;
            }
            let tag = format!("k{i}");
            let candidate = if tag.len() >= width {
                tag
            } else {
                format!("{}{tag}", "a".repeat(width - tag.len()))
            };
            if self.fits(&candidate) && !out.contains(&candidate) {
                out.push(candidate);
            }
        }
        out
    }

    /// A string of the right length that does not match the pattern, if one is easy to find.
    pub fn pattern_miss(&self) -> Option<String> {
        let pattern = self.pattern.as_ref()?;
        let candidates = [
            " ", "a ", " a", "aws:a", "!", "a\nb", "\t", "é", "~", "a b", "",
        ];
        candidates.iter().map(|c| c.to_string()).find(|c| {
            let len = c.chars().count();
            len >= self.min && self.max.is_none_or(|max| len <= max) && !pattern.matches(c)
        })
    }
}

/// Near misses of an enum value a careless client or server might accept: lower case, upper
/// case and plural (`file`, `FILE`, `Files` for `File`). Values equal to a real value are
/// dropped.
pub(crate) fn near_misses(value: &str, values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for candidate in [
        value.to_lowercase(),
        value.to_uppercase(),
        format!("{value}s"),
    ] {
        if !values.contains(&candidate) && !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

/// `value` re-sized to exactly `len` code points, for length mutations. Growing prefixes ASCII
/// `a`s (every length measure then exceeds the bound too); shrinking keeps a prefix made ASCII,
/// so the result is too short in bytes and UTF-16 units as well as in code points.
pub(crate) fn resize(value: &str, len: usize) -> String {
    let current = value.chars().count();
    if len >= current {
        format!("{}{value}", "a".repeat(len - current))
    } else {
        value
            .chars()
            .take(len)
            .map(|c| if c.is_ascii() { c } else { 'a' })
            .collect()
    }
}

/// Characters of generated text, by weight: mostly ASCII, with Latin letters, CJK ideographs
/// and emoji (outside the BMP) mixed in.
const CHAR_CLASSES: [(u32, CharClass); 7] = [
    (10, CharClass::Range('a', 'z')),
    (3, CharClass::Range('A', 'Z')),
    (3, CharClass::Range('0', '9')),
    (2, CharClass::Pick(&['-', '_', '.', ':', '/', '+', '@'])),
    (2, CharClass::Pick(&['é', 'ü', 'ß', 'ñ', 'Ω', 'ж', 'ø'])),
    (2, CharClass::Range('\u{4E00}', '\u{9FA5}')),
    (1, CharClass::Pick(&['😀', '🎉', '👍', '🚀', '🦀'])),
];

#[derive(Debug, Clone, Copy)]
enum CharClass {
    Range(char, char),
    Pick(&'static [char]),
}

fn random_char(rng: &mut impl Rng) -> char {
    let total: u32 = CHAR_CLASSES.iter().map(|(w, _)| w).sum();
    let mut roll = rng.next_u32() % total;
    for (weight, class) in CHAR_CLASSES {
        if roll < weight {
            return match class {
                CharClass::Range(a, b) => {
                    let span = b as u32 - a as u32 + 1;
                    char::from_u32(a as u32 + rng.next_u32() % span).unwrap_or(a)
                }
                CharClass::Pick(chars) => chars[rng.next_u32() as usize % chars.len()],
            };
        }
        roll -= weight;
    }
    'a'
}

/// Text of `min..=high` code points, biased to the boundaries: exactly `min`, exactly 1 (when
/// `min` is 0), typical short lengths, exactly `high` (when it is a real `maxLength`), and
/// anything in between.
///
/// Characters come straight from the runner's RNG (a value tree per character would make long
/// strings slow), and the string shrinks by binary search on its length towards `min`.
#[derive(Debug, Clone)]
struct TextStrategy {
    min: usize,
    high: usize,
    bounded: bool,
}

impl TextStrategy {
    fn length(&self, rng: &mut impl Rng) -> usize {
        let short_high = self.high.min(self.min.max(1) + SHORT_EXTRA);
        let mut choices: Vec<(u32, usize, usize)> = vec![(1, self.min, self.min)];
        if self.min == 0 && self.high >= 1 {
            choices.push((1, 1, 1));
        }
        if short_high > self.min {
            choices.push((6, self.min, short_high));
        }
        if self.high > short_high {
            if self.bounded {
                choices.push((1, self.high, self.high));
            }
            choices.push((2, self.min, self.high));
        }
        let total: u32 = choices.iter().map(|(w, _, _)| w).sum();
        let mut roll = rng.next_u32() % total;
        for (weight, low, high) in choices {
            if roll < weight {
                return low + (rng.next_u64() % (high - low + 1) as u64) as usize;
            }
            roll -= weight;
        }
        self.min
    }
}

impl Strategy for TextStrategy {
    type Tree = TextTree;
    type Value = String;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let rng = runner.rng();
        let len = self.length(rng);
        let chars = (0..len).map(|_| random_char(rng)).collect();
        Ok(TextTree {
            chars,
            low: self.min,
            current: len,
            high: len,
        })
    }
}

/// A generated text that shrinks to shorter prefixes (binary search on the length, as
/// proptest's integer trees do).
#[derive(Debug, Clone)]
struct TextTree {
    chars: Vec<char>,
    low: usize,
    current: usize,
    high: usize,
}

impl TextTree {
    fn reposition(&mut self) -> bool {
        let middle = self.low + (self.high - self.low) / 2;
        if middle == self.current {
            false
        } else {
            self.current = middle;
            true
        }
    }
}

impl ValueTree for TextTree {
    type Value = String;

    fn current(&self) -> String {
        self.chars[..self.current].iter().collect()
    }

    fn simplify(&mut self) -> bool {
        if self.high <= self.low {
            return false;
        }
        self.high = self.current;
        self.reposition()
    }

    fn complicate(&mut self) -> bool {
        if self.high <= self.low {
            return false;
        }
        self.low = self.current + 1;
        self.reposition()
    }
}

/// Text of `min..=max` code points (see [`TextStrategy`]); without `max`, up to 64 more than
/// `min`.
pub(crate) fn text(min: usize, max: Option<usize>) -> BoxedStrategy<String> {
    TextStrategy {
        min,
        high: max.unwrap_or(min + UNBOUNDED_EXTRA).max(min),
        bounded: max.is_some(),
    }
    .boxed()
}

/// RFC 3339 date-times in UTC (days up to 28 keep every month valid).
fn date_time() -> BoxedStrategy<String> {
    (
        2000u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
    )
        .prop_map(|(y, mo, d, h, mi, s)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
        .boxed()
}

/// The pattern without what proptest cannot generate: leading `^`, trailing `$` and
/// look-around groups. Generation from it over-approximates; the real pattern filters.
fn strip_unsupported(pattern: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().take(4).collect();
        let lookaround = ["(?=", "(?!", "(?<=", "(?<!"]
            .iter()
            .any(|p| rest.starts_with(p));
        if lookaround {
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '\\' => i += 1,
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    let out = out.strip_prefix('^').unwrap_or(&out).to_string();
    match out.strip_suffix('$') {
        Some(s) if !s.ends_with('\\') => s.to_string(),
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(min: usize, max: Option<usize>) -> StringRule {
        StringRule {
            min,
            max,
            values: None,
            pattern: None,
            date_time: false,
        }
    }

    fn sample(strategy: &BoxedStrategy<String>, n: usize) -> Vec<String> {
        let mut runner = TestRunner::deterministic();
        (0..n)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect()
    }

    #[test]
    fn text_reaches_both_boundaries_and_non_ascii() {
        let values = sample(&text(1, Some(500)), 400);
        let lens: Vec<usize> = values.iter().map(|s| s.chars().count()).collect();
        assert!(lens.iter().all(|l| (1..=500).contains(l)));
        assert!(lens.contains(&1) && lens.contains(&500));
        assert!(
            values
                .iter()
                .any(|s| s.contains(|c: char| c.len_utf16() == 2))
        );
        assert!(
            values
                .iter()
                .any(|s| s.contains(|c: char| ('\u{4E00}'..='\u{9FA5}').contains(&c)))
        );
    }

    #[test]
    fn text_shrinks_by_length_to_the_minimum() {
        let mut runner = TestRunner::deterministic();
        let strategy = text(2, Some(50));
        for _ in 0..50 {
            let mut tree = strategy.new_tree(&mut runner).unwrap();
            let first = tree.current();
            while tree.simplify() {}
            assert_eq!(tree.current().chars().count(), 2);
            assert!(first.starts_with(&tree.current()));
        }
        // Failing only above 10 characters: the search settles on exactly 11.
        let mut tree = loop {
            let tree = strategy.new_tree(&mut runner).unwrap();
            if tree.current().chars().count() > 10 {
                break tree;
            }
        };
        while tree.simplify() {
            while tree.current().chars().count() <= 10 {
                if !tree.complicate() {
                    break;
                }
            }
        }
        assert_eq!(tree.current().chars().count(), 11);
    }

    #[test]
    fn patterns_are_generated_and_checked() {
        let trailing = Pattern::compile("^.*[\\S]$").unwrap();
        assert!(
            trailing.from_regex.is_none(),
            "ordinary text mostly matches"
        );
        let tag_key = Pattern::compile("^(?!aws:)[a-zA-Z+-=._:/]+$").unwrap();
        assert_eq!(tag_key.from_regex.as_deref(), Some("[a-zA-Z+-=._:/]+"));
        let r = StringRule {
            pattern: Some(tag_key),
            ..rule(1, Some(128))
        };
        for s in sample(&r.strategy(), 200) {
            assert!(r.fits(&s), "{s:?}");
        }
        assert!(!r.fits("aws:x"));
        assert_eq!(r.pattern_miss().as_deref(), Some(" "));
        assert!(r.fits(&r.example(128, true)));
    }

    #[test]
    fn resize_grows_and_shrinks_in_code_points() {
        assert_eq!(resize("é漢", 4), "aaé漢");
        assert_eq!(resize("é漢b", 2), "aa");
        assert_eq!(resize("", 3), "aaa");
        assert_eq!(resize("xyz", 0), "");
    }

    #[test]
    fn near_misses_skip_real_values() {
        let values = vec!["File".to_string(), "Files".to_string()];
        assert_eq!(near_misses("File", &values), ["file", "FILE"]);
        assert_eq!(
            near_misses("Text/Plain", &[]),
            ["text/plain", "TEXT/PLAIN", "Text/Plains"]
        );
    }

    #[test]
    fn examples_and_keys_fit() {
        let r = rule(1, Some(5));
        assert_eq!(r.example(5, true), "aé漢😀a");
        assert_eq!(r.example(0, false), "a");
        assert_eq!(r.distinct(3), ["k0", "k1", "k2"]);
        let strip = strip_unsupported("^(?!aws:)(a|\\))+$");
        assert_eq!(strip, "(a|\\))+");
    }
}
