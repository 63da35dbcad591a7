//! `wirelab read`: capture files in, rendered packets out. The stages are wired here and
//! nowhere else, so the CLI only builds a [`ReadConfig`] and maps the outcome to an exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::capture::{
    CaptureError, FileSource, FilterSet, FrameSource, LinkType, PcapSink, PcapWriter, Prefetched,
    RawFrame, StopHandle,
};
use crate::engine::{Engine, LiveView};
use crate::render::{FileInfo, Record, Renderer};

/// What to read and what to keep.
#[derive(Debug, Clone, Default)]
pub struct ReadConfig {
    /// Capture files, `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// BPF filter expression, compiled per file for its link type.
    pub filter: Option<String>,
    /// Stop after this many packets (counted after the filter, over all inputs).
    pub count: Option<u64>,
    /// Also write the packets shown to this pcap file.
    pub write: Option<PathBuf>,
    /// Set (by a signal) to end the run after the current packet, with the `-w` file whole.
    pub stop: StopHandle,
    /// The conversation whose bytes the engine reassembles (`--follow`), in every input.
    pub follow: Option<u64>,
    /// `--no-checksums`: IPv4, TCP and UDP checksums are not checked.
    pub skip_checksums: bool,
}

/// How a run went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOutcome {
    /// Packets shown.
    pub packets: u64,
    /// Inputs that could not be opened or ended in a damaged record.
    pub damaged_inputs: u64,
    /// The stop handle ended the run before the inputs did.
    pub stopped: bool,
}

/// Errors that end the run at once (a damaged input does not: it is reported and skipped).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Writing the output failed (a closed pipe among others).
    #[error("cannot write to standard output: {0}")]
    Stdout(#[from] io::Error),
    /// The filter does not compile, or the `-w` file cannot be created or written.
    #[error("{0}")]
    Fatal(CaptureError),
    /// The `-w` file was refused before anything was read (an input, or not the user's).
    #[error("{0}")]
    OutputFile(#[from] crate::os::output_file::OutputFileError),
}

/// Reads every input in order. `report` is told about each damaged input after everything
/// before the damage has been written to `out`.
pub fn read(
    config: &ReadConfig,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
    report: &mut dyn FnMut(&CaptureError),
) -> Result<ReadOutcome, ReadError> {
    // Opened before any input, so that a refused file (one of the inputs, or one the user
    // behind sudo could not create) costs nothing, and is known before anything is shown.
    let mut file = match &config.write {
        Some(path) if path != std::path::Path::new("-") => {
            Some(crate::os::output_file::create(path, None, &config.inputs)?)
        }
        _ => None,
    };
    let mut writer = None;
    let result = read_all(config, &mut file, &mut writer, renderer, out, report);
    if result.is_err() {
        // What was rendered before a fatal error is still the user's output.
        let _ = renderer.flush(out).and_then(|()| out.flush());
    }
    // Whatever ended the run, the `-w` file holds every packet shown, as whole records.
    let finished = writer.as_mut().map_or(Ok(()), PcapWriter::finish);
    let outcome = result?;
    finished.map_err(ReadError::Fatal)?;
    Ok(outcome)
}

/// The `-w` writer for an input of `link_type`: the first input decides the file's link type.
fn start_writer(
    target: &std::path::Path,
    file: &mut Option<std::fs::File>,
    link_type: LinkType,
) -> Result<PcapWriter, ReadError> {
    let sink = match file.take() {
        Some(f) => PcapSink::File(f),
        None => PcapSink::Stdout,
    };
    PcapWriter::new(sink, target, link_type).map_err(ReadError::Fatal)
}

/// One `read` run over its inputs: what every input's reading shares (the output, the `-w`
/// file, the tally), so the steps below are methods instead of one long loop.
struct Reading<'a> {
    config: &'a ReadConfig,
    /// The `-w` file opened before any input, until the writer takes it.
    file: &'a mut Option<std::fs::File>,
    writer: &'a mut Option<PcapWriter>,
    renderer: &'a mut dyn Renderer,
    out: &'a mut dyn Write,
    report: &'a mut dyn FnMut(&CaptureError),
    outcome: ReadOutcome,
}

