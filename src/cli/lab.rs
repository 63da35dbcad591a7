//! `wirelab lab`: arguments into a [`LabConfig`], Ctrl-C into the lab's interrupt flag, the
//! outcome into an exit status.
//!
//! Exit status: 0 the scenario ran as it should; 1 it did not (a call failed unexpectedly);
//! 2 usage error or missing privileges; 130 interrupted (Ctrl-C, SIGTERM).

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use wirelab::annotate::lab::{count_line, topic_heading, topic_key};
use wirelab::annotate::lang::Lang;
use wirelab::capture::{CaptureError, StopHandle};
use wirelab::lab::path::Impairments;
use wirelab::lab::{self, LabConfig, LabError, SCENARIOS, Topic};

use crate::cli::LabArgs;
use crate::cli::signals::Stop;
use crate::cli::stdout::Stdout;

pub fn lab(args: &LabArgs) -> ExitCode {
    if args.list {
        return list(args.lang, args.json);
    }
    let config = match config_of(args) {
        Ok(config) => config,
        Err(status) => return status,
    };
    // Opened before the run, as the user behind sudo (the lab itself stays root to the end:
    // with --netns it must remove its namespaces), so a refused file costs no run.
    let file = match &args.write {
        None => None,
        Some(path) => match open_output(path) {
            Ok(f) => Some((f, path)),
            Err(msg) => {
                eprintln!("wirelab: {msg}");
                return ExitCode::from(crate::exit::USAGE);
            }
        },
    };

    if args.quiz.quiz && (args.json || args.summary || args.timeline) {
        eprintln!(
            "wirelab: --quiz opens the run in the TUI: not with --json, --summary or --timeline"
        );
        return ExitCode::from(crate::exit::USAGE);
    }
    // Without a terminal on standard input the quiz is asked on lines, after the run.
    let on_lines = args.quiz.quiz && !std::io::IsTerminal::is_terminal(&std::io::stdin());
    let quiz = if on_lines {
        args.quiz.log(&[]).map(|log| (None, log))
    } else {
        args.quiz.state(&[]).map(|state| (state, None))
    };
    let (quiz, quiz_log) = match quiz {
        Ok(quiz) => quiz,
        Err(msg) => {
            eprintln!("wirelab: {msg}");
            return ExitCode::from(crate::exit::USAGE);
        }
    };

    let report = match super::report::open_for_run(args.report.as_deref()) {
        Ok(report) => report,
        Err(status) => return status,
    };

    // Ctrl-C, SIGTERM or SIGHUP sets the flag: the programs stop at their next step and the
    // namespaces are removed on the way out. A second signal ends the process at once.
    let stop = match Stop::for_run(StopHandle::default(), args.lang) {
        Ok(stop) => stop,
        Err(status) => return status,
    };

    let run = match lab::run(&config, stop.handle.flag()) {
        Ok(run) => run,
        Err(e) => return failed(&e, stop.signal_status(), args.lang),
    };
    if let Some((file, path)) = file
        && let Err(e) = lab::run::write_pcap(file, path, &run.frames)
    {
        eprintln!("wirelab: {e}");
        return ExitCode::from(crate::exit::USAGE);
    }
    if on_lines {
        return quiz_on_lines(args, &run, quiz_log);
    }
    if args.tui || quiz.is_some() {
        return show_in_tui(&run, args.color, args.encoding, args.lang, quiz);
    }
    let title = || format!("lab {}", run.scenario);
    if let Err(status) = super::report::write_for_run(report, run.matched(), title, args.lang) {
        return status;
    }
    let mut out = Stdout::new(stop.handle.clone());
    match write_views(args, &run, &mut out).and_then(|()| out.flush()) {
        Ok(()) => {
            eprintln!("{}", captured_line(args.lang, &run));
            ExitCode::SUCCESS
        }
        Err(e) if crate::cli::stdout::quiet(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wirelab: cannot write to standard output: {e}");
            ExitCode::from(crate::exit::USAGE)
        }
    }
}

