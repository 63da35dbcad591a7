//! `wirelab run -- PROGRAM ARGS...`: arguments into a [`ProgramConfig`], signals passed on to
//! the program, the finished run through the lab's views, and the program's exit status as
//! wirelab's own.
//!
//! The program keeps the terminal: its standard input, output and error are wirelab's. What
//! wirelab writes goes to `-o FILE` (created as the invoking user) or to standard error.

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::WithOrigin;
use wirelab::annotate::lang::Lang;
use wirelab::capture::CaptureError;
use wirelab::lab::program::{self, ProgramConfig, ProgramRun};
use wirelab::lab::{self, LabError};
use wirelab::os::privilege::{self, Identity};
use wirelab::trace::{self, Launch};

use crate::cli::RunArgs;

pub fn run(args: &RunArgs) -> ExitCode {
    let (user, drop_privileges) = match whom(args) {
        Ok(u) => u,
        Err(msg) => {
            eprintln!("wirelab: {msg}");
            return ExitCode::from(crate::exit::USAGE);
        }
    };
    if args.netns && !privilege::is_root() {
        eprintln!("wirelab: {}", args.lang.word("err-run-netns-root"));
        return ExitCode::from(crate::exit::USAGE);
    }
    let Some(first) = args.program.first() else {
        eprintln!("wirelab: {}", args.lang.word("err-run-no-program"));
        return ExitCode::from(crate::exit::USAGE);
    };
    let program = match trace::find_program(first, &user) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("wirelab: {e}");
            return ExitCode::from(crate::exit::USAGE);
        }
    };
    // Opened before the program runs, as the user behind sudo, so a refused file costs no run.
    let (mut out, pcap) = match outputs(args) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("wirelab: {msg}");
            return ExitCode::from(crate::exit::USAGE);
        }
    };
    let report = match super::report::open_for_run(args.report.as_deref()) {
        Ok(report) => report,
        Err(status) => return status,
    };
    let home = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(user.uid))
        .ok()
        .flatten()
        .map(|u| u.dir);
    let detached = match (args.tui, program_output(args)) {
        (false, _) => None,
        (true, Ok(f)) => Some(f),
        (true, Err(msg)) => {
            eprintln!("wirelab: {msg}");
            return ExitCode::from(crate::exit::USAGE);
        }
    };
    let config = ProgramConfig {
        launch: Launch {
            program,
            args: args.program.clone(),
            user,
            home,
            netns: args.netns,
            detached,
        },
        drop_privileges,
        tap: None,
        kernel_states: args.kernel_states,
    };
    if args.tui {
        return growing_tui(args, config, pcap);
    }
    let forwarder = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&forwarder);
    let result = program::run(&config, move |started| {
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = pass_signals_on(started.live);
    });
    if let Some(handle) = forwarder
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
    {
        handle.close();
    }
    let run = match result {
        Ok(r) => r,
        Err(e) => return failed(&e, args.lang),
    };
    if let Err(status) = write_pcap(pcap, &run) {
        return status;
    }
    let title = || format!("run {}", args.program_to_string());
    if let Err(status) = super::report::write_for_run(report, run.matched(), title, args.lang) {
        return status;
    }
    if let Err(e) = render(args, &run, &mut out)
        && !crate::cli::stdout::quiet(&e)
    {
        eprintln!("wirelab: cannot write the report: {e}");
        return ExitCode::from(crate::exit::USAGE);
    }
    eprintln!("{}", closing_line(&run, args.lang));
    ExitCode::from(run.exit.status())
}

/// Whom the program runs as, and whether wirelab gives up root itself once its capture is
/// open: the user behind sudo, or `--user`; never root.
fn whom(args: &RunArgs) -> Result<(Identity, bool), String> {
    if !privilege::is_root() {
        let uid = nix::unistd::getuid().as_raw();
        let gid = nix::unistd::getgid().as_raw();
        let groups = nix::unistd::getgroups()
            .map(|g| g.into_iter().map(|g| g.as_raw()).collect())
            .unwrap_or_default();
        let me = Identity {
            uid,
            gid,
            groups,
            name: None,
            source: "this process",
        };
        return Ok((me, false));
    }
    let user = match &args.user {
        Some(name) => Some(privilege::user_named(name).map_err(|e| e.to_string())?),
        None => privilege::invoking_user().map_err(|e| e.to_string())?,
    };
    match user {
        Some(u) if u.uid != 0 => Ok((u, true)),
        _ => Err(args.lang.word("err-run-as-root").to_owned()),
    }
}

