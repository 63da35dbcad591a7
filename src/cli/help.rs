//! `--help` in the reader's language. English help is clap's, from the doc comments of the
//! derive definitions; for another language the command tree is rewritten before parsing:
//! each command's `about` and each argument's help come from the catalogue (`help.ftl`),
//! where it has them. The language is decided before clap parses (see [`lang_of_args`]),
//! because the help is printed while parsing. clap's own words ("Usage", "Options",
//! "Commands") stay as clap writes them.
//!
//! Message ids: `help-CMD-about` for a command's description (`CMD` is `wirelab` for the
//! top level, else the subcommand's name), `help-examples` for the heading of the examples
//! after its options and `help-CMD-note` for the paragraph after them, `help-CMD-ARG` for an argument's help, or `help-any-ARG` for an argument
//! that several subcommands share. An argument's message says its possible values and its
//! default in its own words, so clap's English lists of them are hidden where a message is.

use std::ffi::OsString;

use clap::Command;
use wirelab::annotate::lang::Lang;

/// The language `--lang` names in `args` (`--lang zh`, `--lang=zh`), else the environment's:
/// what [`crate::cli::Cli::lang`] will decide once the arguments are parsed.
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => continue,
        };
        match value.as_deref() {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => break,
        }
    }
    Lang::from_env()
}

/// `cmd` (the whole tree, before clap builds it: a global argument such as `--lang` is
/// given to the subcommands then, with the text set here) with the help texts `lang`'s catalogue has.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    localize_one(cmd, lang, "wirelab")
}

/// The text after a command's options, "Examples:" and the command lines, then a note: the
/// heading and the note in `lang`'s words (`help-examples`, `help-CMD-note`), the command
/// lines as they are.
fn after_help(lang: Lang, path: &str, after: &str) -> String {
    let (examples, note) = match after.split_once("\n\n") {
        Some((examples, note)) => (examples, Some(note)),
        None => (after, None),
    };
    let examples = match examples.strip_prefix("Examples:") {
        Some(lines) => format!("{}{lines}", lang.word("help-examples")),
        None => examples.to_owned(),
    };
    match note {
        Some(note) => {
            let note = lang.find_word(&format!("help-{path}-note")).unwrap_or(note);
            format!("{examples}\n\n{note}")
        }
        None => examples,
    }
}

fn localize_one(mut cmd: Command, lang: Lang, path: &str) -> Command {
    if let Some(about) = lang.find_word(&format!("help-{path}-about")) {
        cmd = cmd.about(about).long_about(about);
    }
    if let Some(after) = cmd
        .get_after_help()
        .map(|a| after_help(lang, path, &a.to_string()))
    {
        cmd = cmd.after_help(after.clone()).after_long_help(after);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in ids {
        let text = lang
            .find_word(&format!("help-{path}-{id}"))
            .or_else(|| lang.find_word(&format!("help-any-{id}")));
        if let Some(text) = text {
            cmd = cmd.mut_arg(id.as_str(), |a| {
                let values = a.get_action().takes_values();
                a.help(text)
                    .long_help(text)
                    .hide_possible_values(values)
                    .hide_default_value(values)
            });
        }
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name.as_str(), |sub| localize_one(sub, lang, &name));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::{Command, CommandFactory};

    use super::*;

    /// The help texts `lang`'s catalogue lacks for `cmd`'s tree, as the ids [`localize`] would
    /// look up: for the test that every command and argument is translated.
    fn missing(cmd: &Command, lang: Lang, path: &str, out: &mut Vec<String>) {
        let about = format!("help-{path}-about");
        if cmd.get_about().is_some() && lang.find_word(&about).is_none() {
            out.push(about);
        }
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let id = a.get_id().as_str();
            if ["help", "version"].contains(&id) {
                continue;
            }
            let own = format!("help-{path}-{id}");
            if lang.find_word(&own).is_none() && lang.find_word(&format!("help-any-{id}")).is_none()
            {
                out.push(own);
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            missing(sub, lang, sub.get_name(), out);
        }
    }

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(
            lang_of_args(&args(&["wirelab", "--help", "--lang", "zh"])),
            Lang::Zh
        );
        assert_eq!(
            lang_of_args(&args(&["wirelab", "read", "--lang=zh", "-h"])),
            Lang::Zh
        );
        assert_eq!(
            lang_of_args(&args(&["wirelab", "--lang", "en", "--help"])),
            Lang::En
        );
    }

    /// Every command and every argument a person sees in `--help` has its Chinese text.
    #[test]
    fn every_help_text_has_its_chinese() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut out = Vec::new();
        missing(&cmd, Lang::Zh, "wirelab", &mut out);
        assert!(out.is_empty(), "no Chinese help for: {out:#?}");
    }
}
