//! The words of `wirelab interfaces`: each interface's line, its addresses with what they are
//! (address.rs's facts), libpcap's other devices, the default and whether this process may
//! capture (`crate::os::interfaces` gathers them).

use std::fmt::Write;

use super::address;
use super::lang::Lang;
use crate::os::interfaces::{Interface, InterfaceList};

/// The whole listing, in `lang`'s words; the names, addresses and MACs as they are.
pub fn list(lang: Lang, list: &InterfaceList) -> String {
    let mut out = String::new();
    for i in &list.interfaces {
        interface(
            lang,
            i,
            list.default.as_deref() == Some(i.name.as_str()),
            &mut out,
        );
    }
    if !list.pseudo_devices.is_empty() {
        out.push_str(lang.word("if-pseudo-heading"));
        out.push('\n');
        for d in &list.pseudo_devices {
            let _ = match &d.description {
                Some(desc) => writeln!(out, "    {}: {desc}", d.name),
                None => writeln!(out, "    {}", d.name),
            };
        }
    }
    out.push_str(&match &list.default {
        Some(name) => lang.text("if-default-line", &[("name", name)]),
        None => lang.word("if-no-default").to_owned(),
    });
    out.push('\n');
    out.push_str(&match list.can_capture {
        Some(true) => lang.word("if-may-capture").to_owned(),
        Some(false) => lang.text(
            "if-may-not-capture",
            &[("setcap", crate::os::privilege::SETCAP_COMMAND)],
        ),
        None => lang.word("if-capture-unknown").to_owned(),
    });
    out.push('\n');
    out
}

/// "up, running, loopback", or "down".
pub fn flag_words(lang: Lang, i: &Interface) -> String {
    let mut words = vec![lang.word(if i.up { "if-up" } else { "if-down" })];
    if i.running {
        words.push(lang.word("if-running"));
    }
    if i.loopback {
        words.push(lang.word("if-loopback"));
    }
    words
        .iter()
        .skip(1)
        .fold(words[0].to_owned(), |list, next| {
            lang.text("if-list-join", &[("list", &list), ("next", next)])
        })
}

/// One interface: its line, then one line per address with its main fact.
fn interface(lang: Lang, i: &Interface, default: bool, out: &mut String) {
    let index = i.index.to_string();
    let flags = flag_words(lang, i);
    out.push_str(&lang.text(
        "if-line",
        &[("name", &i.name), ("index", &index), ("flags", &flags)],
    ));
    out.push_str(&match &i.mac {
        Some(mac) => lang.text("if-mac", &[("mac", mac)]),
        None => lang.word("if-no-mac").to_owned(),
    });
    out.push_str(lang.word(if i.capturable {
        "if-capturable"
    } else {
        "if-not-capturable"
    }));
    if default {
        out.push_str(lang.word("if-default"));
    }
    out.push('\n');
    if i.addresses.is_empty() {
        let _ = writeln!(out, "    {}", lang.word("if-no-address"));
    }
    let shown: Vec<String> = i
        .addresses
        .iter()
        .map(|a| format!("{}/{}", a.addr, a.prefix))
        .collect();
    let width = shown.iter().map(String::len).max().unwrap_or(0);
    for (a, shown) in i.addresses.iter().zip(&shown) {
        let fact = a
            .main_fact(lang)
            .unwrap_or_else(|| address::label_word(lang, a.addr).to_owned());
        let _ = writeln!(out, "    {shown:<width$}  {fact}");
    }
}
