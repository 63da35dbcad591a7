//! The TUI's file reading (libpcap, and its own record offsets) against libpcap's, on every
//! capture in ../shared/corpus: each row's timestamp, lengths and the bytes read again at its
//! offset are what libpcap returns for that frame, and the conversations are the same.

mod common;

use std::collections::BTreeMap;

use wirelab::capture::{FileSource, FrameSource};
use wirelab::engine::Engine;
use wirelab::render::{FileInfo, Record, Renderer};
use wirelab::track::Conversation;
use wirelab::tui::app::App;
use wirelab::tui::store::FrameStore;

/// libpcap's frames: number -> (ts, len, bytes), and conversation id -> packets, until the end
/// or the first damaged record (then `false`).
type Frames = BTreeMap<u64, (wirelab::capture::Timestamp, u32, Vec<u8>)>;

/// Conversation id -> packets, as the engine reports them.
#[derive(Default)]
struct Convs(BTreeMap<u64, u64>);

impl Renderer for Convs {
    fn file_start(&mut self, _: &mut dyn std::io::Write, _: &FileInfo<'_>) -> std::io::Result<()> {
        Ok(())
    }
    fn packet(&mut self, _: &mut dyn std::io::Write, _: &Record<'_, '_>) -> std::io::Result<()> {
        Ok(())
    }
    fn conversation(
        &mut self,
        _: &mut dyn std::io::Write,
        c: &Conversation,
    ) -> std::io::Result<()> {
        self.0.insert(c.id, c.packets[0] + c.packets[1]);
        Ok(())
    }
}

/// libpcap's frames through the one engine (decode, reassembly, tracking).
fn libpcap(path: &std::path::Path) -> Option<(Frames, BTreeMap<u64, u64>, bool)> {
    let mut source = FileSource::open(path).ok()?;
    let mut frames = Frames::new();
    let mut engine = Engine::new();
    let mut convs = Convs::default();
    let mut sink = std::io::sink();
    let mut complete = true;
    loop {
        match source.next_frame() {
            Ok(Some(f)) => {
                engine.frame(&f, &mut convs, &mut sink).expect("no output");
                frames.insert(f.number, (f.ts, f.len, f.data.to_vec()));
            }
            Ok(None) => break,
            Err(_) => {
                complete = false;
                break;
            }
        }
    }
    engine.finish(&mut convs, &mut sink).expect("no output");
    Some((frames, convs.0, complete))
}

#[test]
fn every_rows_offset_and_timestamp_agree_with_libpcap_on_the_corpus() {
    if !common::corpus_or_skip("every_rows_offset_and_timestamp_agree_with_libpcap_on_the_corpus") {
        return;
    }
    let files = common::corpus_captures();
    let mut checked_rows = 0;
    let mut compared_files = 0;
    for path in &files {
        let Some((frames, convs, complete)) = libpcap(path) else {
            continue; // libpcap cannot open it; the TUI's refusal is tested elsewhere
        };
        let Ok(mut app) = App::from_file(path) else {
            panic!("{}: libpcap opens it, the TUI does not", path.display());
        };
        let name = path.display();
        for v in &app.convs {
            for row in v.rows() {
                let (ts, len, bytes) = frames
                    .get(&row.frame)
                    .unwrap_or_else(|| panic!("{name}: frame {} unknown to libpcap", row.frame));
                assert_eq!((&row.ts, &row.len), (ts, len), "{name} frame {}", row.frame);
                assert_eq!(
                    row.caplen as usize,
                    bytes.len(),
                    "{name} frame {}",
                    row.frame
                );
            }
        }
        // The bytes at each offset (first and last row of every conversation).
        let rows: Vec<_> = app
            .convs
            .iter()
            .flat_map(|v| [v.row(0), v.len().checked_sub(1).and_then(|i| v.row(i))])
            .flatten()
            .collect();
        let mut store = FrameStore::open(path).unwrap();
        for row in rows {
            let read = store.read(row.at, row.caplen).unwrap();
            assert_eq!(&read, &frames[&row.frame].2, "{name} frame {}", row.frame);
            checked_rows += 1;
        }
        if complete && app.error.is_none() {
            let ours: BTreeMap<u64, u64> = app
                .convs
                .iter_mut()
                .map(|v| (v.conv.id, v.conv.packets[0] + v.conv.packets[1]))
                .collect();
            assert_eq!(ours, convs, "{name}: conversations");
            compared_files += 1;
        }
    }
    assert!(
        compared_files >= 20,
        "only {compared_files} corpus files compared"
    );
    assert!(checked_rows > 100);
}

/// The app keeps rows packed (40 bytes) and unpacks them on demand: on every corpus capture,
/// each row comes back exactly as the indexer made it, packed or kept whole.
#[test]
fn every_row_comes_back_from_the_packed_store_as_the_indexer_made_it() {
    if !common::corpus_or_skip("every_row_comes_back_from_the_packed_store_as_the_indexer_made_it")
    {
        return;
    }
    use wirelab::tui::index::{IndexConfig, index_all};
    let files = common::corpus_captures();
    let (mut rows, mut whole) = (0, 0);
    for path in files {
        let config = IndexConfig {
            path: path.clone(),
            filter: None,
        };
        let (Ok(batches), Ok(app)) = (index_all(&config), App::from_file(&path)) else {
            continue;
        };
        let mut made: BTreeMap<u64, Vec<wirelab::tui::Row>> = BTreeMap::new();
        for b in batches {
            for (id, row) in b.rows {
                made.entry(id).or_default().push(row);
            }
        }
        for v in &app.convs {
            let kept: Vec<_> = v.rows().collect();
            let want = made.remove(&v.conv.id).unwrap_or_default();
            assert_eq!(kept, want, "{} conversation {}", path.display(), v.conv.id);
            for (i, row) in kept.iter().enumerate() {
                assert_eq!(v.is_event(i), row.is_event(), "{} row {i}", path.display());
            }
            rows += kept.len();
            whole += v.whole_rows();
        }
    }
    eprintln!("{rows} rows, {whole} kept whole");
    assert!(rows > 300, "{rows}");
}

