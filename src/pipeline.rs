//! `wirelab read`: capture files in, rendered packets out. The stages are wired here and
//! nowhere else, so the CLI only builds a [`ReadConfig`] and maps the outcome to an exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::capture::{
    BpfFilter, CaptureError, FileSource, FrameSource, LinkType, PcapSink, PcapWriter, Prefetched,
    RawFrame, StopHandle, Timestamp,
};
use crate::decode::decode;
use crate::render::{CallNote, FileInfo, Record, Renderer};
use crate::track::Tracker;

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

fn read_all(
    config: &ReadConfig,
    file: &mut Option<std::fs::File>,
    writer: &mut Option<PcapWriter>,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
    report: &mut dyn FnMut(&CaptureError),
) -> Result<ReadOutcome, ReadError> {
    let mut outcome = ReadOutcome::default();
    let several = config.inputs.len() > 1;
    let mut damaged = |out: &mut dyn Write,
                       renderer: &mut dyn Renderer,
                       outcome: &mut ReadOutcome,
                       e: CaptureError| {
        outcome.damaged_inputs += 1;
        // Flushed first so that the message follows the last good packet on a terminal.
        let flushed = renderer.flush(out).and_then(|()| out.flush());
        report(&e);
        flushed
    };

    'inputs: for (index, path) in config.inputs.iter().enumerate() {
        let source = match FileSource::open(path) {
            Ok(s) => s,
            Err(e) => {
                damaged(out, renderer, &mut outcome, e)?;
                continue;
            }
        };
        let link_type = source.link_type();
        if !link_type.is_supported() {
            let e = CaptureError::LinkType {
                path: path.clone(),
                number: link_type.0,
                name: source.link_type_libpcap_name(),
            };
            damaged(out, renderer, &mut outcome, e)?;
            continue;
        }
        // Records are read ahead on a second thread, so reading overlaps with the work below.
        let mut source = Prefetched::spawn(source).with_stop(config.stop.clone());
        // Compiled for the file's link type now (a bad expression ends the run before any
        // output), and for any other link type a pcapng file mixes in when it first appears.
        let mut filters: Vec<(LinkType, Option<BpfFilter>)> = Vec::new();
        if let Some(expr) = &config.filter {
            let f = BpfFilter::compile(expr, link_type).map_err(|reason| {
                ReadError::Fatal(CaptureError::Filter {
                    path: path.clone(),
                    filter: expr.clone(),
                    reason,
                })
            })?;
            filters.push((link_type, Some(f)));
        }
        let mut unwritable_reported = false;
        // The `-w` pcapng comment of the current packet, reused.
        let mut comment = String::new();
        if let Some(target) = &config.write {
            match writer {
                None => *writer = Some(start_writer(target, file, link_type)?),
                Some(w) if !w.accepts(link_type) => {
                    let e = CaptureError::Write {
                        path: target.clone(),
                        reason: format!(
                            "{} has link type {link_type}, but the file holds {}; a pcap file has one link type, so this input is skipped (a .pcapng name keeps both)",
                            path.display(),
                            w.link_type()
                        ),
                    };
                    damaged(out, renderer, &mut outcome, e)?;
                    continue;
                }
                Some(_) => {}
            }
        }
        renderer.file_start(
            out,
            &FileInfo {
                index,
                path,
                link_type,
                several,
            },
        )?;

        // Conversations do not span inputs: each file is tracked on its own, as tshark does.
        let mut annotator = Annotator::new();
        let mut stop = false;
        loop {
            if config.count.is_some_and(|c| outcome.packets >= c) {
                stop = true;
                break;
            }
            if config.stop.is_stopped() {
                outcome.stopped = true;
                stop = true;
                break;
            }
            let frame = match source.next_frame() {
                Ok(Some(frame)) => frame,
                Ok(None) => break,
                Err(e) => {
                    damaged(out, renderer, &mut outcome, e)?;
                    break;
                }
            };
            // Times count from the file's first record, shown or not, as tshark's do.
            annotator.saw(&frame);
            if let Some(expr) = &config.filter {
                let index = match filters.iter().position(|(lt, _)| *lt == frame.link_type) {
                    Some(i) => i,
                    None => {
                        // A link type the expression cannot apply to matches nothing.
                        let f = BpfFilter::compile(expr, frame.link_type).ok();
                        filters.push((frame.link_type, f));
                        filters.len() - 1
                    }
                };
                let pass = filters
                    .get(index)
                    .and_then(|(_, f)| f.as_ref())
                    .is_some_and(|f| f.matches(frame.data));
                if !pass {
                    continue;
                }
            }
            let wants_comment = writer.as_ref().is_some_and(PcapWriter::keeps_comments);
            let slot = wants_comment.then_some(&mut comment);
            annotator.frame_commented(&frame, &[], renderer, out, slot)?;
            outcome.packets += 1;
            if let Some(w) = writer.as_mut() {
                if w.accepts(frame.link_type) {
                    let words = if wants_comment { comment.as_str() } else { "" };
                    w.write_commented(&frame, words).map_err(ReadError::Fatal)?;
                } else if !unwritable_reported {
                    unwritable_reported = true;
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
                    damaged(out, renderer, &mut outcome, e)?;
                }
            }
        }
        annotator.finish(renderer, out)?;
        if stop {
            break 'inputs;
        }
    }
    renderer.flush(out)?;
    out.flush()?;
    Ok(outcome)
}

