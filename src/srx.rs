//! Segmentation rules in SRX 2.0 (Segmentation Rules eXchange), read and applied.
//!
//! Input: an SRX 2.0 document (`<srx><header cascade=".."/><body><languagerules>...
//! <maprules>...`) and a language code. Output: [`Rules`], which finds the break positions of a
//! text. Only the plain-text parts of SRX are read: `<formathandle>` and `segmentsubflows` are
//! accepted and ignored.
//!
//! Semantics (SRX 2.0, section 2.5): at every position between two characters the rules are tried
//! in document order; the first rule whose `<beforebreak>` matches text ending exactly at that
//! position and whose `<afterbreak>` matches text starting exactly there decides: `break="yes"`
//! splits, `break="no"` does not. A position no rule matches is not a break. A missing pattern
//! matches the empty string. With `cascade="yes"` the rules of every `<languagemap>` whose
//! `languagepattern` matches the whole language code are used, in map order; with `"no"`, only
//! the first map's.
//!
//! Regular expressions are Rust [`regex`] syntax (close to ICU's for what SRX files use), with
//! one limit: no look-around and no back-references. A rule that does not compile is an error
//! naming the rule, never silently dropped. `^` in a `<beforebreak>` means the start of the text
//! given to [`Rules::breaks`] (one paragraph, in dragoman), which is how a rule can look at the
//! whole paragraph before a break (e.g. to count quotation marks).
//!
//! Why not the `srx` crate (0.1.4): it finds only non-overlapping matches of each rule (its own
//! docs say so), so a `break="no"` rule such as `“[^”]*…` guards only one ellipsis in a
//! quotation (checked with 0.1.4: `“We wait … and wait … for news,” he said.` is split after
//! the first ellipsis), and it drops rules with bad regexes without an error; its XML reading
//! would also add `serde-xml-rs` 0.4 and `thiserror` 1 beside our quick-xml and thiserror 2.
//!
//! Source: SRX 2.0 specification, LISA OSCAR (2008), <https://www.unicode.org/uli/pas/srx/srx20.html>.

use crate::error::{Error, ErrorKind, Result};
use quick_xml::events::Event;
use regex::Regex;

/// A `<beforebreak>` pattern as a lazy reverse DFA, matched backwards from the end of the text
/// before a position: the search stops where the pattern can no longer match, so a test costs
/// the length of the match, not of the text before it (a forward `(?:p)$` search reads the
/// whole head: quadratic on a long paragraph). It gives up on some inputs (a Unicode `\b`
/// beside a non-ASCII char, a full cache); then the forward regex decides.
struct Reverse {
    dfa: std::sync::Arc<regex_automata::hybrid::dfa::DFA>,
    caches: regex_automata::util::pool::Pool<Cache, MakeCache>,
}

type Cache = regex_automata::hybrid::dfa::Cache;
type MakeCache = Box<dyn Fn() -> Cache + Send + Sync>;

impl Reverse {
    /// `None` when the pattern needs what a lazy DFA lacks.
    fn new(pattern: &str) -> Option<Reverse> {
        use regex_automata::{hybrid::dfa::DFA, nfa::thompson};
        let dfa = DFA::builder()
            .configure(DFA::config().unicode_word_boundary(true))
            .thompson(thompson::Config::new().reverse(true))
            .build(pattern)
            .ok()?;
        let dfa = std::sync::Arc::new(dfa);
        let d = dfa.clone();
        let make: MakeCache = Box::new(move || d.create_cache());
        Some(Reverse {
            dfa,
            caches: regex_automata::util::pool::Pool::new(make),
        })
    }

    /// Whether the pattern matches a suffix of `head`; `None` when the DFA gave up.
    fn matches_suffix(&self, head: &str) -> Option<bool> {
        use regex_automata::{Anchored, Input};
        let input = Input::new(head).anchored(Anchored::Yes).earliest(true);
        let mut cache = self.caches.get();
        self.dfa
            .try_search_rev(&mut cache, &input)
            .ok()
            .map(|m| m.is_some())
    }
}

impl std::fmt::Debug for Reverse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reverse(..)")
    }
}

