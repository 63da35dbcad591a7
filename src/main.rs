//! The `wirelab` binary: parse arguments, run, map the outcome to an exit status.
//!
//! Exit status: 0 all input read; 1 an input could not be opened or was damaged (everything
//! before the damage was still shown); 2 usage error, invalid filter, or output not writable.

mod capture_cmd;
mod cli;
mod lab_cmd;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, ReadArgs};
use wirelab::pipeline::{self, ReadError};
use wirelab::render::{JsonRenderer, LadderRenderer, Renderer, SummaryRenderer, TextRenderer};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Read(args) if args.tui => tui(&args.args, args.color),
        Command::Read(args) => read(&args),
        Command::Tui { args, color } => tui(&args, color),
        Command::Lab(args) => lab_cmd::lab(&args),
        Command::Explain { what } => explain(&what),
        Command::Interfaces { json } => capture_cmd::interfaces(json),
        Command::Capture(args) => capture_cmd::capture(&args),
    }
}

/// `wirelab tui FILE [FILTER]` and `wirelab read FILE [FILTER] --tui`.
fn tui(args: &[String], color: wirelab::render::ColorChoice) -> ExitCode {
    use wirelab::tui::{IndexError, Theme, TuiError};
    let config = ReadArgs::split(args);
    let [path] = config.inputs.as_slice() else {
        eprintln!("wirelab: the TUI opens one capture file at a time");
        return ExitCode::from(2);
    };
    match wirelab::tui::run_file(path, config.filter, &Theme::for_choice(color)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wirelab: {e}");
            let unreadable = matches!(
                e,
                TuiError::Index(
                    IndexError::Io { .. } | IndexError::Format { .. } | IndexError::Capture(_)
                )
            );
            ExitCode::from(if unreadable { 1 } else { 2 })
        }
    }
}

/// `wirelab explain`: what an address or a port is.
fn explain(what: &[String]) -> ExitCode {
    use wirelab::annotate::{address, port};
    let mut out = String::new();
    let mut status = ExitCode::SUCCESS;
    for (i, item) in what.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (number, proto) = match item.split_once('/') {
            Some((n, p)) => (n, Some(p)),
            None => (item.as_str(), None),
        };
        if let Ok(addr) = item.parse::<std::net::IpAddr>() {
            // Rust writes IPv4-compatible addresses in hex: keep the user's spelling too.
            let shown = addr.to_string();
            let head = if shown == *item {
                shown
            } else {
                format!("{item} ({shown})")
            };
            out.push_str(&format!("{head}\n{}\n", address::describe(addr)));
        } else if let Ok(n) = number.parse::<u16>() {
            let transports = match proto.map(port::Transport::from_name) {
                None => vec![port::Transport::Tcp, port::Transport::Udp],
                Some(Some(t)) => vec![t],
                Some(None) => {
                    eprintln!("wirelab: {item}: the protocol after '/' must be tcp or udp");
                    status = ExitCode::from(2);
                    continue;
                }
            };
            for t in transports {
                out.push_str(&format!("{}\n", port::describe(n, t)));
            }
        } else {
            eprintln!("wirelab: {item}: neither an IPv4/IPv6 address nor a port number (0-65535)");
            status = ExitCode::from(2);
        }
    }
    print!("{out}");
    status
}

fn read(args: &ReadArgs) -> ExitCode {
    let config = args.to_config();
    if config.write.as_deref() == Some(std::path::Path::new("-")) {
        eprintln!(
            "wirelab: -w - would mix the pcap bytes with the packet lines on stdout; write to a file instead"
        );
        return ExitCode::from(2);
    }
    let mut renderer: Box<dyn Renderer> = if args.json {
        Box::new(JsonRenderer::new())
    } else if args.timeline {
        Box::new(LadderRenderer::new(args.timeline_format, args.conn))
    } else if args.summary {
        Box::new(SummaryRenderer::new())
    } else {
        Box::new(TextRenderer::new(args.time, args.color.enabled()).verbose(args.verbose))
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut report = |e: &wirelab::capture::CaptureError| eprintln!("wirelab: {e}");
    let result = pipeline::read(&config, renderer.as_mut(), &mut out, &mut report);
    match result {
        Ok(outcome) if outcome.damaged_inputs > 0 => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
        // `wirelab read big.pcap | head`: the reader left; that is not an error.
        Err(ReadError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("wirelab: {e}");
            ExitCode::from(2)
        }
    }
}