/// decode → track → render for the frames of one input: the part every source (file, live
/// interface, lab) shares. Conversations and relative times live here, so one `Annotator` is
/// one input's worth of state.
#[derive(Default)]
pub struct Annotator {
    tracker: Tracker,
    first: Option<Timestamp>,
    previous: Option<Timestamp>,
}

impl Annotator {
    pub fn new() -> Annotator {
        Annotator::default()
    }

    /// Notes a frame that was read, shown or not: relative times count from the first one,
    /// as tshark's do even when a filter hides it.
    pub fn saw(&mut self, frame: &RawFrame<'_>) {
        self.first.get_or_insert(frame.ts);
    }

    /// Decodes, tracks and renders one frame, and reports the conversations that expired.
    pub fn frame(
        &mut self,
        frame: &RawFrame<'_>,
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.frame_with_calls(frame, &[], renderer, out)
    }

    /// [`Annotator::frame`], with the socket calls shown just before the packet (the lab's).
    pub fn frame_with_calls(
        &mut self,
        frame: &RawFrame<'_>,
        calls: &[CallNote],
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.frame_commented(frame, calls, renderer, out, None)
    }

    /// [`Annotator::frame_with_calls`], also putting into `comment` (when given) the words
    /// of the packet's pcapng comment ([`crate::annotate::words::packet_comment`]; empty
    /// when there is nothing to say).
    pub fn frame_commented(
        &mut self,
        frame: &RawFrame<'_>,
        calls: &[CallNote],
        renderer: &mut dyn Renderer,
        out: &mut dyn Write,
        comment: Option<&mut String>,
    ) -> io::Result<()> {
        let first = *self.first.get_or_insert(frame.ts);
        let packet = decode(frame.link_type, frame.data, frame.len);
        let info = self
            .tracker
            .track(frame.number, frame.ts, frame.len, &packet);
        if let Some(c) = comment {
            match &info {
                Some(i) => crate::annotate::words::packet_comment(i, c),
                None => c.clear(),
            }
        }
        let record = Record {
            number: frame.number,
            frame,
            packet: &packet,
            since_first: frame.ts.since(first),
            since_previous: frame.ts.since(self.previous.unwrap_or(frame.ts)),
            info: info.as_ref(),
            calls,
        };
        renderer.packet(out, &record)?;
        for conv in self.tracker.take_expired() {
            renderer.conversation(out, &conv)?;
        }
        self.previous = Some(frame.ts);
        Ok(())
    }