/// One rule: a break decision taken where both patterns match.
#[derive(Clone, Debug)]
struct Rule {
    /// `(?:before)$`, matched on the text before the position; `None` = matches always.
    before: Option<Regex>,
    /// The same pattern as a reverse DFA (see `Reverse`), when one could be built.
    before_rev: Option<std::sync::Arc<Reverse>>,
    /// `^(?:after)`, matched on the text after the position; `None` = matches always.
    after: Option<Regex>,
    /// `break="yes"`.
    split: bool,
}

/// The rules of one language, in the order they are tried.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    rules: Vec<Rule>,
}

/// A parsed SRX document: named rule sets and the map from language codes to them.
#[derive(Clone, Debug)]
pub struct Srx {
    cascade: bool,
    /// (whole-code pattern, rule set name), in document order.
    maps: Vec<(Regex, String)>,
    /// (rule set name, rules), in document order.
    sets: Vec<(String, Vec<Rule>)>,
}

fn bad(msg: String) -> Error {
    Error::new(ErrorKind::Config(format!("srx: {msg}")))
}

fn compile(pattern: &str, before: bool, where_: &str) -> Result<Regex> {
    let full = if before {
        format!("(?:{pattern})$")
    } else {
        format!("^(?:{pattern})")
    };
    Regex::new(&full).map_err(|e| {
        let kind = if before { "beforebreak" } else { "afterbreak" };
        bad(format!("{where_}: {kind} {pattern:?} is not a valid regex (no look-around or back-references): {e}"))
    })
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Result<Option<String>> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|err| bad(format!("attribute {name}: {err}"))),
        Ok(None) => Ok(None),
        Err(err) => Err(bad(format!("attribute {name}: {err}"))),
    }
}

fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

