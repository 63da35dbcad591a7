//! The message catalogues (i18n/<tag>/*.ftl) and the choice of language: both catalogues hold the
//! same ids with the same arguments, the Chinese one follows docs/glossary.md, and `read`
//! speaks Chinese with `--lang zh` or a zh_CN locale, today's English otherwise.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{repo, stderr, stdout, wirelab};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// A message's text (its fixed parts) and the variables it uses.
#[derive(Debug, Default)]
struct Message {
    text: String,
    vars: BTreeSet<String>,
}

fn collect(p: &Pattern<&str>, m: &mut Message) {
    for e in &p.elements {
        match e {
            PatternElement::TextElement { value } => m.text.push_str(value),
            PatternElement::Placeable { expression } => expression_vars(expression, m),
        }
    }
}

fn expression_vars(e: &Expression<&str>, m: &mut Message) {
    let inline = |i: &InlineExpression<&str>, m: &mut Message| {
        if let InlineExpression::VariableReference { id } = i {
            m.vars.insert(id.name.to_owned());
        }
    };
    match e {
        Expression::Inline(i) => inline(i, m),
        Expression::Select { selector, variants } => {
            inline(selector, m);
            for v in variants {
                collect(&v.value, m);
            }
        }
    }
}

/// The catalogue files of a language (`i18n/<tag>/*.ftl`), by name.
fn files(tag: &str) -> Vec<String> {
    let dir = repo().join("i18n").join(tag);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read the catalogue directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ftl"))
        .collect();
    names.sort();
    names
}

/// The messages of a language's catalogue, every file of it, by id; each file must parse
/// without an error and no id may be in two places.
fn catalogue(tag: &str) -> BTreeMap<String, Message> {
    let mut out = BTreeMap::new();
    for file in files(tag) {
        let path = repo().join("i18n").join(tag).join(&file);
        let src = std::fs::read_to_string(&path).expect("read catalogue");
        let resource = match fluent_syntax::parser::parse(src.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{tag}/{file} does not parse: {errors:?}"),
        };
        for entry in resource.body {
            if let Entry::Message(msg) = entry {
                let mut m = Message::default();
                if let Some(value) = &msg.value {
                    collect(value, &mut m);
                }
                let id = msg.id.name.to_owned();
                assert!(
                    out.insert(id.clone(), m).is_none(),
                    "{tag}/{file}: {id} twice"
                );
            }
        }
    }
    out
}

#[test]
fn both_languages_have_the_same_catalogue_files() {
    assert_eq!(files("en"), files("zh-CN"));
    assert!(files("en").contains(&"core.ftl".to_owned()));
}

#[test]
fn every_message_is_in_both_catalogues_with_the_same_arguments() {
    let en = catalogue("en");
    let zh = catalogue("zh-CN");
    assert!(
        en.len() > 40,
        "the English catalogue lost messages: {}",
        en.len()
    );
    // `help-` ids are exempt: English help is clap's, from the doc comments of the command
    // definitions (src/cli/help.rs), so en/help.ftl holds only what the code itself asks
    // for, and zh-CN/help.ftl a text for every command and argument (a unit test of
    // src/cli/help.rs checks that none is missing).
    let translated = |id: &&String| !id.starts_with("help-") || en.contains_key(id.as_str());
    let en_ids: Vec<_> = en.keys().collect();
    let zh_ids: Vec<_> = zh.keys().filter(translated).collect();
    assert_eq!(en_ids, zh_ids, "the catalogues hold different ids");
    for (id, m) in &en {
        assert_eq!(m.vars, zh[id].vars, "{id}: different arguments");
        assert!(!zh[id].text.is_empty(), "{id}: empty in zh-CN");
    }
}

/// The glossary's rows: (English, 中文, terms not to use).
fn glossary() -> Vec<(String, String, Vec<String>)> {
    let text = std::fs::read_to_string(repo().join("docs/glossary.md")).expect("glossary");
    let rows: Vec<_> = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| English"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let not = cells[2].split(',').map(str::trim).filter(|s| !s.is_empty());
            (
                cells[0].to_owned(),
                cells[1].to_owned(),
                not.map(str::to_owned).collect(),
            )
        })
        .collect();
    assert!(
        rows.len() >= 20,
        "the glossary table was not read: {} rows",
        rows.len()
    );
    rows
}

/// Whether `text` uses the English `term` where a word starts: "port" is in "port 80" and
/// "ports", not in "report" or "transport". Where a longer term of the glossary (`terms`)
/// starts with this one and is there, that term is what the text says: "three-way
/// handshake" is not the "three-way" teardown.
fn uses_term(text: &str, term: &str, terms: &[String]) -> bool {
    text.match_indices(term).any(|(at, _)| {
        let longer = terms
            .iter()
            .any(|t| t.len() > term.len() && t.starts_with(term) && text[at..].starts_with(t));
        !longer
            && !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphabetic())
    })
}

