//! `wirelab lab`: arguments into a [`LabConfig`], Ctrl-C into the lab's interrupt flag, the
//! outcome into an exit status.
//!
//! Exit status: 0 the scenario ran as it should; 1 it did not (a call failed unexpectedly);
//! 2 usage error or missing privileges; 130 interrupted (Ctrl-C, SIGTERM).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use wirelab::capture::CaptureError;
use wirelab::lab::{self, LabConfig, LabError, SCENARIOS};
use wirelab::render::{LadderRenderer, Renderer, SummaryRenderer, TextRenderer};

use crate::cli::LabArgs;

pub fn lab(args: &LabArgs) -> ExitCode {
    if args.list {
        for s in SCENARIOS {
            println!("{:<24} {}", s.name, s.teaches);
        }
        return ExitCode::SUCCESS;
    }
    let name = args.scenario.as_deref().unwrap_or_default();
    let Some(scenario) = lab::scenario::find(name) else {
        let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
        eprintln!(
            "wirelab: no scenario called {name:?}; there are: {}",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    if args.netns && !nix::unistd::geteuid().is_root() {
        eprintln!(
            "wirelab: lab --netns creates network namespaces, which needs root: run it with sudo"
        );
        return ExitCode::from(2);
    }
    let config = LabConfig {
        scenario,
        ipv6: args.ipv6,
        netns: args.netns,
        port: args.port,
        message: args.message.clone().into_bytes(),
        count: args.count,
        delay: Duration::from_millis(args.delay),
        write: args.write.clone(),
        echo_calls: args.delay > 0,
    };

    // Ctrl-C sets the flag: the programs stop at their next step and the namespaces are
    // removed on the way out. A second Ctrl-C ends the process at once.
    let interrupt = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, interrupt.clone());
        let _ = signal_hook::flag::register(signal, interrupt.clone());
    }

    let run = match lab::run(&config, interrupt) {
        Ok(run) => run,
        Err(e) => return failed(&e),
    };
    if let Some(path) = &config.write {
        give_to_invoking_user(path);
    }
    let mut renderer: Box<dyn Renderer> = if args.json {
        Box::new(wirelab::render::JsonRenderer::new())
    } else if args.timeline {
        Box::new(LadderRenderer::new(args.timeline_format, None))
    } else if args.summary {
        Box::new(SummaryRenderer::new())
    } else {
        Box::new(TextRenderer::new(args.time, args.color.enabled()))
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut written = lab::render(&run, renderer.as_mut(), &mut out);
    if args.json && written.is_ok() {
        written = serde_json::to_writer(&mut out, &lab::lab_record(&run))
            .map_err(io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
    }
    match written.and_then(|()| out.flush()) {
        Ok(()) => {
            eprintln!(
                "wirelab lab {}: {} packets captured on {} (filter: {}), {} dropped by the kernel",
                run.scenario,
                run.frames.len(),
                run.device,
                run.filter,
                run.stats.dropped
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wirelab: {e}");
            ExitCode::from(2)
        }
    }
}

fn failed(e: &LabError) -> ExitCode {
    match e {
        LabError::Interrupted => {
            eprintln!("wirelab: lab interrupted; its namespaces (if any) are removed");
            ExitCode::from(130)
        }
        LabError::Capture(CaptureError::Permission { device, .. }) => {
            eprintln!(
                "wirelab: capturing on {device} needs root (CAP_NET_RAW): run `sudo wirelab lab ...`"
            );
            ExitCode::from(2)
        }
        LabError::Netns(_) => {
            eprintln!("wirelab: {e}");
            ExitCode::from(2)
        }
        e => {
            eprintln!("wirelab: lab failed: {e}");
            ExitCode::from(1)
        }
    }
}

/// Under sudo, a file the lab wrote belongs to the user who ran sudo, not to root.
fn give_to_invoking_user(path: &std::path::Path) {
    let id = |var: &str| std::env::var(var).ok().and_then(|v| v.parse::<u32>().ok());
    if let (Some(uid), Some(gid)) = (id("SUDO_UID"), id("SUDO_GID"))
        && nix::unistd::geteuid().is_root()
    {
        let _ = nix::unistd::chown(
            path,
            Some(nix::unistd::Uid::from_raw(uid)),
            Some(nix::unistd::Gid::from_raw(gid)),
        );
    }
}
