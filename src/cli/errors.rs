//! The errors a person reads at the command line, in their language. The library's typed
//! errors keep their `Display` in English (it is what gets logged, and what the tests of the
//! library match); here the CLI writes the common ones through the catalogue (`errors.ftl`)
//! by variant, and any other by its `Display`. The reasons the operating system and libpcap
//! give ("No such file or directory") are translated where the catalogue knows them.

use wirelab::annotate::lang::Lang;
use wirelab::capture::CaptureError;
use wirelab::pipeline::ReadError;

/// The reasons of the OS and libpcap the catalogue says in other words, by message id.
const REASONS: &[(&str, &str)] = &[
    ("No such file or directory", "err-reason-not-found"),
    ("Permission denied", "err-reason-permission"),
    ("Is a directory", "err-reason-directory"),
    ("unknown file format", "err-reason-format"),
    ("truncated dump file", "err-reason-truncated"),
    (
        "can't parse filter expression: syntax error",
        "err-reason-filter-syntax",
    ),
];

fn reason(lang: Lang, reason: &str) -> String {
    // libpcap's reasons may carry detail after the known words ("truncated dump file; ...").
    REASONS
        .iter()
        .find(|(words, _)| reason.starts_with(words))
        .and_then(|(words, id)| Some(format!("{}{}", lang.find_word(id)?, &reason[words.len()..])))
        .unwrap_or_else(|| reason.to_owned())
}

/// A capture error as the person reads it after "wirelab: ".
pub fn capture(lang: Lang, e: &CaptureError) -> String {
    let text = |id: &str, args: &[(&str, &str)]| lang.text(id, args);
    match e {
        CaptureError::Open { path, reason: why } => {
            let (path, why) = (path.display().to_string(), reason(lang, why));
            text("err-open", &[("path", &path), ("reason", &why)])
        }
        CaptureError::Record {
            path,
            record,
            reason: why,
        } => {
            let (path, record) = (path.display().to_string(), record.to_string());
            let why = reason(lang, why);
            let args = [
                ("path", path.as_str()),
                ("record", &record),
                ("reason", &why),
            ];
            text("err-record", &args)
        }
        CaptureError::Filter {
            path,
            filter,
            reason: why,
        } => {
            let (path, why) = (path.display().to_string(), reason(lang, why));
            let args = [
                ("where", path.as_str()),
                ("filter", filter),
                ("reason", &why),
            ];
            text("err-filter", &args)
        }
        CaptureError::LiveFilter {
            device,
            filter,
            reason: why,
        } => {
            let why = reason(lang, why);
            let args = [
                ("where", device.as_str()),
                ("filter", filter),
                ("reason", &why),
            ];
            text("err-filter", &args)
        }
        CaptureError::Write { path, reason: why } => {
            let (path, why) = (path.display().to_string(), reason(lang, why));
            text("err-write", &[("path", &path), ("reason", &why)])
        }
        other => other.to_string(),
    }
}

/// A read's fatal error as the person reads it after "wirelab: ".
pub fn read(lang: Lang, e: &ReadError) -> String {
    match e {
        ReadError::Stdout(io) => stdout(lang, io),
        ReadError::Fatal(e) => capture(lang, e),
        other => other.to_string(),
    }
}

/// Standard output could not be written.
pub fn stdout(lang: Lang, e: &std::io::Error) -> String {
    lang.text("err-stdout", &[("reason", &e.to_string())])
}

/// A usage error of the command line, by its message id in errors.ftl and that message's
/// arguments, so that it is said in the reader's language where it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Usage {
    /// The message `id`, without arguments.
    pub fn of(id: &'static str) -> Usage {
        Usage { id, args: vec![] }
    }

    /// The message `id` with one argument.
    pub fn with(id: &'static str, name: &'static str, value: impl Into<String>) -> Usage {
        Usage {
            id,
            args: vec![(name, value.into())],
        }
    }

    /// The message in `lang`'s words.
    pub fn say(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        lang.text(self.id, &args)
    }
}

/// What to tell a person whose capture failed for lack of privilege, in `lang`'s words: the
/// lines of [`wirelab::os::privilege::permission_help`], which says them in English.
pub fn permission_help(lang: Lang, device: &str, reason: &str, command: &str) -> String {
    let head = lang.text(
        "err-privilege-head",
        &[("device", device), ("reason", reason)],
    );
    let setcap = wirelab::os::privilege::SETCAP_COMMAND;
    format!(
        "wirelab: {head}\n{}\n{}\n    sudo {command}\n{}\n    {setcap}\n{}",
        lang.word("err-privilege-why"),
        lang.word("err-privilege-root"),
        lang.word("err-privilege-setcap"),
        lang.word("err-privilege-see"),
    )
}

/// A TUI error as the person reads it after "wirelab: ".
pub fn tui(lang: Lang, e: &wirelab::tui::TuiError) -> String {
    use wirelab::tui::{IndexError, TuiError};
    match e {
        TuiError::Index(IndexError::Capture(e)) => capture(lang, e),
        TuiError::NotATerminal => lang.word("err-tui-terminal").to_owned(),
        TuiError::Index(IndexError::Format { path, .. }) if path.as_os_str() == "-" => {
            lang.text("err-tui-stdin", &[("path", "-")])
        }
        TuiError::Index(IndexError::Filter {
            filter,
            reason: why,
        }) => {
            let why = self::reason(lang, why);
            lang.text("err-tui-filter", &[("filter", filter), ("reason", &why)])
        }
        other => other.to_string(),
    }
}

/// A lab's or `run`'s error as the person reads it after "wirelab: " (the namespaces' and
/// the capture's by their own words, any other after "lab failed: ").
pub fn lab(lang: Lang, e: &wirelab::lab::LabError) -> String {
    use wirelab::lab::LabError;
    match e {
        LabError::Interrupted => lang.word("err-lab-interrupted").to_owned(),
        LabError::Netns(_) => e.to_string(),
        LabError::Capture(c) => {
            let reason = capture(lang, c);
            lang.text("err-lab-failed", &[("reason", &reason)])
        }
        e => lang.text("err-lab-failed", &[("reason", &e.to_string())]),
    }
}