impl Srx {
    /// Parses an SRX 2.0 document.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] (message starting `srx:`) for malformed XML (with the byte offset),
    /// a `<rule>` without a `break` of `yes`/`no` or with neither pattern, a pattern that is not a
    /// valid regex, or a `<languagemap>` naming a rule set that does not exist.
    pub fn parse(xml: &str) -> Result<Srx> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut cascade = true;
        let mut maps = Vec::new();
        let mut sets: Vec<(String, Vec<Rule>)> = Vec::new();
        // parser state
        let mut cur_set: Option<String> = None;
        let mut cur_rule: Option<(bool, Option<String>, Option<String>)> = None;
        let mut field: Option<bool> = None; // Some(true) = inside beforebreak, Some(false) = afterbreak
        let mut buf = String::new();
        loop {
            let ev = reader.read_event().map_err(|e| {
                bad(format!(
                    "malformed XML near byte {}: {e}",
                    reader.error_position()
                ))
            })?;
            let empty = matches!(ev, Event::Empty(_));
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name().as_ref().to_owned();
                    match name.as_str() {
                        "header" => {
                            if let Some(c) = attr(&e, "cascade")? {
                                cascade = match c.as_str() {
                                    "yes" => true,
                                    "no" => false,
                                    other => {
                                        return Err(bad(format!(
                                            "header cascade must be yes or no, not {other:?}"
                                        )))
                                    }
                                };
                            }
                        }
                        "languagerule" => {
                            let n = attr(&e, "languagerulename")?.ok_or_else(|| {
                                bad("languagerule without languagerulename".into())
                            })?;
                            sets.push((n.clone(), Vec::new()));
                            cur_set = Some(n);
                        }
                        "rule" => {
                            let split = match attr(&e, "break")?.as_deref() {
                                Some("yes") | None => true,
                                Some("no") => false,
                                Some(other) => {
                                    return Err(bad(format!(
                                        "rule break must be yes or no, not {other:?}"
                                    )))
                                }
                            };
                            cur_rule = Some((split, None, None));
                        }
                        "beforebreak" => {
                            field = Some(true);
                            buf.clear();
                        }
                        "afterbreak" => {
                            field = Some(false);
                            buf.clear();
                        }
                        "languagemap" => {
                            let pat = attr(&e, "languagepattern")?
                                .ok_or_else(|| bad("languagemap without languagepattern".into()))?;
                            let n = attr(&e, "languagerulename")?.ok_or_else(|| {
                                bad("languagemap without languagerulename".into())
                            })?;
                            let re = Regex::new(&format!("^(?:{pat})$"))
                                .map_err(|err| bad(format!("languagepattern {pat:?}: {err}")))?;
                            maps.push((re, n));
                        }
                        _ => {}
                    }
                    // `<beforebreak/>` is an empty pattern; `<rule/>` has none
                    if empty {
                        field = None;
                        if name == "rule" {
                            return Err(bad(
                                "empty <rule/>: neither beforebreak nor afterbreak given".into(),
                            ));
                        }
                    }
                }
                Event::Text(t) if field.is_some() => buf.push_str(&t.xml10_content()),
                Event::CData(t) if field.is_some() => buf.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if field.is_some() => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => entity(&r),
                        Err(e) => {
                            return Err(bad(format!("bad character reference &{};: {e}", &*r)))
                        }
                    };
                    match c {
                        Some(c) => buf.push(c),
                        None => return Err(bad(format!("unknown entity &{};", &*r))),
                    }
                }
                Event::End(e) => {
                    let name = e.local_name().as_ref().to_owned();
                    match name.as_str() {
                        "beforebreak" | "afterbreak" => {
                            if let (Some(f), Some(r)) = (field, cur_rule.as_mut()) {
                                let text = std::mem::take(&mut buf);
                                if f {
                                    r.1 = Some(text);
                                } else {
                                    r.2 = Some(text);
                                }
                            }
                            field = None;
                        }
                        "rule" => {
                            let set_name = cur_set
                                .clone()
                                .ok_or_else(|| bad("rule outside languagerule".into()))?;
                            if let Some((split, before, after)) = cur_rule.take() {
                                let Some(set) = sets.last_mut() else {
                                    return Err(bad("rule outside languagerule".into()));
                                };
                                let where_ =
                                    format!("languagerule {set_name:?} rule {}", set.1.len() + 1);
                                let before = before.filter(|s| !s.is_empty());
                                let after = after.filter(|s| !s.is_empty());
                                if before.is_none() && after.is_none() {
                                    return Err(bad(format!(
                                        "{where_}: neither beforebreak nor afterbreak given"
                                    )));
                                }
                                let before_rev = before
                                    .as_deref()
                                    .and_then(Reverse::new)
                                    .map(std::sync::Arc::new);
                                let before =
                                    before.map(|p| compile(&p, true, &where_)).transpose()?;
                                let after =
                                    after.map(|p| compile(&p, false, &where_)).transpose()?;
                                set.1.push(Rule {
                                    before,
                                    before_rev,
                                    after,
                                    split,
                                });
                            }
                        }
                        "languagerule" => cur_set = None,
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        for (_, n) in &maps {
            if !sets.iter().any(|(s, _)| s == n) {
                return Err(bad(format!(
                    "languagemap names rule set {n:?}, which has no languagerule"
                )));
            }
        }
        if maps.is_empty() {
            return Err(bad("no languagemap: no language can use these rules".into()));
        }
        Ok(Srx {
            cascade,
            maps,
            sets,
        })
    }

    /// The rules for language code `lang` (e.g. `en`, `fa`), following the document's
    /// `<maprules>` and `cascade` setting. Empty when no map matches.
    pub fn rules_for(&self, lang: &str) -> Rules {
        let mut rules = Vec::new();
        for (re, name) in &self.maps {
            if re.is_match(lang) {
                if let Some((_, set)) = self.sets.iter().find(|(s, _)| s == name) {
                    rules.extend(set.iter().cloned());
                }
                if !self.cascade {
                    break;
                }
            }
        }
        Rules { rules }
    }
}

impl Rules {
    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there is no rule (nothing is ever split).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// True when both patterns of `r` match at byte offset `pos` (a char boundary) of `text`.
    fn matches(r: &Rule, head: &str, tail: &str) -> bool {
        r.after.as_ref().is_none_or(|re| re.is_match(tail))
            && r.before.as_ref().is_none_or(|re| {
                r.before_rev
                    .as_ref()
                    .and_then(|rev| rev.matches_suffix(head))
                    .unwrap_or_else(|| re.is_match(head))
            })
    }

