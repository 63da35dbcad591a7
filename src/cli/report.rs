//! `wirelab report FILE [FILTER] -o OUT.html`: `read` with the report's renderer, writing
//! into the `-o` file. Root is given up first (as `read` does), so the file is opened as the
//! user who ran sudo, and never over the input.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use wirelab::capture::StopHandle;
use wirelab::lab::run::Matched;
use wirelab::os::output_file;
use wirelab::pipeline::{self, ReadError};
use wirelab::report::{ReportFormat, ReportOptions, ReportRenderer};

use super::signals::Stop;
use super::stdout::{self, Stdout};
use super::view::{self, View};
use super::{ReadArgs, ReportArgs};

pub fn report(args: &ReportArgs) -> ExitCode {
    if let Err(status) = crate::give_up_root() {
        return status;
    }
    let usage = |msg: String| {
        eprintln!("wirelab: {msg}");
        ExitCode::from(crate::exit::USAGE)
    };
    let stop = match Stop::for_run(StopHandle::default(), args.lang) {
        Ok(stop) => stop,
        Err(status) => return status,
    };
    let mut config = match ReadArgs::split(&args.args) {
        Ok(config) => config,
        Err(msg) => return usage(msg.say(args.lang)),
    };
    if config.inputs.len() != 1 {
        return usage(args.lang.word("err-report-one-file").to_owned());
    }
    config.stop = stop.handle.clone();
    let mut view = view::report(
        ReportFormat::Html,
        args.conn,
        args.max_conversations,
        args.lang,
    );
    let to_stdout = args.output == Path::new("-");
    let mut out: Box<dyn Write> = if to_stdout {
        Box::new(Stdout::new(stop.handle.clone()))
    } else {
        match output_file::create(&args.output, None, &config.inputs) {
            Ok(file) => Box::new(BufWriter::new(file)),
            Err(e) => return usage(e.to_string()),
        }
    };
    let mut damaged = |e: &wirelab::capture::CaptureError| eprintln!("wirelab: {e}");
    let result = pipeline::read(&config, view.renderer(), &mut out, &mut damaged);
    let flushed = out.flush();
    let status = match result {
        Ok(outcome) if outcome.damaged_inputs > 0 => ExitCode::from(crate::exit::FAILED),
        Ok(_) => ExitCode::SUCCESS,
        Err(ReadError::Stdout(e)) if stdout::quiet(&e) => ExitCode::SUCCESS,
        Err(e) => return usage(crate::cli::errors::read(args.lang, &e)),
    };
    if let Err(e) = flushed
        && !stdout::quiet(&e)
    {
        return usage(format!("{}: cannot write: {e}", args.output.display()));
    }
    if let Some(signal) = stop.signal_status() {
        return ExitCode::from(signal);
    }
    if let (Some(id), View::Report(r)) = (args.conn, &view)
        && let Some(highest) = r.missing_conn()
    {
        let (id, n) = (id.to_string(), highest.to_string());
        let words = [("flag", "--conn"), ("id", id.as_str()), ("n", n.as_str())];
        let why = match highest {
            0 => "err-no-conversations",
            1 => "err-only-conversation",
            _ => "err-no-such-conversation",
        };
        return usage(args.lang.text(why, &words));
    }
    status
}

/// `lab ... --report OUT.html` and `run ... --report OUT.html`: the file, opened before the
/// run as the user behind sudo, so a refused file costs no run (the error is said here).
pub fn open_for_run(path: Option<&Path>) -> Result<Option<std::fs::File>, ExitCode> {
    path.map(|p| output_file::create_for_invoker(p, &[]))
        .transpose()
        .map_err(|e| {
            eprintln!("wirelab: {e}");
            ExitCode::from(crate::exit::USAGE)
        })
}

/// The finished run's frames and socket calls through the engine once more, into the
/// report's renderer and `file` (nothing without one).
pub fn write_for_run(
    file: Option<std::fs::File>,
    run: Matched<'_>,
    title: impl FnOnce() -> String,
    lang: wirelab::annotate::lang::Lang,
) -> Result<(), ExitCode> {
    let Some(file) = file else { return Ok(()) };
    let mut renderer = ReportRenderer::new(ReportOptions {
        format: ReportFormat::Html,
        only: None,
        max_conversations: view::MAX_DRAWN,
        title: title(),
        lang,
    });
    let mut out = BufWriter::new(file);
    wirelab::lab::render(lang, run, &mut renderer, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| {
            eprintln!("wirelab: cannot write the report: {e}");
            ExitCode::from(crate::exit::USAGE)
        })
}
