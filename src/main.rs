//! The `wirelab` binary: parse arguments, run, map the outcome to an exit status.
//!
//! Exit status: 0 all input read; 1 an input could not be opened or was damaged (everything
//! before the damage was still shown); 2 usage error, invalid filter, or output not writable.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use cli::signals::Stop;
use cli::stdout::{self, Stdout};
use cli::view::TimelineFormat;
use cli::{Cli, Command, ReadArgs, view};
use wirelab::capture::StopHandle;
use wirelab::os::privilege;
use wirelab::pipeline::{self, ReadError};
use wirelab::render::FollowRenderer;

/// The exit statuses, numbered here only; each subcommand's doc says when it uses which.
/// A run stopped by a signal exits with 128 + the signal's number, as a shell expects.
mod exit {
    /// The run could not do its job: an input could not be opened or was damaged (what came
    /// before the damage was still shown), the interface could not be read, root could not
    /// be given up, a lab scenario went wrong.
    pub const FAILED: u8 = 1;
    /// The command has to change: a usage error, an invalid filter, an output that cannot
    /// be written.
    pub const USAGE: u8 = 2;
    /// The run lacked the privilege to capture (with what to do): like a usage error, the
    /// user has to change how wirelab is run.
    pub const NO_PRIVILEGE: u8 = 2;
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = cli::help::localize(Cli::command(), cli::help::lang_of_args(&args));
    let parsed = command
        .try_get_matches_from(&args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let first = std::env::args_os().nth(1);
            // `wirelab x.pcap`, as `tcpdump -r` users and `tshark -r` users type it.
            if e.kind() == clap::error::ErrorKind::InvalidSubcommand
                && let Some(first) = first.filter(|f| std::path::Path::new(f).exists())
            {
                let _ = e.print();
                eprintln!(
                    "\ndid you mean: wirelab read {}",
                    privilege::shell_command(&[first.to_string_lossy().into_owned()])
                );
                return ExitCode::from(exit::USAGE);
            }
            e.exit();
        }
    };
    let lang = cli.lang();
    match cli.command {
        Command::Read(args) if args.tui => tui(
            &args.args,
            args.color,
            args.payload.encoding,
            lang,
            &Default::default(),
        ),
        Command::Read(mut args) => {
            args.lang = lang;
            read(&args)
        }
        Command::Report(mut args) => {
            args.lang = lang;
            cli::report::report(&args)
        }
        Command::Tui {
            args,
            color,
            encoding,
            quiz,
        } => tui(&args, color, encoding, lang, &quiz),
        Command::Lab(mut args) => {
            args.lang = lang;
            cli::lab::lab(&args)
        }
        Command::Run(mut args) => {
            args.lang = lang;
            cli::run::run(&args)
        }
        Command::Explain { what, binary } => explain(lang, &what, binary),
        Command::Interfaces { json } => cli::capture::interfaces(json, lang),
        Command::Capture(mut args) => {
            args.lang = lang;
            cli::capture::capture(&args)
        }
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
    }
}

/// `wirelab completions SHELL`: the script the shell sources, from the clap definitions.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "wirelab", &mut script);
    stdout::print(&String::from_utf8_lossy(&script))
}

/// `wirelab man`: a roff manual page, from the clap definitions.
fn man() -> ExitCode {
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut page) {
        eprintln!("wirelab: cannot write the manual page: {e}");
        return ExitCode::from(exit::FAILED);
    }
    stdout::print(&String::from_utf8_lossy(&page))
}

/// Reading files needs no privilege: under sudo, `read` and `tui` become the user who ran
/// it before they open anything, so that they read and write only what that user could.
fn give_up_root() -> Result<(), ExitCode> {
    let fail = |msg: String| {
        eprintln!("wirelab: {msg}");
        ExitCode::from(exit::FAILED)
    };
    match privilege::file_owner() {
        Ok(Some(id)) => {
            privilege::drop_to(&id)
                .map_err(|e| fail(format!("cannot drop root privileges: {e}")))?;
            eprintln!(
                "wirelab: dropped root privileges: running as {id} ({}); reading files needs none",
                id.source
            );
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => Err(fail(e.to_string())),
    }
}

/// `wirelab tui FILE [FILTER]` and `wirelab read FILE [FILTER] --tui`.
fn tui(
    args: &[std::ffi::OsString],
    color: wirelab::render::ColorChoice,
    encoding: wirelab::annotate::text::Encoding,
    lang: wirelab::annotate::lang::Lang,
    quiz: &cli::quiz::QuizArgs,
) -> ExitCode {
    use wirelab::tui::{IndexError, Theme, TuiError};
    if let Err(status) = give_up_root() {
        return status;
    }
    let config = match ReadArgs::split(args) {
        Ok(config) => config,
        Err(msg) => {
            eprintln!("wirelab: {}", msg.say(lang));
            return ExitCode::from(exit::USAGE);
        }
    };
    let [path] = config.inputs.as_slice() else {
        eprintln!("wirelab: {}", lang.word("err-tui-one-file"));
        return ExitCode::from(exit::USAGE);
    };
    if quiz.quiz && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let log = match quiz.log(&config.inputs) {
            Ok(log) => log,
            Err(msg) => {
                eprintln!("wirelab: {msg}");
                return ExitCode::from(exit::USAGE);
            }
        };
        return match quiz.on_lines(&config, log, lang) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("wirelab: {msg}");
                ExitCode::from(exit::FAILED)
            }
        };
    }
    let quiz = match quiz.state(&config.inputs) {
        Ok(quiz) => quiz,
        Err(msg) => {
            eprintln!("wirelab: {msg}");
            return ExitCode::from(exit::USAGE);
        }
    };
    match wirelab::tui::run_file_with(
        path,
        config.filter,
        &Theme::for_choice(color),
        encoding,
        lang,
        |app| app.quiz = quiz,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wirelab: {}", cli::errors::tui(lang, &e));
            let unreadable = matches!(
                e,
                TuiError::Index(
                    IndexError::Io { .. } | IndexError::Format { .. } | IndexError::Capture(_)
                )
            );
            ExitCode::from(if unreadable {
                exit::FAILED
            } else {
                exit::USAGE
            })
        }
    }
}

