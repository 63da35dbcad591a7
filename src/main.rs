//! The `wirelab` binary: parse arguments, run, map the outcome to an exit status.
//!
//! Exit status: 0 all input read; 1 an input could not be opened or was damaged (everything
//! before the damage was still shown); 2 usage error, invalid filter, or output not writable.

mod cli;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, ReadArgs};
use wirelab::pipeline::{self, ReadError};
use wirelab::render::{JsonRenderer, Renderer, TextRenderer};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Read(args) => read(&args),
    }
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
        Box::new(JsonRenderer)
    } else {
        Box::new(TextRenderer::new(args.time, args.color.enabled()))
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