/// How reading one input ended.
#[derive(PartialEq, Eq)]
enum InputEnd {
    /// Its last record, or a damaged one: the next input follows.
    Done,
    /// The count was reached or the stop handle set: no further input is read.
    Stop,
}

fn read_all(
    config: &ReadConfig,
    file: &mut Option<std::fs::File>,
    writer: &mut Option<PcapWriter>,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
    report: &mut dyn FnMut(&CaptureError),
) -> Result<ReadOutcome, ReadError> {
    let mut run = Reading {
        config,
        file,
        writer,
        renderer,
        out,
        report,
        outcome: ReadOutcome::default(),
    };
    for (index, path) in config.inputs.iter().enumerate() {
        if run.input(index, path)? == InputEnd::Stop {
            break;
        }
    }
    run.renderer.flush(run.out)?;
    run.out.flush()?;
    Ok(run.outcome)
}

impl Reading<'_> {
    /// Counts a damaged input and tells about it, after what came before it is written out.
    fn damaged(&mut self, e: CaptureError) -> io::Result<()> {
        self.outcome.damaged_inputs += 1;
        // Flushed first so that the message follows the last good packet on a terminal.
        let flushed = self
            .renderer
            .flush(self.out)
            .and_then(|()| self.out.flush());
        (self.report)(&e);
        flushed
    }

    /// Opens an input; `None` when it cannot be read (reported as damaged).
    fn open(&mut self, path: &std::path::Path) -> io::Result<Option<FileSource>> {
        let source = match FileSource::open(path) {
            Ok(s) => s,
            Err(e) => {
                self.damaged(e)?;
                return Ok(None);
            }
        };
        let link_type = source.link_type();
        if !link_type.is_supported() {
            let e = CaptureError::LinkType {
                path: path.to_owned(),
                number: link_type.0,
                name: source.link_type_libpcap_name(),
            };
            self.damaged(e)?;
            return Ok(None);
        }
        Ok(Some(source))
    }

    /// The filter for an input of `link_type`, compiled now: a bad expression ends the run
    /// before any output. Other link types a pcapng file mixes in compile when they appear.
    fn filters(
        &self,
        path: &std::path::Path,
        link_type: LinkType,
    ) -> Result<Option<FilterSet>, ReadError> {
        let Some(expr) = &self.config.filter else {
            return Ok(None);
        };
        let mut set = FilterSet::new(expr);
        set.require(link_type).map_err(|reason| {
            ReadError::Fatal(CaptureError::Filter {
                path: path.to_owned(),
                filter: expr.clone(),
                reason,
            })
        })?;
        Ok(Some(set))
    }

    /// Makes sure the `-w` writer can take an input of `link_type` (the first input starts
    /// it); `false` when it cannot, and the input is skipped (reported as damaged).
    fn writer_takes(
        &mut self,
        path: &std::path::Path,
        link_type: LinkType,
    ) -> Result<bool, ReadError> {
        let Some(target) = &self.config.write else {
            return Ok(true);
        };
        match self.writer {
            None => *self.writer = Some(start_writer(target, self.file, link_type)?),
            Some(w) if !w.accepts(link_type) => {
                let e = CaptureError::Write {
                    path: target.clone(),
                    reason: format!(
                        "{} has link type {link_type}, but the file holds {}; a pcap file has one link type, so this input is skipped (a .pcapng name keeps both)",
                        path.display(),
                        w.link_type()
                    ),
                };
                self.damaged(e)?;
                return Ok(false);
            }
            Some(_) => {}
        }
        Ok(true)
    }

    /// Reads one input from its first record to its last (or a damaged one).
    fn input(&mut self, index: usize, path: &std::path::Path) -> Result<InputEnd, ReadError> {
        let Some(source) = self.open(path)? else {
            return Ok(InputEnd::Done);
        };
        let link_type = source.link_type();
        // Records are read ahead on a second thread, so reading overlaps with the work below.
        let mut source = Prefetched::spawn(source).with_stop(self.config.stop.clone());
        let mut filters = self.filters(path, link_type)?;
        if !self.writer_takes(path, link_type)? {
            return Ok(InputEnd::Done);
        }
        let several = self.config.inputs.len() > 1;
        self.renderer.file_start(
            self.out,
            &FileInfo {
                index,
                path,
                link_type,
                several,
            },
        )?;
        // Conversations do not span inputs: each file is tracked on its own, as tshark does.
        let mut engine =
            Engine::following(self.config.follow).without_checksums(self.config.skip_checksums);
        let end = self.frames(path, &mut source, &mut filters, &mut engine)?;
        engine.finish(self.renderer, self.out)?;
        Ok(end)
    }

    /// The frames of one input, each shown (and written to `-w`) unless the filter hides it.
    fn frames(
        &mut self,
        path: &std::path::Path,
        source: &mut Prefetched,
        filters: &mut Option<FilterSet>,
        engine: &mut Engine,
    ) -> Result<InputEnd, ReadError> {
        // The `-w` pcapng comment of the current packet, reused.
        let mut comment = String::new();
        let mut unwritable_reported = false;
        loop {
            if self.config.count.is_some_and(|c| self.outcome.packets >= c) {
                return Ok(InputEnd::Stop);
            }
            if self.config.stop.is_stopped() {
                self.outcome.stopped = true;
                return Ok(InputEnd::Stop);
            }
            let frame = match source.next_frame() {
                Ok(Some(frame)) => frame,
                Ok(None) => return Ok(InputEnd::Done),
                Err(e) => {
                    self.damaged(e)?;
                    return Ok(InputEnd::Done);
                }
            };
            // Times count from the file's first record, shown or not, as tshark's do.
            engine.saw(&frame);
            if let Some(set) = filters.as_mut()
                && !set.matches(frame.link_type, frame.data)
            {
                continue;
            }
            let wants_comment = self.writer.as_ref().is_some_and(PcapWriter::keeps_comments);
            let slot = wants_comment.then_some(&mut comment);
            engine.frame_commented(&frame, &[], self.renderer, self.out, slot)?;
            self.outcome.packets += 1;
            let words = if wants_comment { comment.as_str() } else { "" };
            self.write(path, &frame, words, &mut unwritable_reported)?;
        }
    }

    /// Writes a frame shown to `-w`, if there is one and it can hold the frame's link type
    /// (the first frame it cannot is reported, once).
    fn write(
        &mut self,
        path: &std::path::Path,
        frame: &RawFrame<'_>,
        words: &str,
        unwritable_reported: &mut bool,
    ) -> Result<(), ReadError> {
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        if w.accepts(frame.link_type) {
            return w.write_commented(frame, words).map_err(ReadError::Fatal);
        }
        if !*unwritable_reported {
            *unwritable_reported = true;
            let e = CaptureError::Write {
                path: w.path().to_owned(),
                reason: format!(
                    "{} record {} has link type {}, but the file holds {}; a pcap file has one link type, so such frames are not written (a .pcapng name keeps both)",
                    path.display(),
                    frame.number,
                    frame.link_type,
                    w.link_type()
                ),
            };
            self.damaged(e)?;
        }
        Ok(())
    }
}