    /// Reports every conversation still held, as at the end of the input.
    pub fn finish(mut self, renderer: &mut dyn Renderer, out: &mut dyn Write) -> io::Result<()> {
        self.tracker
            .finish(|conv| renderer.conversation(out, &conv))?;
        renderer.input_end(out)
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
    let mut writer = writer;
    let mut shown = LiveOutput {
        main: renderer,
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
    let mut annotator = shown.wants_packets().then(Annotator::new);
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
        // A pcapng file's comment needs the packet tracked first, so the line is made before
        // the record; both wait in buffers that are flushed when the interface goes quiet
        // and when the run ends, however it ends. Without an annotator
        // (`-q`), nothing is decoded and the file has no comments.
        let commented = writer.as_deref().is_some_and(PcapWriter::keeps_comments);
        match annotator.as_mut() {
            Some(a) if commented => {
                a.frame_commented(&frame, &[], shown, out, Some(&mut comment))?;
                if let Some(w) = writer.as_deref_mut() {
                    w.write_commented(&frame, &comment)
                        .map_err(ReadError::Fatal)?;
                }
            }
            _ => {
                if let Some(w) = writer.as_deref_mut() {
                    w.write(&frame).map_err(ReadError::Fatal)?;
                }
                if let Some(a) = annotator.as_mut() {
                    a.frame(&frame, shown, out)?;
                }
            }
        }
        // Each packet is on the terminal (and in the file) as soon as it is on the wire:
        // output is flushed whenever no further packet is already waiting (once per burst,
        // not per packet).
        if !source.frame_ready() {
            if annotator.is_some() {
                shown.flush(out)?;
                out.flush()?;
            }
            if let Some(w) = writer.as_deref_mut() {
                w.flush().map_err(ReadError::Fatal)?;
            }
        }
    }
    if let Some(a) = annotator {
        a.finish(shown, out)?;
    }
    shown.flush(out)?;
    if let Some((_, table)) = &shown.table {
        out.write_all(table)?;
    }
    out.flush()?;
    ended
}

/// A live run's output: the packet renderer (none with `-q`) and, with `--summary`, the
/// conversation table, whose rows are kept until the capture stops so that they come after
/// the packet lines instead of among them.
struct LiveOutput<'r> {
    main: Option<&'r mut dyn Renderer>,
    table: Option<(crate::render::SummaryRenderer, Vec<u8>)>,
}

impl LiveOutput<'_> {
    fn wants_packets(&self) -> bool {
        self.main.is_some() || self.table.is_some()
    }
}

impl Renderer for LiveOutput<'_> {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        match self.main.as_mut() {
            Some(r) => r.file_start(out, file),
            None => Ok(()),
        }
    }

    fn packet(&mut self, out: &mut dyn Write, record: &Record<'_, '_>) -> io::Result<()> {
        match self.main.as_mut() {
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
        match self.main.as_mut() {
            Some(r) => r.conversation(out, conv),
            None => Ok(()),
        }
    }

    fn input_end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if let Some((summary, rows)) = self.table.as_mut() {
            summary.input_end(rows)?;
        }
        match self.main.as_mut() {
            Some(r) => r.input_end(out),
            None => Ok(()),
        }
    }

    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.main.as_mut() {
            Some(r) => r.flush(out),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::JsonRenderer;
    use crate::track::MAX_CONVERSATIONS;

    /// A SYN from 10.0.0.1:`sport` to 10.0.0.2:`dport`.
    fn syn(sport: u16, dport: u16) -> Vec<u8> {
        let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(sport, dport, 1000, 65535)
            .syn();
        let mut bytes = Vec::with_capacity(b.size(0));
        b.write(&mut bytes, &[]).expect("build a SYN");
        bytes
    }

    #[test]
    fn syn_flood_through_the_annotator_holds_few_conversations_and_reports_them_all() {
        const SYNS: u16 = 30_000;
        let mut annotator = Annotator::new();
        let mut renderer = JsonRenderer::new();
        let mut out = Vec::new();
        let mut most = 0;
        for i in 0..SYNS {
            let bytes = syn(40_000, 1024 + i);
            let micros = i64::from(i) * 10;
            let frame = RawFrame {
                number: u64::from(i) + 1,
                link_type: LinkType::ETHERNET,
                ts: Timestamp {
                    secs: 1_700_000_000 + micros / 1_000_000,
                    nanos: u32::try_from(micros % 1_000_000).unwrap_or(0) * 1000,
                },
                len: bytes.len() as u32,
                data: &bytes,
                ts_fixed: false,
            };
            annotator.saw(&frame);
            annotator
                .frame(&frame, &mut renderer, &mut out)
                .expect("write to a Vec");
            most = most.max(annotator.tracker.len());
        }
        annotator
            .finish(&mut renderer, &mut out)
            .expect("write to a Vec");
        renderer.flush(&mut out).expect("write to a Vec");
        assert!(most <= MAX_CONVERSATIONS, "{most} conversations held");
        let mut ids: Vec<u64> = String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "conn")
            .filter_map(|v| v["id"].as_u64())
            .collect();
        ids.sort_unstable();
        let want: Vec<u64> = (1..=u64::from(SYNS)).collect();
        assert_eq!(ids, want, "one conn record per SYN");
    }
}
