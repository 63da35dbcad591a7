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
