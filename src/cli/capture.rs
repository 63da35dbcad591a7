//! `wirelab interfaces` and `wirelab capture`: the order of the privileged steps (open the
//! interface and the `-w` file, then give up root) and the messages around a live run. The
//! capture loop itself is `wirelab::pipeline::capture`.

use std::io;
use std::process::ExitCode;

use wirelab::capture::{CaptureError, LiveSource, LiveStats, PcapSink, PcapWriter, StopHandle};
use wirelab::os::privilege::{self, Identity};
use wirelab::pipeline::{self, ReadError};

use wirelab::os::{interfaces, output_file};

use crate::cli::signals::Stop;
use crate::cli::stdout::Stdout;

use crate::cli::CaptureArgs;
use crate::cli::errors;
use wirelab::annotate::lang::Lang;

/// `wirelab interfaces [--json]`, its text in `lang`'s words.
pub fn interfaces(json: bool, lang: Lang) -> ExitCode {
    let list = match interfaces::list() {
        Ok(list) => list,
        Err(e) => {
            eprintln!("wirelab: {e}");
            return ExitCode::from(crate::exit::FAILED);
        }
    };
    let text = if json {
        match serde_json::to_string_pretty(&list) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("wirelab: {e}");
                return ExitCode::from(crate::exit::FAILED);
            }
        }
    } else {
        wirelab::annotate::interfaces::list(lang, &list)
    };
    crate::cli::stdout::print(&text)
}

/// `wirelab capture`. Exit status: 0 stopped normally (count reached, Ctrl-C, SIGTERM); 1 the
/// interface could not be opened or read, or privileges could not be dropped; 2 usage error,
/// invalid filter, missing privilege (with what to do), or the `-w` file cannot be written.
pub fn capture(args: &CaptureArgs) -> ExitCode {
    match open(args) {
        Ok(Opened {
            source,
            writer,
            device,
        }) if args.tui => capture_into_tui(args, source, writer, &device),
        Ok(opened) => print_packets(args, opened),
        Err(status) => status,
    }
}

fn fail(status: u8, msg: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("wirelab: {msg}");
    ExitCode::from(status)
}

/// What a capture runs on once the privileged steps are done.
struct Opened {
    source: LiveSource,
    writer: Option<PcapWriter>,
    device: String,
}

/// The privileged steps, in their order: decide whom to become (before anything is opened,
/// so that a wrong --user costs no capture), open the interface and the `-w` file, then give
/// up root.
fn open(args: &CaptureArgs) -> Result<Opened, ExitCode> {
    let lang = args.lang;
    if args.write.as_deref() == Some(std::path::Path::new("-")) && !args.quiet {
        return Err(fail(
            crate::exit::USAGE,
            &lang.word("err-capture-write-stdout"),
        ));
    }
    let target = drop_target(args).map_err(|msg| fail(crate::exit::USAGE, &msg))?;
    let device = choose_device(args)?;
    // Ctrl-C, SIGTERM and SIGHUP end the capture through the source's stop flag; a second
    // one (the first was not enough) ends the process at once.
    let stop = Stop::for_run(StopHandle::default(), lang)?.handle;
    let config = args.live_config(&device);
    let source = open_source(&config, lang)?.with_stop_handle(stop);
    let link_type = wirelab::capture::FrameSource::link_type(&source);
    if !link_type.is_supported() {
        let link = link_type.to_string();
        let args = [("device", device.as_str()), ("link", &link)];
        return Err(fail(
            crate::exit::FAILED,
            &lang.text("err-capture-link-type", &args),
        ));
    }
    let writer = match &args.write {
        None => None,
        Some(path) => {
            Some(create_output(path, link_type).map_err(|msg| fail(crate::exit::USAGE, &msg))?)
        }
    };
    if let Some(id) = &target {
        become_user(id, lang)?;
    }
    let (link, snaplen) = (link_type.to_string(), config.snaplen.to_string());
    let listening = [
        ("device", device.as_str()),
        ("link", &link),
        ("snaplen", &snaplen),
    ];
    eprintln!("wirelab: {}", lang.text("capture-listening", &listening));
    Ok(Opened {
        source,
        writer,
        device,
    })
}