/// What `wirelab read --json` says about one frame's conversation: conn, dir, and for TCP
/// the states before and after, the step and the findings.
#[derive(Debug, PartialEq, Eq)]
struct FrameFacts {
    conn: u64,
    dir: String,
    tcp: Option<TcpFacts>,
}

#[derive(Debug, PartialEq, Eq)]
struct TcpFacts {
    /// [client, server] before, then after.
    states: [String; 4],
    step: Option<String>,
    analysis: Vec<String>,
}

/// `wirelab read --json FILE`'s packets that belong to a conversation, by frame number.
fn read_json(path: &std::path::Path) -> BTreeMap<u64, FrameFacts> {
    let out = common::wirelab([
        std::ffi::OsStr::new("read"),
        "--json".as_ref(),
        path.as_os_str(),
    ]);
    let mut facts = BTreeMap::new();
    for line in common::stdout(&out).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some("packet"), Some(frame), Some(conn)) =
            (v["type"].as_str(), v["frame"].as_u64(), v["conn"].as_u64())
        else {
            continue;
        };
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        let s = &v["states"];
        let tcp = s.is_object().then(|| TcpFacts {
            states: [
                text(&s["client"]["before"]),
                text(&s["server"]["before"]),
                text(&s["client"]["after"]),
                text(&s["server"]["after"]),
            ],
            step: v["step"]["kind"].as_str().map(str::to_owned),
            analysis: v["analysis"]
                .as_array()
                .map(|a| a.iter().map(|x| text(&x["kind"])).collect())
                .unwrap_or_default(),
        });
        let dir = text(&v["dir"]);
        facts.insert(frame, FrameFacts { conn, dir, tcp });
    }
    facts
}

/// The TUI's rows of a file, by frame number, in the words of [`read_json`].
fn tui_rows(path: &std::path::Path) -> Option<BTreeMap<u64, FrameFacts>> {
    use wirelab::annotate::words::{analysis_kind, step_kind};
    use wirelab::tui::index::{IndexConfig, index_all};
    use wirelab::tui::model::RowKind;
    let config = IndexConfig {
        path: path.to_owned(),
        filter: None,
    };
    let mut facts = BTreeMap::new();
    for b in index_all(&config).ok()? {
        for (conn, row) in b.rows {
            let tcp = match &row.kind {
                RowKind::Tcp(t) => Some(TcpFacts {
                    states: [t.before[0], t.before[1], t.after[0], t.after[1]]
                        .map(|s| s.name().to_owned()),
                    step: t.step.as_ref().map(|s| step_kind(s).to_owned()),
                    analysis: t
                        .analysis
                        .as_deref()
                        .map(|a| a.iter().map(|x| analysis_kind(x).to_owned()).collect())
                        .unwrap_or_default(),
                }),
                _ => None,
            };
            let dir = match row.dir {
                wirelab::track::Dir::C2S => "c2s",
                wirelab::track::Dir::S2C => "s2c",
            };
            let dir = dir.to_owned();
            facts.insert(row.frame, FrameFacts { conn, dir, tcp });
        }
    }
    Some(facts)
}

/// The TUI shows what `read` shows: on every capture of ../shared/corpus and captures/, each
/// frame's conversation, direction, TCP states before and after, step and findings are the
/// same in the TUI's rows as in `wirelab read --json`, and every TCP packet `read` puts in a
/// conversation has its row.
#[test]
fn every_frames_states_steps_and_findings_in_the_tui_are_those_of_read_json() {
    let mut files: Vec<_> = std::fs::read_dir(common::repo().join("captures"))
        .expect("captures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    if common::corpus_or_skip(
        "every_frames_states_steps_and_findings_in_the_tui_are_those_of_read_json",
    ) {
        files.extend(common::corpus_captures());
    }
    let (mut compared, mut tcp_rows) = (0, 0);
    for path in &files {
        let Some(rows) = tui_rows(path) else {
            continue; // the TUI cannot index it; its refusal is tested elsewhere
        };
        let name = path.display();
        let read = read_json(path);
        for (frame, row) in &rows {
            let want = read.get(frame).unwrap_or_else(|| {
                panic!("{name} frame {frame}: a row, but read puts it in no conversation")
            });
            assert_eq!(row, want, "{name} frame {frame}");
            tcp_rows += usize::from(row.tcp.is_some());
        }
        for (frame, facts) in &read {
            if facts.tcp.is_some() {
                assert!(
                    rows.contains_key(frame),
                    "{name} frame {frame}: TCP in read, no row in the TUI"
                );
            }
        }
        compared += 1;
    }
    eprintln!(
        "{compared} of {} files, {tcp_rows} TCP rows compared",
        files.len()
    );
    // A few corpus files are refused by both (damaged headers); the rest are compared.
    assert!(
        compared >= files.len() * 9 / 10,
        "{compared} of {} files",
        files.len()
    );
    assert!(tcp_rows > 100, "{tcp_rows} TCP rows");
}
