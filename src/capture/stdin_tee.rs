//! Standard input read through libpcap, with a copy kept on disk so that a pcapng stream can
//! still be resumed by [`PcapngSource`](super::pcapng::PcapngSource) when libpcap refuses its
//! second link type, exactly as a file given by path is.
//!
//! A thread copies standard input into an unlinked temporary file and into a pipe that
//! libpcap reads (through `/proc/self/fd`), so a live stream (`tcpdump -w - | wirelab read -`)
//! is shown as it comes. When libpcap gives up on a mixed-link-type pcapng file, the thread
//! stops feeding the pipe (what is still in it is read and dropped, so that it is not left
//! blocked on a full pipe), copies the rest of the input to the file, and reading starts
//! again from the copy at the record where libpcap stopped.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// Bytes copied at a time.
const CHUNK: usize = 64 * 1024;

/// How a pcapng file starts: the section header block's type, the same in either byte order.
const PCAPNG_MAGIC: [u8; 4] = [0x0A, 0x0D, 0x0D, 0x0A];

/// Standard input being copied to a pipe for libpcap and to a file for a second reading.
pub struct StdinTee {
    /// The pipe's read end; libpcap opens it again by its `/proc/self/fd` path.
    pipe: OwnedFd,
    spool: File,
    copier: JoinHandle<io::Result<()>>,
    /// Set when libpcap has stopped reading: the thread then only copies.
    copy_only: Arc<AtomicBool>,
}

impl StdinTee {
    pub fn start() -> io::Result<StdinTee> {
        let spool = tempfile::tempfile()?;
        let mut copy = spool.try_clone()?;
        let (read, write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
        let mut feed = Some(File::from(write));
        let copy_only = Arc::new(AtomicBool::new(false));
        let only = Arc::clone(&copy_only);
        let copier = std::thread::spawn(move || {
            let mut input = io::stdin().lock();
            let mut buf = vec![0u8; CHUNK];
            let mut head: Vec<u8> = Vec::with_capacity(4);
            let mut pcapng = None;
            loop {
                let n = match input.read(&mut buf) {
                    Ok(0) => return Ok(()),
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                let bytes = buf.get(..n).unwrap_or_default();
                // Only a pcapng stream can need a second reading: a classic pcap stream (say
                // `tcpdump -w -`, which may run for hours) is not kept.
                if pcapng.is_none() {
                    head.extend(bytes.iter().take(4 - head.len().min(4)));
                    if head.len() >= 4 {
                        pcapng = Some(head == PCAPNG_MAGIC);
                    }
                }
                if pcapng != Some(false) {
                    copy.write_all(bytes)?;
                }
                // Once libpcap has stopped reading, only the copy goes on (and the pipe's
                // write end is closed, so that draining it ends).
                if only.load(Ordering::SeqCst) {
                    feed = None;
                }
                if feed.as_mut().is_some_and(|f| f.write_all(bytes).is_err()) {
                    feed = None;
                }
            }
        });
        Ok(StdinTee {
            pipe: read,
            spool,
            copier,
            copy_only,
        })
    }

    /// The path libpcap opens to read the pipe.
    pub fn pipe_path(&self) -> PathBuf {
        PathBuf::from(format!("/proc/self/fd/{}", self.pipe.as_raw_fd()))
    }

    /// Stops feeding the pipe, waits for the whole input to be copied, and returns the copy
    /// from its first byte.
    pub fn into_copy(self) -> io::Result<File> {
        self.copy_only.store(true, Ordering::SeqCst);
        // What is in the pipe is in the copy too: read it away until the thread closes its
        // end, so that a write it is blocked in returns.
        let mut pipe = File::from(self.pipe);
        let mut buf = vec![0u8; CHUNK];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        match self.copier.join() {
            Ok(result) => result?,
            Err(_) => return Err(io::Error::other("the thread copying standard input failed")),
        }
        let mut copy = self.spool;
        copy.rewind()?;
        Ok(copy)
    }
}