/// `-i WORD` (a name, an index of `wirelab interfaces`, an address), or tcpdump's default.
fn choose_device(args: &CaptureArgs) -> Result<String, ExitCode> {
    match &args.interface {
        Some(word) => interfaces::resolve(word).map_err(|msg| fail(crate::exit::USAGE, &msg)),
        None => match interfaces::default_device() {
            Ok(Some(name)) => Ok(name),
            Ok(None) => Err(fail(
                crate::exit::USAGE,
                &args.lang.word("err-capture-no-interface"),
            )),
            Err(e) => Err(fail(crate::exit::FAILED, &e)),
        },
    }
}

/// Opens the interface; without the privilege to, says what to do (docs/faq.md).
fn open_source(config: &wirelab::capture::LiveConfig, lang: Lang) -> Result<LiveSource, ExitCode> {
    match LiveSource::open(config) {
        Ok(s) => Ok(s),
        Err(CaptureError::Permission { device, reason }) => {
            Err(no_privilege(&device, &reason, lang))
        }
        Err(e @ CaptureError::LiveFilter { .. }) => {
            Err(fail(crate::exit::USAGE, &errors::capture(lang, &e)))
        }
        Err(e) => Err(fail(crate::exit::FAILED, &errors::capture(lang, &e))),
    }
}

/// Gives up root for `id`, and says so.
fn become_user(id: &Identity, lang: Lang) -> Result<(), ExitCode> {
    privilege::drop_to(id).map_err(|e| {
        let reason = e.to_string();
        fail(
            crate::exit::FAILED,
            &lang.text("err-capture-drop-root", &[("reason", &reason)]),
        )
    })?;
    let (who, source) = (id.to_string(), id.source.to_string());
    let args = [("id", who.as_str()), ("source", &source)];
    let id = if id.uid == 0 {
        "capture-keeping-root"
    } else {
        "capture-dropped-root"
    };
    eprintln!("wirelab: {}", lang.text(id, &args));
    Ok(())
}

/// The capture without `--tui`: each packet printed as it arrives (none with `-q`), the
/// statistics at the end.
fn print_packets(args: &CaptureArgs, opened: Opened) -> ExitCode {
    let Opened {
        mut source,
        writer,
        device,
    } = opened;
    let run = args.capture_config();
    if args.interface.is_none() && device != "lo" {
        hint_when_quiet(&device, &run, source.stop_handle(), args.lang);
    }
    let mut view = (!args.quiet).then(|| crate::cli::view::renderer_for(&args.view()));
    let mut out = Stdout::new(source.stop_handle());
    let result = pipeline::capture(
        &mut source,
        &device,
        &run,
        writer,
        view.as_mut().map(crate::cli::view::View::renderer),
        &mut out,
    );
    let status = match result {
        Ok(_) => ExitCode::SUCCESS,
        // `wirelab capture | head`: the reader left; that is not an error. Nor is a stop
        // while the output was held back: the capture ended as asked.
        Err(ReadError::Stdout(e)) if crate::cli::stdout::quiet(&e) => ExitCode::SUCCESS,
        Err(ReadError::Fatal(e @ CaptureError::Write { .. })) => {
            fail(crate::exit::USAGE, &errors::capture(args.lang, &e))
        }
        Err(e) => fail(crate::exit::FAILED, &errors::read(args.lang, &e)),
    };
    match source.stats() {
        Ok(stats) => eprint!("{}", stats_text(&stats, args.lang)),
        Err(e) => eprintln!("wirelab: {}", no_stats(&e, args.lang)),
    }
    status
}