    /// The break decision at byte offset `pos` of `text`: true when the first rule that matches
    /// there has `break="yes"`. Found by looking for the first matching `yes` rule, then for a
    /// matching `no` rule before it, which is the same decision with fewer tests (a position
    /// that no `yes` rule matches is never a break, so `no` rules are tested only at candidates).
    fn decide(&self, text: &str, pos: usize) -> bool {
        let (Some(head), Some(tail)) = (text.get(..pos), text.get(pos..)) else {
            return false;
        };
        let Some(k) = self
            .rules
            .iter()
            .position(|r| r.split && Self::matches(r, head, tail))
        else {
            return false;
        };
        !self.rules[..k]
            .iter()
            .any(|r| !r.split && Self::matches(r, head, tail))
    }

    /// Break positions in `text`: byte offsets strictly inside it (never 0 or `text.len()`),
    /// ascending, each a char boundary where the first matching rule says `break="yes"`.
    ///
    /// Cost: O(chars x rules) anchored regex tests; each test stops as soon as its pattern fails
    /// (`<beforebreak>` backwards, by a reverse DFA, `Reverse`), except that a `<beforebreak>`
    /// anchored at both ends (`^...`) reads the text from its start: such rules are tested only
    /// where a `break="yes"` rule matches.
    pub fn breaks(&self, text: &str) -> Vec<usize> {
        self.breaks_in(text, 0..text.len())
    }