/// What a live run does besides showing each packet as it arrives.
#[derive(Debug, Clone, Default)]
pub struct CaptureConfig {
    /// Stop after this many packets (those the kernel filter passed).
    pub count: Option<u64>,
    /// When the capture stops, print the conversation table (`--summary`) after the packets.
    pub summary: bool,
    /// Packets read so far, for whoever watches the run from another thread (the hint that
    /// a quiet default interface is the wrong one).
    pub seen: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// How a live run went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaptureOutcome {
    /// Packets read from the source (and written to `-w`).
    pub packets: u64,
    /// Packets the engine decoded and tracked: as many as were read when anything is shown
    /// (the one engine of the run; nothing downstream tracks them again), none with `-q`.
    pub tracked: u64,
}

/// `wirelab capture`: reads `source` until it ends (its stop handle was set, or `count`
/// packets were read), showing each packet through `renderer` the moment it arrives (`None`:
/// `-q`, nothing shown) and writing it to `writer`. `name` names the source (the interface)
/// where a renderer heads its input.
///
/// Whatever ends the run (the count, a stop, a failed read, a reader that went away), the
/// `-w` file is finished, so it is a valid pcap holding every packet that was shown, and the
/// conversations still open are reported.
pub fn capture(
    source: &mut dyn FrameSource,
    name: &str,
    config: &CaptureConfig,
    writer: Option<PcapWriter>,
    renderer: Option<&mut dyn Renderer>,
    out: &mut dyn Write,
) -> Result<CaptureOutcome, ReadError> {
    capture_shown(
        source,
        name,
        config,
        writer,
        renderer.map_or(Shown::Nothing, Shown::Renderer),
        out,
    )
}

