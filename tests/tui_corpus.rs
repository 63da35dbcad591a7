//! The TUI's file reading (libpcap, and its own record offsets) against libpcap's, on every
//! capture in ../shared/corpus: each row's timestamp, lengths and the bytes read again at its
//! offset are what libpcap returns for that frame, and the conversations are the same.

mod common;

use std::collections::BTreeMap;

use wirelab::capture::{FileSource, FrameSource};
use wirelab::decode::decode;
use wirelab::track::Tracker;
use wirelab::tui::app::App;
use wirelab::tui::store::FrameStore;

/// libpcap's frames: number -> (ts, len, bytes), and conversation id -> packets, until the end
/// or the first damaged record (then `false`).
type Frames = BTreeMap<u64, (wirelab::capture::Timestamp, u32, Vec<u8>)>;

fn libpcap(path: &std::path::Path) -> Option<(Frames, BTreeMap<u64, u64>, bool)> {
    let mut source = FileSource::open(path).ok()?;
    let mut frames = Frames::new();
    let mut tracker = Tracker::default();
    let mut complete = true;
    loop {
        match source.next_frame() {
            Ok(Some(f)) => {
                let p = decode(f.link_type, f.data, f.len);
                tracker.track(f.number, f.ts, f.len, &p);
                frames.insert(f.number, (f.ts, f.len, f.data.to_vec()));
            }
            Ok(None) => break,
            Err(_) => {
                complete = false;
                break;
            }
        }
    }
    let mut convs = BTreeMap::new();
    let _ = tracker.finish(|c| {
        convs.insert(c.id, c.packets[0] + c.packets[1]);
        Ok::<(), ()>(())
    });
    Some((frames, convs, complete))
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
