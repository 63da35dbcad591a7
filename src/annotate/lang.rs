//! The language a person reads wirelab in, and the message catalogues that hold its words.
//!
//! The catalogues are Project Fluent files, one directory per language (`i18n/en/*.ftl`,
//! `i18n/zh-CN/*.ftl`, a file per area of words), built into the binary by build.rs and
//! parsed once on first use into one bundle per language. Code never tests which language it speaks: it asks
//! [`Lang::text`] for a message id with its arguments and writes what comes back, so adding a
//! language is adding a file. Fluent's bidirectional isolation marks (U+2068, U+2069 around
//! each argument) are off: the output is a terminal's and a pipe's, and the English text must
//! stay the bytes it was before the catalogues.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use foldhash::fast::FixedState;

/// The catalogue files build.rs found: `FILES[lang.index()]` is (file name, text).
mod catalogues {
    include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));
}

/// A language wirelab speaks. English is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// Every language and its BCP 47 tag, in the order of [`Lang::index`].
const ALL: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Zh, "zh-CN")];

type Bundle = FluentBundle<FluentResource>;

impl Lang {
    /// The language named by a locale as `LC_ALL`, `LC_MESSAGES` and `LANG` hold it:
    /// `zh_CN.UTF-8`, `zh_CN`, `zh` (and `zh-CN`) are Simplified Chinese; anything else,
    /// `zh_TW` (Traditional) included, is English.
    pub fn from_locale(locale: &str) -> Lang {
        // Drop the codeset and modifier ("zh_CN.UTF-8@x"), then split language and territory.
        let name = locale.split(['.', '@']).next().unwrap_or("");
        let mut parts = name.split(['_', '-']);
        match (parts.next(), parts.next(), parts.next()) {
            (Some("zh"), None | Some("CN" | "cn" | "Hans"), None) => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty decides, as POSIX orders them (`get` reads a variable).
    pub fn from_env_with(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&get)
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    /// The language of this process's environment.
    pub fn from_env() -> Lang {
        Lang::from_env_with(|k| std::env::var(k).ok())
    }

    /// The BCP 47 tag of the catalogue: "en", "zh-CN".
    pub fn tag(self) -> &'static str {
        ALL[self.index()].1
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }

    /// The text of message `id` with its arguments (name, value), or the id itself if the
    /// catalogue lacks it (tests/i18n.rs checks that none does). A value that is a whole
    /// number goes in as a number, so that a message can choose its plural by it
    /// (`{ $n -> [one] packet *[other] packets }`); it is written back as the same digits.
    pub fn text(self, id: &str, args: &[(&str, &str)]) -> String {
        let bundle = bundle_of(self);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match whole_number(value) {
                Some(n) => fargs.set(*name, n),
                None => fargs.set(*name, *value),
            }
        }
        let mut errors = Vec::new();
        let text: Cow<'_, str> = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        text.into_owned()
    }
}

/// `value` as a number if it is the digits of one that Fluent writes back the same: no sign,
/// no leading zero, exact in a double.
fn whole_number(value: &str) -> Option<f64> {
    let plain = !value.is_empty()
        && value.len() <= 15
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'));
    plain
        .then(|| value.parse::<u64>().ok())
        .flatten()
        .map(|n| n as f64)
}

/// Stands for a message's one argument while its text around it is split off (a character
/// no catalogue message holds).
const HOLE: &str = "\u{0}";

/// A language's messages formatted once, for the lines every packet may print: each message
/// without arguments as its text, and each message with one argument as the text before and
/// after it. Fluent's formatting costs far more than a table look-up, and most packets' words
/// never change.
struct Formatted {
    words: HashMap<&'static str, Box<str>, FixedState>,
    parts: HashMap<&'static str, (Box<str>, Box<str>), FixedState>,
}

impl Formatted {
    fn of(lang: Lang) -> Formatted {
        let bundle = bundle_of(lang);
        let mut words = HashMap::with_hasher(FixedState::default());
        let mut parts = HashMap::with_hasher(FixedState::default());
        for (_, ftl) in catalogues::FILES[lang.index()] {
            for (id, vars) in messages(ftl) {
                let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let plain = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    words.insert(id, plain.into_owned().into_boxed_str());
                    continue;
                }
                // One argument: every variable the message names stands for it.
                let mut args = FluentArgs::new();
                for name in vars {
                    args.set(name, HOLE);
                }
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                if let (true, Some((head, tail))) = (errors.is_empty(), text.split_once(HOLE))
                    && !tail.contains(HOLE)
                {
                    parts.insert(id, (head.into(), tail.into()));
                }
            }
        }
        Formatted { words, parts }
    }
}

/// The messages of a catalogue file and the variables each names (`{ $by }`, in selectors and
/// variants too), from Fluent's own parse of the built-in text, so the ids borrow from it.
fn messages(ftl: &'static str) -> Vec<(&'static str, Vec<&'static str>)> {
    let resource = fluent_syntax::parser::parse(ftl).unwrap_or_else(|(r, _)| r);
    resource
        .body
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => {
                let mut vars = Vec::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut vars);
                }
                Some((m.id.name, vars))
            }
            _ => None,
        })
        .collect()
}