/// `wirelab capture --tui`: the capture loop runs in a thread of its own (count, `-w`,
/// statistics as without `--tui`); its engine tracks each packet once, and the TUI, which
/// owns the terminal, receives the rows and conversation snapshots it made.
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
        let result = pipeline::capture_into_view(
            &mut source,
            &name,
            &config,
            writer,
            &mut feed,
            &mut io::sink(),
        );
        (result, source.stats())
    });
    let theme = wirelab::tui::Theme::for_choice(args.color);
    let lang = args.lang;
    let title = lang.text("tui-title-capture", &[("device", device)]);
    let shown = wirelab::tui::run_live(rx, &title, &theme, args.payload.encoding, args.lang);
    stop.stop();
    let (result, stats) = match capture.join() {
        Ok(done) => done,
        Err(_) => {
            tell(&format!(
                "wirelab: {}\n",
                lang.word("capture-thread-failed")
            ));
            return ExitCode::from(crate::exit::FAILED);
        }
    };
    let mut status = ExitCode::SUCCESS;
    if let Err(e) = shown {
        tell(&format!("wirelab: {}\n", errors::tui(lang, &e)));
        status = ExitCode::from(crate::exit::USAGE);
    }
    if let Err(e) = result {
        tell(&format!("wirelab: {}\n", errors::read(lang, &e)));
        status = ExitCode::from(crate::exit::FAILED);
    }
    match stats {
        Ok(stats) => tell(&stats_text(&stats, lang)),
        Err(e) => tell(&format!("wirelab: {}\n", no_stats(&e, lang))),
    }
    status
}

/// How long the default interface may stay silent before wirelab says where else to look.
const QUIET_HINT_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// A student whose programs talk to 127.0.0.1 and who ran `capture` without `-i` sees
/// nothing: the default is the first interface that is not loopback. When nothing has come
/// after [`QUIET_HINT_AFTER`], say so once, with the fix.
fn hint_when_quiet(device: &str, config: &pipeline::CaptureConfig, stop: StopHandle, lang: Lang) {
    let seen = std::sync::Arc::clone(&config.seen);
    let device = device.to_owned();
    std::thread::spawn(move || {
        let until = std::time::Instant::now() + QUIET_HINT_AFTER;
        while std::time::Instant::now() < until {
            if stop.is_stopped() || seen.load(std::sync::atomic::Ordering::Relaxed) > 0 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if !stop.is_stopped() && seen.load(std::sync::atomic::Ordering::Relaxed) == 0 {
            let hint = lang.text("capture-quiet-hint", &[("device", &device)]);
            eprintln!("wirelab: {hint}");
        }
    });
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
            return Err(args
                .lang
                .text("err-capture-user-not-root", &[("name", name)]));
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

/// Opens the `-w` file (standard output for `-`). Under sudo it is opened as the user who
/// ran sudo (see [`wirelab::os::output_file`]), whoever the capture then runs as: the path is
/// theirs, so the file must be one they could have created.
fn create_output(
    path: &std::path::Path,
    link_type: wirelab::capture::LinkType,
) -> Result<PcapWriter, String> {
    if path == std::path::Path::new("-") {
        return PcapWriter::new(PcapSink::Stdout, path, link_type).map_err(|e| e.to_string());
    }
    let file = output_file::create_for_invoker(path, &[]).map_err(|e| e.to_string())?;
    PcapWriter::new(PcapSink::File(file), path, link_type).map_err(|e| e.to_string())
}

/// libpcap's counters in tcpdump's words, in `lang`'s.
fn stats_text(s: &LiveStats, lang: Lang) -> String {
    let line = |id: &str, n: u64| lang.text(id, &[("n", &n.to_string())]) + "\n";
    [
        line("capture-stats-captured", s.captured),
        line("capture-stats-received", s.received.into()),
        line("capture-stats-dropped", s.dropped.into()),
        line("capture-stats-if-dropped", s.if_dropped.into()),
    ]
    .concat()
}

/// libpcap's counters could not be read.
fn no_stats(e: &dyn std::fmt::Display, lang: Lang) -> String {
    lang.text("capture-no-stats", &[("reason", &e.to_string())])
}

/// The capture could not open for lack of privilege: the advice every capturing subcommand
/// gives (docs/faq.md), with the command line to run again under sudo.
pub fn no_privilege(device: &str, reason: &str, lang: Lang) -> ExitCode {
    let command: Vec<String> = std::env::args().collect();
    let command = privilege::shell_command(&command);
    eprintln!(
        "{}",
        errors::permission_help(lang, device, reason, &command)
    );
    ExitCode::from(crate::exit::NO_PRIVILEGE)
}