/// [`capture`] into a view that shows conversations while they run (`capture --tui`): the
/// view is handed the run's engine each time output is flushed, so it reads the current
/// state of conversations from the one tracker instead of keeping its own.
pub fn capture_into_view(
    source: &mut dyn FrameSource,
    name: &str,
    config: &CaptureConfig,
    writer: Option<PcapWriter>,
    view: &mut dyn LiveView,
    out: &mut dyn Write,
) -> Result<CaptureOutcome, ReadError> {
    capture_shown(source, name, config, writer, Shown::View(view), out)
}

fn capture_shown(
    source: &mut dyn FrameSource,
    name: &str,
    config: &CaptureConfig,
    writer: Option<PcapWriter>,
    main: Shown<'_>,
    out: &mut dyn Write,
) -> Result<CaptureOutcome, ReadError> {
    let mut writer = writer;
    let mut shown = LiveOutput {
        main,
        table: config
            .summary
            .then(|| (crate::render::SummaryRenderer::new(), Vec::new())),
    };
    let mut outcome = CaptureOutcome::default();
    let result = capture_all(
        source,
        name,
        config,
        writer.as_mut(),
        &mut shown,
        out,
        &mut outcome,
    );
    let finished = writer.as_mut().map_or(Ok(()), PcapWriter::finish);
    let _ = shown.flush(out).and_then(|()| out.flush());
    result?;
    finished.map_err(ReadError::Fatal)?;
    Ok(outcome)
}

fn capture_all(
    source: &mut dyn FrameSource,
    name: &str,
    config: &CaptureConfig,
    mut writer: Option<&mut PcapWriter>,
    shown: &mut LiveOutput<'_>,
    out: &mut dyn Write,
    outcome: &mut CaptureOutcome,
) -> Result<(), ReadError> {
    let link_type = source.link_type();
    shown.file_start(
        out,
        &FileInfo {
            index: 0,
            path: std::path::Path::new(name),
            link_type,
            several: false,
        },
    )?;
    // `-q` without `--summary` only writes the file: nothing to decode.
    let mut engine = shown.wants_packets().then(Engine::new);
    let mut comment = String::new();
    let mut ended = Ok(());
    loop {
        if config.count.is_some_and(|c| outcome.packets >= c) {
            break;
        }
        let frame = match source.next_frame() {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(e) => {
                ended = Err(ReadError::Fatal(e));
                break;
            }
        };
        outcome.packets += 1;
        config
            .seen
            .store(outcome.packets, std::sync::atomic::Ordering::Relaxed);
        show_and_write(
            &frame,
            engine.as_mut(),
            writer.as_deref_mut(),
            shown,
            out,
            &mut comment,
        )?;
        let idle = !source.frame_ready();
        flush_live(idle, engine.as_ref(), writer.as_deref_mut(), shown, out)?;
    }
    if let Some(e) = engine {
        outcome.tracked = e.tracked();
        e.finish(shown, out)?;
    }
    shown.flush(out)?;
    if let Some((_, table)) = &shown.table {
        out.write_all(table)?;
    }
    out.flush()?;
    ended
}