fn pattern_variables(p: &Pattern<&'static str>, out: &mut Vec<&'static str>) {
    for e in &p.elements {
        if let PatternElement::Placeable { expression } = e {
            match expression {
                Expression::Inline(i) => inline_variable(i, out),
                Expression::Select { selector, variants } => {
                    inline_variable(selector, out);
                    for v in variants {
                        pattern_variables(&v.value, out);
                    }
                }
            }
        }
    }
}

fn inline_variable(i: &InlineExpression<&'static str>, out: &mut Vec<&'static str>) {
    if let InlineExpression::VariableReference { id } = i
        && !out.contains(&id.name)
    {
        out.push(id.name);
    }
}

/// A language's tables, formatted on its first use (a run in one language never formats
/// the other's).
fn formatted(lang: Lang) -> &'static Formatted {
    static FORMATTED: [OnceLock<Formatted>; 2] = [OnceLock::new(), OnceLock::new()];
    FORMATTED[lang.index()].get_or_init(|| Formatted::of(lang))
}

impl Lang {
    /// The text of message `id`, which takes no arguments, formatted once per process: for
    /// the words a packet line may carry. The id itself if the catalogue lacks it.
    pub fn word(self, id: &'static str) -> &'static str {
        formatted(self).words.get(id).map_or(id, |w| w)
    }

    /// The text of message `id`, which takes no arguments, if the catalogue has it: for an
    /// id made from a name (`icmp-port-unreachable`).
    pub fn find_word(self, id: &str) -> Option<&'static str> {
        formatted(self).words.get(id).map(|w| &**w)
    }

    /// The text of message `id`, which takes one argument, before and after it, formatted
    /// once per process: so that a line can write the value between them without Fluent.
    /// (`id`, "") if the catalogue lacks it or the message is not of that shape.
    pub fn parts(self, id: &'static str) -> (&'static str, &'static str) {
        formatted(self)
            .parts
            .get(id)
            .map_or((id, ""), |(h, t)| (h, t))
    }
}

/// A language's bundle, parsed on its first use.
fn bundle_of(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang.index()].get_or_init(|| bundle(lang.tag(), catalogues::FILES[lang.index()]))
}

fn bundle(tag: &str, files: &[(&str, &str)]) -> Bundle {
    let id = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    for (_, ftl) in files {
        // Built-in text checked by the tests, so a failure here is a build mistake; the
        // messages that did parse are still kept.
        let resource = FluentResource::try_new((*ftl).to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_names_its_language() {
        for zh in ["zh_CN.UTF-8", "zh_CN", "zh", "zh-CN", "zh_CN.utf8@x"] {
            assert_eq!(Lang::from_locale(zh), Lang::Zh, "{zh}");
        }
        for en in [
            "en_US.UTF-8",
            "C",
            "POSIX",
            "C.UTF-8",
            "zh_TW.UTF-8",
            "",
            "fr_FR",
        ] {
            assert_eq!(Lang::from_locale(en), Lang::En, "{en}");
        }
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_decide() {
        fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
            let vars: Vec<(String, String)> = vars
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        }
        assert_eq!(Lang::from_env_with(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_env_with(env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        let lc_all = [("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")];
        assert_eq!(Lang::from_env_with(env(&lc_all)), Lang::En);
        let messages = [("LC_MESSAGES", "zh_CN"), ("LANG", "en_US.UTF-8")];
        assert_eq!(Lang::from_env_with(env(&messages)), Lang::Zh);
        // An empty variable is as good as unset.
        let empty = [("LC_ALL", ""), ("LANG", "zh")];
        assert_eq!(Lang::from_env_with(env(&empty)), Lang::Zh);
    }

    #[test]
    fn messages_are_formatted_once_as_words_and_parts() {
        assert_eq!(Lang::Zh.word("role-client"), "客户端");
        assert_eq!(Lang::En.word("role-server"), "server");
        assert_eq!(Lang::En.word("no-such-id"), "no-such-id");
        assert_eq!(Lang::Zh.parts("step-abort"), ("中止：", "重置连接（RST）"));
        assert_eq!(Lang::En.parts("step-refused").1, ", the kernel answers RST");
        // Every message of each catalogue is one of the two, or takes several arguments.
        for lang in [Lang::En, Lang::Zh] {
            let f = formatted(lang);
            assert!(f.words.len() + f.parts.len() > 60, "{}", f.words.len());
        }
    }

    #[test]
    fn arguments_go_in_without_isolation_marks() {
        let s = Lang::Zh.text("step-abort", &[("by", "客户端")]);
        assert_eq!(s, "中止：客户端重置连接（RST）");
        assert_eq!(Lang::En.text("no-such-id", &[]), "no-such-id");
        // Numbers come back as the digits they were, and choose the English plural.
        let one = Lang::En.text("note-bad-checksums", &[("id", "1234567"), ("n", "1")]);
        assert!(
            one.starts_with("conversation 1234567: 1 packet with"),
            "{one}"
        );
        let two = Lang::En.text("note-bad-checksums", &[("id", "0"), ("n", "2")]);
        assert!(two.starts_with("conversation 0: 2 packets with"), "{two}");
        let v4 = Lang::En.text("arp-is-at", &[("sender", "10.0.0.1"), ("mac", "007")]);
        assert_eq!(v4, "10.0.0.1 is-at 007");
        assert_eq!(Lang::En.tag(), "en");
    }
}