/// The line on standard error after a run: what was captured where.
fn captured_line(lang: Lang, run: &lab::LabRun) -> String {
    let end = match (run.netns, run.captured_at) {
        (false, _) => String::new(),
        (true, side) => {
            let side = wirelab::annotate::words::role_word(lang, side);
            lang.text("lab-captured-end", &[("side", side)])
        }
    };
    let (n, dropped) = (run.frames.len().to_string(), run.stats.dropped.to_string());
    let (scenario, device, filter) = (
        run.scenario.to_string(),
        run.device.to_string(),
        run.filter.to_string(),
    );
    let words = [
        ("scenario", scenario.as_str()),
        ("n", &n),
        ("device", &device),
        ("end", &end),
        ("filter", &filter),
        ("dropped", &dropped),
    ];
    lang.text("lab-captured", &words)
}

/// The scenario and its options, checked: a usage error says what is wrong.
fn config_of(args: &LabArgs) -> Result<LabConfig, ExitCode> {
    let name = args.scenario.as_deref().unwrap_or_default();
    let Some(scenario) = lab::scenario::find(name) else {
        let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
        let (name, names) = (format!("{name:?}"), names.join(", "));
        let words = [("name", name.as_str()), ("names", &names)];
        eprintln!("wirelab: {}", args.lang.text("lab-no-scenario", &words));
        return Err(ExitCode::from(crate::exit::USAGE));
    };
    let impair = match impairments(args) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("wirelab: {e}");
            return Err(ExitCode::from(crate::exit::USAGE));
        }
    };
    let netns = args.netns || impair.any() || scenario.path().is_some();
    if netns && !nix::unistd::geteuid().is_root() {
        let words = [("scenario", scenario.name)];
        eprintln!("wirelab: {}", args.lang.text("lab-needs-root", &words));
        return Err(ExitCode::from(crate::exit::USAGE));
    }
    Ok(LabConfig {
        scenario,
        ipv6: args.ipv6,
        netns,
        port: args.port,
        message: args.message.clone().into_bytes(),
        count: args.count,
        delay: Duration::from_millis(args.delay),
        echo_calls: args.delay > 0,
        impair,
        kernel_states: args.kernel_states,
    })
}

