//! Where a packet's bytes are read again from: the capture file (at the offset the index
//! recorded) or, for live sources, the bytes kept in memory as they arrived.

use std::fs::File;
use std::io;
use std::path::Path;

/// The bytes behind the rows.
pub enum FrameStore {
    File(File),
    /// Live frames, one after another; a row's `at` is its offset here.
    Memory(Vec<u8>),
}

impl FrameStore {
    pub fn open(path: &Path) -> io::Result<FrameStore> {
        File::open(path).map(FrameStore::File)
    }

    /// The `len` bytes at `at` (the same as [`FrameStore::read_at`]; kept for the callers
    /// that hold the store mutably).
    pub fn read(&mut self, at: u64, len: u32) -> io::Result<Vec<u8>> {
        self.read_at(at, len)
    }

    /// The `len` bytes at `at`, without moving the file's position (a positioned read), so
    /// that drawing, which only has `&App`, can read the payloads of the rows on screen.
    pub fn read_at(&self, at: u64, len: u32) -> io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        match self {
            FrameStore::File(f) => {
                let mut buf = vec![0; len];
                f.read_exact_at(&mut buf, at)?;
                Ok(buf)
            }
            FrameStore::Memory(bytes) => usize::try_from(at)
                .ok()
                .and_then(|start| bytes.get(start..start.checked_add(len)?))
                .map(<[u8]>::to_vec)
                .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "frame not stored")),
        }
    }

    /// Keeps the bytes of live frames (rows point into them by offset).
    pub fn append(&mut self, bytes: &[u8]) {
        if let FrameStore::Memory(m) = self {
            m.extend_from_slice(bytes);
        }
    }
}