type Pcap = Option<(std::fs::File, std::path::PathBuf)>;

/// The program's packets into the `-w` file, if one was asked for.
fn write_pcap(pcap: Pcap, run: &ProgramRun) -> Result<(), ExitCode> {
    match pcap {
        Some((file, path)) => lab::run::write_pcap(file, &path, &run.frames).map_err(|e| {
            eprintln!("wirelab: {e}");
            ExitCode::from(crate::exit::USAGE)
        }),
        None => Ok(()),
    }
}

/// The report's destination (`-o FILE`, else standard error) and the `-w` file.
fn outputs(args: &RunArgs) -> Result<(Box<dyn Write>, Pcap), String> {
    let create = |p: &std::path::Path| {
        wirelab::os::output_file::create_for_invoker(p, &[]).map_err(|e| e.to_string())
    };
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(create(p)?)),
        None => Box::new(BufWriter::new(io::stderr())),
    };
    let pcap = match &args.write {
        Some(p) => Some((create(p)?, p.clone())),
        None => None,
    };
    Ok((out, pcap))
}

/// Ctrl-C reaches the program from the terminal itself (it is in wirelab's process group):
/// the first is left to it. A signal sent to wirelab alone (`kill`) is passed on. A second
/// SIGINT, SIGTERM or SIGHUP ends the program's processes (SIGKILL), and the report follows.
fn pass_signals_on(live: Arc<Mutex<HashSet<i32>>>) -> Option<signal_hook::iterator::Handle> {
    let mut signals = SignalsInfo::<WithOrigin>::new([SIGINT, SIGTERM, SIGHUP]).ok()?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        let mut seen = 0;
        for origin in signals.forever() {
            seen += 1;
            let from_terminal =
                matches!(origin.cause, signal_hook::low_level::siginfo::Cause::Kernel);
            let to_send = match (seen, Signal::try_from(origin.signal)) {
                (1, Ok(_)) if from_terminal => None,
                (1, Ok(sig)) => Some(sig),
                _ => Some(Signal::SIGKILL),
            };
            let Some(sig) = to_send else { continue };
            for &pid in live.lock().unwrap_or_else(PoisonError::into_inner).iter() {
                let _ = kill(Pid::from_raw(pid), sig);
            }
        }
    });
    Some(handle)
}