/// The run through the chosen view; with `--json`, then the `lab` record and the path's.
fn write_views(args: &LabArgs, run: &lab::LabRun, out: &mut Stdout) -> io::Result<()> {
    let mut view = crate::cli::view::renderer_for(&args.view());
    let kernel = run.kernel.as_ref();
    lab::run::render_with_kernel(args.lang, run.matched(), kernel, view.renderer(), out)?;
    if args.json {
        let mut records = vec![lab::lab_record(run, args.lang)];
        records.extend(lab::run::path_records(run, args.lang));
        records.extend(lab::run::kernel_record(run, args.lang));
        for record in records {
            serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// The path options, each checked by the library's own parser (as a scenario's are).
fn impairments(args: &LabArgs) -> Result<Impairments, lab::path::SpecError> {
    let mut imp = Impairments::default();
    let many = [
        ("--drop", &args.drop),
        ("--duplicate", &args.duplicate),
        ("--reorder", &args.reorder),
    ];
    for (option, values) in many {
        for v in values {
            lab::path::spec::apply(&mut imp, option, v)?;
        }
    }
    let one = [
        ("--drop-retransmissions", &args.drop_retransmissions),
        ("--latency", &args.latency),
        ("--rate", &args.rate),
        ("--loss", &args.loss),
        ("--seed", &args.seed),
        ("--mtu", &args.mtu),
    ];
    for (option, value) in one {
        if let Some(v) = value {
            lab::path::spec::apply(&mut imp, option, v)?;
        }
    }
    Ok(imp)
}

/// `wirelab lab --list`: a heading per topic, and under it each scenario (indented), what
/// it teaches and what its `--count` counts. With `--json`, one record per scenario instead,
/// for scripts (docs/json.md): its keys and names the same in every language, its words in
/// `lang`'s.
fn list(lang: Lang, json: bool) -> ExitCode {
    let mut list = String::new();
    for topic in Topic::ALL {
        let mut under = SCENARIOS.iter().filter(|s| s.topic == topic).peekable();
        if under.peek().is_none() {
            continue;
        }
        if !json {
            if !list.is_empty() {
                list.push('\n');
            }
            list.push_str(topic_heading(lang, topic));
            list.push('\n');
        }
        for s in under {
            if json {
                list.push_str(&scenario_record(s, lang).to_string());
                list.push('\n');
                continue;
            }
            let (teaches, count) = (s.teaches(lang), count_line(lang, s));
            list.push_str(&format!(
                "  {:<24} {teaches}\n  {:<24} {count}\n",
                s.name, ""
            ));
        }
    }
    crate::cli::stdout::print(&list)
}

/// `{"type":"scenario","name":...,"topic":...}`: one line of `--list --json`.
fn scenario_record(s: &lab::Scenario, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "type": "scenario",
        "name": s.name,
        "topic": topic_key(s.topic),
        "topic_heading": topic_heading(lang, s.topic),
        "teaches": s.teaches(lang),
        "proto": if s.tcp { "tcp" } else { "udp" },
        "count": s.counts(lang).map(|what| serde_json::json!({"default": s.default_count, "counts": what})),
    })
}

/// `signal`: the exit status of the signal that stopped the lab, if one did.
fn failed(e: &LabError, signal: Option<u8>, lang: Lang) -> ExitCode {
    let status = match e {
        LabError::Interrupted => signal.unwrap_or(130),
        LabError::Capture(CaptureError::Permission { device, reason }) => {
            return crate::cli::capture::no_privilege(device, reason, lang);
        }
        LabError::Netns(_) => crate::exit::USAGE,
        _ => crate::exit::FAILED,
    };
    eprintln!("wirelab: {}", crate::cli::errors::lab(lang, e));
    ExitCode::from(status)
}

/// The `-w` file, opened as the user who ran sudo (see [`wirelab::os::output_file`]).
fn open_output(path: &std::path::Path) -> Result<std::fs::File, String> {
    wirelab::os::output_file::create_for_invoker(path, &[]).map_err(|e| e.to_string())
}

/// `wirelab lab --quiz` with standard input not a terminal: the run's packets through the
/// engine into the quiz, asked on lines ([`wirelab::quiz::lines`]).
fn quiz_on_lines(
    args: &LabArgs,
    run: &lab::LabRun,
    log: Option<Box<dyn std::io::Write + Send>>,
) -> ExitCode {
    let mut packets = wirelab::quiz::Collector::default();
    // The collector writes nothing: this cannot fail.
    let _ = lab::run::render(args.lang, run.matched(), &mut packets, &mut std::io::sink());
    match args.quiz.ask_lines(&packets, log, args.lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("wirelab: {msg}");
            ExitCode::from(crate::exit::FAILED)
        }
    }
}

/// `wirelab lab --tui`: the finished run in the TUI: its packets go through the engine as
/// for the other views (`lab::run::render`), into the TUI's live feed, each record carrying
/// the socket calls before it. The TUI shows those that caused the packet (connect → SYN);
/// calls that cause no packet, such as bind() or accept() returning, are in the text, JSON
/// and ladder views, not in the TUI.
fn show_in_tui(
    run: &lab::LabRun,
    color: wirelab::render::ColorChoice,
    encoding: wirelab::annotate::text::Encoding,
    lang: wirelab::annotate::lang::Lang,
    quiz: Option<Box<wirelab::tui::quiz::QuizState>>,
) -> ExitCode {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut feed = wirelab::tui::LiveFeed::new(tx);
    // The feed writes nothing and the channel is unbounded: this cannot fail.
    let kernel = run.kernel.as_ref();
    let _ =
        lab::run::render_with_kernel(lang, run.matched(), kernel, &mut feed, &mut std::io::sink());
    drop(feed);
    let (scenario, device) = (run.scenario.to_string(), run.device.to_string());
    let title = lang.text(
        "tui-title-lab",
        &[("scenario", &scenario), ("device", &device)],
    );
    let theme = wirelab::tui::Theme::for_choice(color);
    match wirelab::tui::run_live_with(rx, &title, &theme, encoding, lang, |app| app.quiz = quiz) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wirelab: {e}");
            ExitCode::from(crate::exit::USAGE)
        }
    }
}
