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
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

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
    /// catalogue lacks it (tests/i18n.rs checks that none does).
    pub fn text(self, id: &str, args: &[(&str, &str)]) -> String {
        let bundle = &bundles()[self.index()];
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, argument(value));
        }
        let mut errors = Vec::new();
        let text: Cow<'_, str> = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        text.into_owned()
    }
}

/// An argument as Fluent gets it: a whole number (as `u64` writes it, below 2^53) as a
/// number, so that a message can choose its plural form (`{ $count -> [one] ... }`) and it
/// still prints as the same digits; anything else as a string.
fn argument(value: &str) -> FluentValue<'_> {
    match value.parse::<u64>() {
        Ok(n) if n < (1 << 53) && n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

/// The bundles, parsed on first use.
fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| ALL.map(|(lang, tag)| bundle(tag, catalogues::FILES[lang.index()])))
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
    fn arguments_go_in_without_isolation_marks() {
        let s = Lang::Zh.text("step-abort", &[("by", "客户端")]);
        assert_eq!(s, "中止：客户端重置连接（RST）");
        assert_eq!(Lang::En.text("no-such-id", &[]), "no-such-id");
        assert_eq!(Lang::En.tag(), "en");
    }

    #[test]
    fn whole_numbers_go_in_as_numbers_and_print_as_they_came() {
        for (value, is_number) in [
            ("1", true),
            ("65535", true),
            ("007", false),
            ("0.002000", false),
            ("-1", false),
            ("9007199254740993", false),
        ] {
            let v = argument(value);
            assert_eq!(matches!(v, FluentValue::Number(_)), is_number, "{value}");
            let s = Lang::En.text("step-syn-retransmitted", &[("count", value)]);
            assert_eq!(s, format!("SYN retransmitted (#{value}): no answer yet"));
        }
    }
}