/// Each packet is on the terminal (and in the file) as soon as it is on the wire: output is
/// flushed whenever no further packet is already waiting (`idle`: once per burst, not per
/// packet), and a view is also given what it has gathered when it asks.
fn flush_live(
    idle: bool,
    engine: Option<&Engine>,
    writer: Option<&mut PcapWriter>,
    shown: &mut LiveOutput<'_>,
    out: &mut dyn Write,
) -> Result<(), ReadError> {
    if let Some(e) = engine.filter(|_| idle || shown.wants_flush()) {
        shown.flush_with(e, out)?;
        out.flush()?;
    }
    if let Some(w) = writer.filter(|_| idle) {
        w.flush().map_err(ReadError::Fatal)?;
    }
    Ok(())
}

/// Shows one live frame through the engine (none with `-q`) and writes it to `-w`.
///
/// A pcapng file's comment needs the packet tracked first, so the line is made before the
/// record; both wait in buffers that are flushed when the interface goes quiet and when the
/// run ends, however it ends. Without an engine (`-q`), nothing is decoded and the file has
/// no comments.
fn show_and_write(
    frame: &RawFrame<'_>,
    engine: Option<&mut Engine>,
    writer: Option<&mut PcapWriter>,
    shown: &mut LiveOutput<'_>,
    out: &mut dyn Write,
    comment: &mut String,
) -> Result<(), ReadError> {
    let commented = writer.as_deref().is_some_and(PcapWriter::keeps_comments);
    match engine {
        Some(e) if commented => {
            e.frame_commented(frame, &[], shown, out, Some(comment))?;
            if let Some(w) = writer {
                w.write_commented(frame, comment)
                    .map_err(ReadError::Fatal)?;
            }
        }
        engine => {
            if let Some(w) = writer {
                w.write(frame).map_err(ReadError::Fatal)?;
            }
            if let Some(e) = engine {
                e.frame(frame, shown, out)?;
            }
        }
    }
    Ok(())
}

/// What shows a live run's packets.
enum Shown<'r> {
    /// `-q`: nothing.
    Nothing,
    Renderer(&'r mut dyn Renderer),
    /// A view that also reads the engine's state when output is flushed (the TUI).
    View(&'r mut dyn LiveView),
}

/// A live run's output: the packet renderer (none with `-q`) and, with `--summary`, the
/// conversation table, whose rows are kept until the capture stops so that they come after
/// the packet lines instead of among them.
struct LiveOutput<'r> {
    main: Shown<'r>,
    table: Option<(crate::render::SummaryRenderer, Vec<u8>)>,
}

impl LiveOutput<'_> {
    fn wants_packets(&self) -> bool {
        !matches!(self.main, Shown::Nothing) || self.table.is_some()
    }

    fn main(&mut self) -> Option<&mut dyn Renderer> {
        match &mut self.main {
            Shown::Nothing => None,
            Shown::Renderer(r) => Some(&mut **r),
            Shown::View(v) => Some(&mut **v),
        }
    }

    fn wants_flush(&self) -> bool {
        match &self.main {
            Shown::View(v) => v.wants_flush(),
            _ => false,
        }
    }

    /// Flushes the output; a view reads the engine's current state now.
    fn flush_with(&mut self, engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
        match &mut self.main {
            Shown::View(v) => v.flush_with(engine, out),
            _ => self.flush(out),
        }
    }
}

impl Renderer for LiveOutput<'_> {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        match self.main() {
            Some(r) => r.file_start(out, file),
            None => Ok(()),
        }
    }

    fn packet(&mut self, out: &mut dyn Write, record: &Record<'_, '_>) -> io::Result<()> {
        match self.main() {
            Some(r) => r.packet(out, record),
            None => Ok(()),
        }
    }

    fn conversation(
        &mut self,
        out: &mut dyn Write,
        conv: &crate::track::Conversation,
    ) -> io::Result<()> {
        if let Some((summary, rows)) = self.table.as_mut() {
            summary.conversation(rows, conv)?;
        }
        match self.main() {
            Some(r) => r.conversation(out, conv),
            None => Ok(()),
        }
    }

    fn input_end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if let Some((summary, rows)) = self.table.as_mut() {
            summary.input_end(rows)?;
        }
        match self.main() {
            Some(r) => r.input_end(out),
            None => Ok(()),
        }
    }

    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.main() {
            Some(r) => r.flush(out),
            None => Ok(()),
        }
    }
}