#[test]
fn the_chinese_catalogue_uses_the_glossary_terms() {
    let en = catalogue("en");
    let zh = catalogue("zh-CN");
    let mut used = 0;
    let rows = glossary();
    let terms: Vec<String> = rows.iter().map(|(english, _, _)| english.clone()).collect();
    for (english, chinese, not) in rows {
        for (id, m) in &en {
            if uses_term(&m.text, &english, &terms) {
                used += 1;
                assert!(
                    zh[id].text.contains(&chinese),
                    "{id}: says {english:?} in English, but not {chinese:?} in Chinese: {:?}",
                    zh[id].text
                );
            }
        }
        for (id, m) in &zh {
            for wrong in &not {
                assert!(
                    !m.text.contains(wrong.as_str()),
                    "{id}: {wrong:?}, not {chinese:?}"
                );
            }
        }
    }
    assert!(
        used >= 30,
        "the glossary terms matched only {used} messages"
    );
}

fn read_echo(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = common::wirelab_command();
    cmd.args(["read", "captures/tcp-echo.pcap", "--color", "never"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run wirelab");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn read_in_chinese() {
    let zh = read_echo(&["--lang", "zh"], &[]);
    assert!(zh.contains("握手 1/3：客户端发送 SYN  客户端 CLOSED（关闭）→SYN-SENT（同步已发送）"));
    // ESTABLISHED's second use in line 8 is by its Chinese name alone.
    assert!(zh.contains("客户端 ESTABLISHED（已建立连接）→FIN-WAIT-1（终止等待 1）  服务端 已建立连接→CLOSE-WAIT（关闭等待）"));
    // Fluent's isolation marks are off.
    assert!(!zh.contains(['\u{2068}', '\u{2069}']));
    insta::assert_snapshot!(zh);
}

#[test]
fn a_zh_cn_locale_reads_in_chinese_and_lang_en_wins_over_it() {
    let zh = read_echo(&["--lang", "zh"], &[]);
    assert_eq!(read_echo(&[], &[("LANG", "zh_CN.UTF-8")]), zh);
    assert_eq!(read_echo(&[], &[("LC_MESSAGES", "zh_CN")]), zh);
    let en = read_echo(&[], &[]);
    assert_ne!(en, zh);
    assert_eq!(read_echo(&["--lang", "en"], &[("LANG", "zh_CN.UTF-8")]), en);
    // LC_ALL comes first.
    assert_eq!(
        read_echo(&[], &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]),
        en
    );
}

/// `--lang en` and no locale print what tests/cli_read.rs pins as today's output.
#[test]
fn english_is_todays_output() {
    let snap = std::fs::read_to_string(
        repo().join("tests/snapshots/cli_read__text_output_of_the_tcp_echo_capture.snap"),
    )
    .expect("the English snapshot");
    // The snapshot's header is four lines ("---", source, expression, "---").
    let pinned: String = snap.split_inclusive('\n').skip(4).collect();
    assert_eq!(
        read_echo(&["--lang", "en"], &[]).trim_end(),
        pinned.trim_end()
    );
    assert_eq!(read_echo(&[], &[]).trim_end(), pinned.trim_end());
    // --lang is global: accepted before the subcommand as well.
    let out = wirelab(["--lang", "en", "read", "captures/tcp-echo.pcap"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `--summary --lang zh`: the handshake and teardown cells in Chinese, the columns after them
/// still aligned (a CJK character is two columns wide).
#[test]
fn summary_in_chinese() {
    let zh = read_echo(&["--summary", "--lang", "zh"], &[]);
    let en = read_echo(&["--summary"], &[]);
    assert!(zh.contains("完整         四次挥手"), "{zh}");
    let column = |s: &str, word: &str| {
        let row = s.lines().nth(1).expect("a row");
        let at = row.find(word).expect("the packets column");
        unicode_width::UnicodeWidthStr::width(&row[..at])
    };
    assert_eq!(column(&zh, "6/5"), column(&en, "6/5"));
    assert_eq!(
        read_echo(&["--summary"], &[("LANG", "zh_CN.UTF-8")]),
        zh,
        "the locale chooses the summary's language too"
    );
    insta::assert_snapshot!(zh);
}

/// The scanner the zh tests share finds English words and lets the allowed ones, numbers,
/// hex and addresses through.
#[test]
fn the_english_word_scanner_finds_english_and_passes_the_rest() {
    use common::english_words;
    let zh = "握手 1/3：客户端发送 SYN-ACK seq=0 win=65495 [mss 65495,sackOK] 12ms 0x1f a3f0 \
              127.0.0.1:8001 [fe80::1]:80 02:42:ac:11:00:02 FIN-WAIT-1（终止等待 1）";
    assert_eq!(english_words(zh, &["mss"]), Vec::<String>::new());
    let mixed = "客户端 closes first (FIN), then the server closes; SYN-foo 3bytes closes";
    assert_eq!(
        english_words(mixed, &[]),
        [
            "closes", "first", "then", "the", "server", "SYN-foo", "3bytes"
        ]
    );
    assert_eq!(english_words("server", &["server"]), Vec::<String>::new());
}