    /// The break positions of [`Rules::breaks`] that lie in `range` (byte offsets; the rules
    /// still see the whole text around each position).
    pub fn breaks_in(&self, text: &str, range: std::ops::Range<usize>) -> Vec<usize> {
        let Some(part) = text.get(range.clone()) else {
            return Vec::new();
        };
        part.char_indices()
            .map(|(i, _)| range.start + i)
            .filter(|&i| i > 0 && self.decide(text, i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="yes"/>
<body><languagerules>
<languagerule languagerulename="quotes">
<rule break="no"><beforebreak>“[^”]*…</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule>
<languagerule languagerulename="default">
<rule break="yes"><beforebreak>[.?!…]</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="no"><beforebreak>&lt;x&gt;</beforebreak><afterbreak><![CDATA[&]]></afterbreak></rule>
</languagerule>
</languagerules>
<maprules>
<languagemap languagepattern="en.*" languagerulename="quotes"/>
<languagemap languagepattern=".*" languagerulename="default"/>
</maprules></body></srx>"#;

    #[test]
    fn breaks_in_a_range_are_the_breaks_there_with_the_whole_text_seen() {
        let srx = Srx::parse(crate::segment::DEFAULT_SRX).unwrap();
        let t = "“Why?” he asked. Dr. Smith met U.S. officials. Then he left! «Bye.» قال. ثم";
        for lang in ["en", "fa", "ar"] {
            let rules = srx.rules_for(lang);
            let all = rules.breaks(t);
            assert!(all.len() >= 3, "{lang}: {all:?}");
            for (a, _) in t.char_indices() {
                for (b, _) in t.char_indices().filter(|&(b, _)| b >= a) {
                    let want: Vec<usize> =
                        all.iter().copied().filter(|&x| x >= a && x < b).collect();
                    assert_eq!(rules.breaks_in(t, a..b), want, "{lang} {a}..{b}");
                }
            }
        }
        // a range that does not fall on char boundaries has none
        assert!(srx.rules_for("ar").breaks_in("قال. ثم", 0..1).is_empty());
    }

    #[test]
    fn guards_every_ellipsis_in_a_quotation_not_only_the_first() {
        let srx = Srx::parse(DOC).unwrap();
        let en = srx.rules_for("en");
        let t = "“We wait … and wait … for news,” he said. Then?";
        // the only break is after "said." (byte offset of the space after it)
        let said = t.find("said.").unwrap() + "said.".len();
        assert_eq!(en.breaks(t), vec![said]);
        // without the quotes rule (language "fa" only gets "default"), both ellipses break
        assert_eq!(srx.rules_for("fa").breaks(t).len(), 3);
    }

    #[test]
    fn reverse_search_decides_as_the_forward_regex_on_the_built_in_rules() {
        // every position of texts in the three languages, with the reverse DFAs and without
        let texts = [
            "“We wait … and wait … for news,” he said. Then? Dr. Smith met U.S. officials at 5 p.m. on Jan. 3. “Why?” he asked.",
            "وزیر امور خارجه گفت: «ما منتظریم… و منتظریم.» سپس رفت. ق.م. ۱۲۳ سال پیش؟ بله! ه.ش. ۱۴۰۲.",
            "قال الوزير: «ننتظر… وننتظر.» ثم غادر. م. ٢٠٢٣؟ نعم! د. أحمد التقى السيد ج. بوش.",
        ];
        let srx = Srx::parse(crate::segment::DEFAULT_SRX).unwrap();
        for (lang, t) in ["en", "fa", "ar"].into_iter().zip(texts) {
            let rules = srx.rules_for(lang);
            assert!(rules.rules.iter().any(|r| r.before_rev.is_some()));
            let forward = Rules {
                rules: rules
                    .rules
                    .iter()
                    .map(|r| Rule {
                        before_rev: None,
                        ..r.clone()
                    })
                    .collect(),
            };
            assert!(!rules.breaks(t).is_empty());
            assert_eq!(rules.breaks(t), forward.breaks(t), "{lang}");
        }
    }

    #[test]
    fn first_matching_rule_decides_even_when_a_later_rule_disagrees() {
        let doc = |rules: &str| {
            format!(
                r#"<srx version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="r">{rules}</languagerule></languagerules>
                <maprules><languagemap languagepattern=".*" languagerulename="r"/></maprules></body></srx>"#
            )
        };
        let yes =
            r#"<rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>"#;
        let no = r#"<rule break="no"><beforebreak>^[^"]*"[^"]*\.</beforebreak><afterbreak>\s</afterbreak></rule>"#;
        let t = r#"One. "Two. Three"#;
        // yes first: both stops break; no first: the stop inside the open quote does not
        assert_eq!(
            Srx::parse(&doc(&format!("{yes}{no}")))
                .unwrap()
                .rules_for("x")
                .breaks(t),
            vec![4, 10]
        );
        assert_eq!(
            Srx::parse(&doc(&format!("{no}{yes}")))
                .unwrap()
                .rules_for("x")
                .breaks(t),
            vec![4]
        );
    }

    #[test]
    fn cascade_collects_rules_in_map_order_and_unescapes_entities() {
        let srx = Srx::parse(DOC).unwrap();
        assert_eq!(srx.rules_for("en").len(), 3);
        assert_eq!(srx.rules_for("fa").len(), 2);
        let no_cascade = Srx::parse(&DOC.replace("cascade=\"yes\"", "cascade=\"no\"")).unwrap();
        assert_eq!(no_cascade.rules_for("en").len(), 1);
    }

    #[test]
    fn look_around_is_an_error_naming_the_rule() {
        let doc = DOC.replace("[.?!…]", "(?&lt;=a)b");
        let e = Srx::parse(&doc).unwrap_err().to_string();
        assert!(
            e.contains("languagerule \"default\" rule 1") && e.contains("beforebreak"),
            "{e}"
        );
    }

    #[test]
    fn malformed_xml_and_missing_rule_sets_are_errors() {
        let e = Srx::parse("<srx><body></body></srx>")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no languagemap"), "{e}");
        assert!(Srx::parse("<srx><a></b></srx>")
            .unwrap_err()
            .to_string()
            .contains("malformed XML"));
        let doc = DOC.replace(
            "languagerulename=\"quotes\"/>",
            "languagerulename=\"nope\"/>",
        );
        let e = Srx::parse(&doc).unwrap_err().to_string();
        assert!(e.contains("\"nope\""), "{e}");
    }
}
