//! `wirelab interfaces` and `wirelab capture`: the order of the privileged steps (open the
//! interface and the `-w` file, then give up root) and the messages around a live run. The
//! capture loop itself is `wirelab::pipeline::capture`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use wirelab::capture::{CaptureError, LiveSource, LiveStats, PcapWriter, StopHandle};
use wirelab::interfaces;
use wirelab::pipeline::{self, ReadError};
use wirelab::privilege::{self, EXIT_NO_PRIVILEGE, Identity};
use wirelab::render::{JsonRenderer, Renderer, TextRenderer};

use crate::cli::CaptureArgs;

/// `wirelab interfaces [--json]`
pub fn interfaces(json: bool) -> ExitCode {
    let list = match interfaces::list() {
        Ok(list) => list,
        Err(e) => {
            eprintln!("wirelab: {e}");
            return ExitCode::from(1);
        }
    };
    let text = if json {
        match serde_json::to_string_pretty(&list) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("wirelab: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        list.to_string()
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("wirelab: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// `wirelab capture`. Exit status: 0 stopped normally (count reached, Ctrl-C, SIGTERM); 1 the
/// interface could not be opened or read, or privileges could not be dropped; 2 usage error,
/// invalid filter, missing privilege (with what to do), or the `-w` file cannot be written.
pub fn capture(args: &CaptureArgs) -> ExitCode {
    let fail = |status: u8, msg: &dyn std::fmt::Display| {
        eprintln!("wirelab: {msg}");
        ExitCode::from(status)
    };
    if args.write.as_deref() == Some(std::path::Path::new("-")) && !args.quiet {
        return fail(
            2,
            &"-w - would mix the pcap bytes with the packet lines on stdout; add -q, or write to a file",
        );
    }
    // Decided before anything is opened, so that a wrong --user costs no capture.
    let target = match drop_target(args) {
        Ok(t) => t,
        Err(msg) => return fail(2, &msg),
    };
    let device = match &args.interface {
        Some(name) => name.clone(),
        None => match interfaces::default_device() {
            Ok(Some(name)) => name,
            Ok(None) => {
                return fail(
                    2,
                    &"no interface is up; name one with -i (`wirelab interfaces` lists them)",
                );
            }
            Err(e) => return fail(1, &e),
        },
    };

    // Ctrl-C and SIGTERM end the capture through the source's stop flag; a second Ctrl-C
    // (the first was not enough, say a blocked output) ends the process at once.
    let stop = StopHandle::default();
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let registered = signal_hook::flag::register_conditional_shutdown(signal, 130, stop.flag())
            .and_then(|_| signal_hook::flag::register(signal, stop.flag()));
        if let Err(e) = registered {
            return fail(1, &format!("cannot handle signal {signal}: {e}"));
        }
    }

    let config = args.live_config(&device);
    let mut source = match LiveSource::open(&config) {
        Ok(s) => s.with_stop_handle(stop),
        Err(CaptureError::Permission { device, reason }) => {
            let command: Vec<String> = std::env::args().collect();
            eprintln!(
                "{}",
                privilege::permission_help(&device, &reason, &privilege::shell_command(&command))
            );
            return ExitCode::from(EXIT_NO_PRIVILEGE);
        }
        Err(e @ CaptureError::LiveFilter { .. }) => return fail(2, &e),
        Err(e) => return fail(1, &e),
    };
    let link_type = wirelab::capture::FrameSource::link_type(&source);
    if !link_type.is_supported() {
        return fail(
            1,
            &format!(
                "{device}: link type {link_type} cannot be decoded; wirelab decodes Ethernet, Linux cooked (SLL, SLL2), raw IP and BSD loopback"
            ),
        );
    }
    let writer = match &args.write {
        None => None,
        Some(path) => match create_output(path, target.as_ref(), link_type) {
            Ok(w) => Some(w),
            Err(e) => return fail(2, &e),
        },
    };
    if let Some(id) = &target {
        if let Err(e) = privilege::drop_to(id) {
            return fail(1, &format!("cannot drop root privileges: {e}"));
        }
        eprintln!(
            "wirelab: dropped root privileges: running as {id} ({})",
            id.source
        );
    }
    eprintln!(
        "wirelab: listening on {device}, link-type {link_type}, snapshot length {} bytes",
        config.snaplen
    );

    if args.tui {
        return capture_into_tui(args, source, writer, &device);
    }
    let mut renderer: Option<Box<dyn Renderer>> = if args.quiet {
        None
    } else if args.json {
        Some(Box::new(JsonRenderer::new()))
    } else {
        Some(Box::new(
            TextRenderer::new(args.time, args.color.enabled()).verbose(args.verbose),
        ))
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let result = pipeline::capture(
        &mut source,
        &device,
        &args.capture_config(),
        writer,
        renderer.as_mut().map(|r| r.as_mut() as &mut dyn Renderer),
        &mut out,
    );
    let status = match result {
        Ok(_) => ExitCode::SUCCESS,
        // `wirelab capture | head`: the reader left; that is not an error.
        Err(ReadError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(ReadError::Fatal(e @ CaptureError::Write { .. })) => fail(2, &e),
        Err(e) => fail(1, &e),
    };
    match source.stats() {
        Ok(stats) => eprint!("{}", stats_text(&stats)),
        Err(e) => eprintln!("wirelab: no statistics: {e}"),
    }
    status
}

/// `wirelab capture --tui`: the capture loop runs in a thread of its own (count, `-w`,
/// statistics as without `--tui`) and hands each frame to the TUI, which owns the terminal.
/// Quitting the TUI stops the capture; the statistics are printed once the screen is back.
fn capture_into_tui(
    args: &CaptureArgs,
    mut source: LiveSource,
    writer: Option<PcapWriter>,
    device: &str,
) -> ExitCode {
    let (tx, rx) = std::sync::mpsc::channel();
    let stop = source.stop_handle();
    let config = args.capture_config();
    let name = device.to_owned();
    let capture = std::thread::spawn(move || {
        let mut feed = wirelab::tui::LiveFeed::new(tx);
        let result = pipeline::capture(
            &mut source,
            &name,
            &config,
            writer,
            Some(&mut feed),
            &mut io::sink(),
        );
        (result, source.stats())
    });
    let theme = wirelab::tui::Theme::for_choice(args.color);
    let shown = wirelab::tui::run_live(rx, &format!("live capture on {device}"), &theme);
    stop.stop();
    let (result, stats) = match capture.join() {
        Ok(done) => done,
        Err(_) => {
            tell("wirelab: the capture thread failed\n");
            return ExitCode::from(1);
        }
    };
    let mut status = ExitCode::SUCCESS;
    if let Err(e) = shown {
        tell(&format!("wirelab: {e}\n"));
        status = ExitCode::from(2);
    }
    if let Err(e) = result {
        tell(&format!("wirelab: {e}\n"));
        status = ExitCode::from(1);
    }
    match stats {
        Ok(stats) => tell(&stats_text(&stats)),
        Err(e) => tell(&format!("wirelab: no statistics: {e}\n")),
    }
    status
}

/// Writes to stderr, which may be the terminal the TUI ended with: once it has hung up,
/// writes fail with EIO, and `eprint!` would panic on that after the capture ended cleanly.
fn tell(text: &str) {
    use std::io::Write;
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Whom to become once the interface is open: `--user`, else the user behind sudo; nobody
/// with `--stay-root` or when not running as root (a binary with file capabilities already
/// runs as its user).
fn drop_target(args: &CaptureArgs) -> Result<Option<Identity>, String> {
    if args.stay_root {
        return Ok(None);
    }
    if let Some(name) = &args.user {
        if !privilege::is_root() {
            return Err(format!(
                "--user {name}: only root can change to another user"
            ));
        }
        return privilege::user_named(name)
            .map(Some)
            .map_err(|e| format!("--user: {e}"));
    }
    if !privilege::is_root() {
        return Ok(None);
    }
    privilege::invoking_user().map_err(|e| e.to_string())
}

/// Creates the `-w` file while still privileged and gives it to the user about to be
/// become, so that it is theirs (not root's) even though root created it.
fn create_output(
    path: &std::path::Path,
    owner: Option<&Identity>,
    link_type: wirelab::capture::LinkType,
) -> Result<PcapWriter, CaptureError> {
    if path == std::path::Path::new("-") {
        return PcapWriter::create(path, link_type);
    }
    let err = |reason: String| CaptureError::Write {
        path: path.to_owned(),
        reason,
    };
    let file = File::create(path).map_err(|e| err(e.to_string()))?;
    if let Some(id) = owner {
        nix::unistd::fchown(
            &file,
            Some(nix::unistd::Uid::from_raw(id.uid)),
            Some(nix::unistd::Gid::from_raw(id.gid)),
        )
        .map_err(|e| err(format!("cannot give the file to {id}: {}", e.desc())))?;
    }
    PcapWriter::from_file(file, path, link_type)
}

/// libpcap's counters in tcpdump's words.
fn stats_text(s: &LiveStats) -> String {
    let packets = |n: u64| if n == 1 { "packet" } else { "packets" };
    format!(
        "{} {} captured\n{} {} received by filter\n{} {} dropped by kernel\n{} {} dropped by interface\n",
        s.captured,
        packets(s.captured),
        s.received,
        packets(s.received.into()),
        s.dropped,
        packets(s.dropped.into()),
        s.if_dropped,
        packets(s.if_dropped.into()),
    )
}
