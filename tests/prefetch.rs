//! `Prefetched` (records read ahead on a second thread) yields exactly what the file source it
//! wraps yields: the same frames in the same order, across batch boundaries, and the same
//! error at the same record of a damaged file.

mod common;

use std::path::Path;

use wirelab::capture::{
    BATCH_BYTES, FileSource, FrameSource, LinkType, PcapWriter, Prefetched, RawFrame, Timestamp,
};

/// (number, link type, ts, len, bytes) of every frame, then the error's text if it ended in one.
type Frames = (Vec<(u64, u32, Timestamp, u32, Vec<u8>)>, Option<String>);

fn drain(source: &mut dyn FrameSource) -> Frames {
    let mut frames = Vec::new();
    loop {
        match source.next_frame() {
            Ok(Some(f)) => frames.push((f.number, f.link_type.0, f.ts, f.len, f.data.to_vec())),
            Ok(None) => return (frames, None),
            Err(e) => return (frames, Some(e.to_string())),
        }
    }
}

fn both(path: &Path) -> (Frames, Frames) {
    let direct = drain(&mut FileSource::open(path).unwrap());
    let ahead = drain(&mut Prefetched::spawn(FileSource::open(path).unwrap()));
    (direct, ahead)
}

/// A capture of `n` frames of growing sizes, large enough to span many batches.
fn many_frames(path: &Path, n: u32) {
    let mut w = PcapWriter::create(path, LinkType(1)).unwrap();
    for i in 0..n {
        let data: Vec<u8> = (0..60 + (i % 1400)).map(|b| (b ^ i) as u8).collect();
        let (ts, _) = Timestamp::from_parts(1_700_000_000 + i64::from(i / 1000), i64::from(i));
        w.write(&RawFrame {
            number: u64::from(i) + 1,
            link_type: LinkType(1),
            ts,
            len: data.len() as u32 + 4,
            data: &data,
            ts_fixed: false,
        })
        .unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn the_same_frames_across_many_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.pcap");
    many_frames(&path, 20_000);
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    assert!(size > 10 * BATCH_BYTES, "the file spans many batches");
    let (direct, ahead) = both(&path);
    assert_eq!(direct.0.len(), 20_000);
    assert!(direct.1.is_none());
    assert!(direct == ahead, "prefetched frames differ from the file's");
}

#[test]
fn a_damaged_file_ends_at_the_same_record_with_the_same_message() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.pcap");
    many_frames(&whole, 9_000);
    // Cut the file in the middle of a record far past the first batches.
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("cut.pcap");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3 + 7]).unwrap();
    let (direct, ahead) = both(&cut);
    assert!(direct.1.is_some(), "the cut file is reported damaged");
    assert!(
        direct.0.len() > 4096,
        "the damage lies past the first batch"
    );
    assert!(
        direct == ahead,
        "prefetched frames or error differ from the file's"
    );
}

#[test]
fn every_corpus_and_shipped_capture_reads_the_same() {
    if !common::corpus_or_skip("every_corpus_and_shipped_capture_reads_the_same") {
        return;
    }
    let mut paths: Vec<_> = std::fs::read_dir(common::repo().join("../shared/corpus"))
        .expect("../shared/corpus must sit beside the repository")
        .chain(std::fs::read_dir(common::repo().join("captures")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".pcap") || name.ends_with(".pcapng") || name.ends_with(".cap")
        })
        .collect();
    paths.sort();
    assert!(paths.len() > 20, "{paths:?}");
    for path in paths {
        let Ok(direct) = FileSource::open(&path) else {
            assert!(FileSource::open(&path).is_err());
            continue;
        };
        let direct = drain(&mut { direct });
        let ahead = drain(&mut Prefetched::spawn(FileSource::open(&path).unwrap()));
        assert!(
            direct == ahead,
            "{}: prefetched reading differs",
            path.display()
        );
    }
}