/// `wirelab explain`: what an address, a network, a socket address or a port is.
fn explain(lang: wirelab::annotate::lang::Lang, what: &[String], binary: bool) -> ExitCode {
    let (out, refused) = wirelab::annotate::explain::explain_all(lang, what, binary);
    for why in &refused {
        eprintln!("wirelab: {why}");
    }
    let printed = stdout::print(&out);
    if printed != ExitCode::SUCCESS || refused.is_empty() {
        return printed;
    }
    ExitCode::from(exit::USAGE)
}

fn read(args: &ReadArgs) -> ExitCode {
    if let Err(status) = give_up_root() {
        return status;
    }
    let stop = match Stop::for_run(StopHandle::default(), args.lang) {
        Ok(stop) => stop,
        Err(status) => return status,
    };
    let mut config = match args.to_config() {
        Ok(config) => config,
        Err(msg) => {
            eprintln!("wirelab: {}", msg.say(args.lang));
            return ExitCode::from(exit::USAGE);
        }
    };
    config.stop = stop.handle.clone();
    if args.timeline
        && matches!(
            args.timeline_format,
            TimelineFormat::Svg | TimelineFormat::Html
        )
        && config.inputs.len() > 1
    {
        eprintln!("wirelab: {}", args.lang.word("err-one-document"));
        return ExitCode::from(exit::USAGE);
    }
    let follow = match args.follow() {
        Ok(follow) => follow,
        Err(msg) => {
            eprintln!("wirelab: {}", msg.say(args.lang));
            return ExitCode::from(2);
        }
    };
    if config.write.as_deref() == Some(std::path::Path::new("-")) {
        eprintln!("wirelab: {}", args.lang.word("err-write-stdout"));
        return ExitCode::from(exit::USAGE);
    }
    let mut view = view::renderer_for(&args.view());
    if let Some(follow) = &follow {
        config.follow = Some(follow.conn);
        // -w takes the followed bytes, not packets.
        config.write = None;
        if let Some((side, path)) = &follow.raw {
            match wirelab::os::output_file::create_for_invoker(path, &config.inputs) {
                Ok(file) => {
                    let sink = Box::new(std::io::BufWriter::new(file));
                    view = view::View::Follow(FollowRenderer::raw(follow.conn, *side, sink));
                }
                Err(e) => {
                    eprintln!("wirelab: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    let mut out = Stdout::new(stop.handle.clone());
    let lang = args.lang;
    let mut report = |e: &wirelab::capture::CaptureError| {
        eprintln!("wirelab: {}", cli::errors::capture(lang, e));
    };
    let result = pipeline::read(&config, view.renderer(), &mut out, &mut report);
    let status = match result {
        Ok(outcome) if outcome.damaged_inputs > 0 => ExitCode::from(exit::FAILED),
        Ok(_) => ExitCode::SUCCESS,
        // `wirelab read big.pcap | head`, or a signal while the output was held back.
        Err(ReadError::Stdout(e)) if stdout::quiet(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("wirelab: {}", cli::errors::read(lang, &e));
            return ExitCode::from(exit::USAGE);
        }
    };
    if let Err(e) = out.flush()
        && !stdout::quiet(&e)
    {
        eprintln!("wirelab: {}", cli::errors::stdout(lang, &e));
        return ExitCode::from(exit::USAGE);
    }
    if let Some(signal) = stop.signal_status() {
        // Stopped by a signal: whole records written, then the status a shell expects.
        return ExitCode::from(signal);
    }
    let (flag, asked) = match args.follow {
        Some(id) => ("--follow", Some(id)),
        None => ("--conn", args.conn),
    };
    if let (Some(id), Some(highest)) = (asked, view.missing_conn()) {
        let (id, n) = (id.to_string(), highest.to_string());
        let words = [("flag", flag), ("id", id.as_str()), ("n", n.as_str())];
        let why = match highest {
            0 => "err-no-conversations",
            1 => "err-only-conversation",
            _ => "err-no-such-conversation",
        };
        eprintln!("wirelab: {}", lang.text(why, &words));
        return ExitCode::from(exit::USAGE);
    }
    status
}
