//! What can go wrong while reading frames, with the file and record it happened at.

use std::path::PathBuf;

/// A failure of a capture source. Every variant names the input so that a message printed
/// among thousands of packet lines still says where it came from.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("{path}: cannot open: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("{path}: record {record}: {reason}")]
    Record {
        path: PathBuf,
        record: u64,
        reason: String,
    },
    #[error("{path}: invalid filter '{filter}': {reason}")]
    Filter {
        path: PathBuf,
        filter: String,
        reason: String,
    },
    #[error(
        "{path}: unsupported link type {number}{}; wirelab decodes Ethernet, Linux cooked (SLL, SLL2), raw IP and BSD loopback",
        name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
    )]
    LinkType {
        path: PathBuf,
        number: u32,
        /// libpcap's name for it, when it has one.
        name: Option<String>,
    },
    #[error("{path}: cannot write: {reason}")]
    Write { path: PathBuf, reason: String },
    /// Opening or reading a live interface failed for a reason other than privileges.
    #[error("{device}: {reason}")]
    Live { device: String, reason: String },
    /// The process may not capture: it lacks CAP_NET_RAW (not root, no file capability).
    #[error("{device}: {reason}")]
    Permission { device: String, reason: String },
    #[error("{device}: invalid filter '{filter}': {reason}")]
    LiveFilter {
        device: String,
        filter: String,
        reason: String,
    },
}