/// The run through the view asked for, then (JSON) the `run` record.
fn render(args: &RunArgs, run: &ProgramRun, out: &mut Box<dyn Write>) -> io::Result<()> {
    let mut view = crate::cli::view::renderer_for(&args.view());
    let kernel = run.kernel.as_ref();
    lab::run::render_with_kernel(args.lang, run.matched(), kernel, view.renderer(), out)?;
    if args.json {
        serde_json::to_writer(&mut *out, &run_record(run, args.lang)).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        if let Some(k) = &run.kernel {
            serde_json::to_writer(&mut *out, &lab::run::kernel_record_of(k, args.lang))
                .map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}

/// `{"type":"run"}`: the program, how it ended, and every call it made (docs/json.md).
fn run_record(run: &ProgramRun, lang: Lang) -> serde_json::Value {
    let exit = match run.exit {
        trace::ProgramExit::Code(c) => serde_json::json!({ "code": c }),
        trace::ProgramExit::Signal(s) => serde_json::json!({ "signal": s.as_str() }),
    };
    serde_json::json!({
        "type": "run",
        "command": run.command,
        "uid": run.user.uid,
        "gid": run.user.gid,
        "device": run.device,
        "netns": run.netns,
        "filter": run.filter,
        "packets": run.frames.len(),
        "others_packets": run.others,
        "dropped": run.stats.dropped,
        "processes": run.processes,
        "exit": exit,
        "calls_dropped": run.calls_dropped,
        "calls": lab::run::calls_with_kernel(run.matched(), run.kernel.as_ref(), lang),
    })
}

fn closing_line(run: &ProgramRun, lang: Lang) -> String {
    let how = match run.exit {
        trace::ProgramExit::Code(c) => lang.text("run-exited", &[("code", &c.to_string())]),
        trace::ProgramExit::Signal(s) => lang.text("run-killed", &[("signal", s.as_str())]),
    };
    let name = run
        .command
        .first()
        .map_or(lang.word("run-the-program"), String::as_str);
    let none = if run.calls.is_empty() {
        lang.word("run-no-calls")
    } else {
        ""
    };
    let others = match run.others {
        0 => String::new(),
        n => lang.text("run-others", &[("n", &n.to_string())]),
    };
    let numbers = [
        run.processes.to_string(),
        run.calls.len().to_string(),
        run.frames.len().to_string(),
        run.stats.dropped.to_string(),
    ];
    let [processes, calls, packets, dropped] = numbers.each_ref().map(String::as_str);
    lang.text(
        "run-closing",
        &[
            ("name", name),
            ("how", &how),
            ("processes", processes),
            ("calls", calls),
            ("packets", packets),
            ("device", &run.device),
            ("none", none),
            ("others", &others),
            ("dropped", dropped),
        ],
    )
}

/// Where the program's output goes while the TUI has the screen: `--program-output FILE`
/// (created as the invoking user), else nowhere.
fn program_output(args: &RunArgs) -> Result<std::fs::File, String> {
    match &args.program_output {
        Some(p) => wirelab::os::output_file::create_for_invoker(p, &[]).map_err(|e| e.to_string()),
        None => std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/null")
            .map_err(|e| format!("/dev/null: {e}")),
    }
}

/// `run --tui`: the program runs (and is traced) on a thread of its own, the feeder turns
/// its frames and calls into the TUI's rows as they come, and the TUI has the terminal.
/// Quitting the TUI ends the program (SIGTERM) if it is still running.
fn growing_tui(args: &RunArgs, mut config: ProgramConfig, pcap: Pcap) -> ExitCode {
    let (tap, frames) = std::sync::mpsc::channel();
    config.tap = Some(tap);
    let netns = config.launch.netns;
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        program::run(&config, move |started| {
            let _ = started_tx.send(started);
        })
    });
    let (tx, rx) = std::sync::mpsc::channel();
    let started = started_rx.recv().ok();
    let sockets = started.as_ref().map(|s| Arc::clone(&s.sockets));
    // A signal sent to wirelab goes to the program (the TUI stays up to show the end).
    let forwarder = started
        .as_ref()
        .and_then(|s| pass_signals_on(Arc::clone(&s.live)));
    let lang = args.lang;
    let feeder = std::thread::spawn(move || {
        let mut feed = wirelab::tui::LiveFeed::new(tx);
        if let Some(sockets) = sockets {
            let _ = wirelab::lab::growing::feed(lang, &frames, &sockets, netns, &mut feed);
        }
    });
    let output = args.program_output.as_ref().map_or_else(
        || args.lang.text("tui-run-output-dropped", &[]),
        |p| {
            let path = p.display().to_string();
            args.lang.text("tui-run-output-file", &[("path", &path)])
        },
    );
    let program = args.program_to_string();
    let title = args.lang.text(
        "tui-title-run",
        &[("program", &program), ("output", &output)],
    );
    let theme = wirelab::tui::Theme::for_choice(args.color);
    let shown = wirelab::tui::run_live(rx, &title, &theme, args.payload.encoding, args.lang);
    if let Some(s) = &started {
        for &pid in s.live.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
    }
    let result = worker.join();
    let _ = feeder.join();
    if let Some(handle) = forwarder {
        handle.close();
    }
    if let Err(e) = shown {
        eprintln!("wirelab: {e}");
    }
    let run = match result {
        Ok(Ok(run)) => run,
        Ok(Err(e)) => return failed(&e, args.lang),
        Err(_) => {
            eprintln!("wirelab: the traced program's thread failed");
            return ExitCode::from(crate::exit::FAILED);
        }
    };
    if let Err(status) = write_pcap(pcap, &run) {
        return status;
    }
    eprintln!("{}", closing_line(&run, args.lang));
    ExitCode::from(run.exit.status())
}

fn failed(e: &LabError, lang: Lang) -> ExitCode {
    match e {
        LabError::Capture(CaptureError::Permission { device, reason }) => {
            crate::cli::capture::no_privilege(device, reason, lang)
        }
        e => {
            let reason = e.to_string();
            eprintln!(
                "wirelab: {}",
                lang.text("err-run-failed", &[("reason", &reason)])
            );
            ExitCode::from(crate::exit::FAILED)
        }
    }
}
