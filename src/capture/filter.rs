//! BPF capture filters (tcpdump's expression language), compiled by libpcap.
//!
//! On files the filter runs here, after the source has numbered the record, so that frame
//! numbers stay the file's record numbers (as tshark shows them) when a filter hides some.

use pcap::{BpfProgram, Capture, Linktype};

use super::LinkType;
use super::file::strip_libpcap;

/// A compiled filter for one link type.
pub struct BpfFilter {
    program: BpfProgram,
}

impl BpfFilter {
    /// Compiles `expr` for frames of `link_type`; the error is libpcap's own message.
    pub fn compile(expr: &str, link_type: LinkType) -> Result<BpfFilter, String> {
        let lt = Linktype(i32::try_from(link_type.0).unwrap_or(-1));
        let dead = Capture::dead(lt).map_err(|e| strip_libpcap(&e.to_string()).to_owned())?;
        let program = dead
            .compile(expr, true)
            .map_err(|e| strip_libpcap(&e.to_string()).to_owned())?;
        Ok(BpfFilter { program })
    }

    /// Whether the frame passes.
    pub fn matches(&self, data: &[u8]) -> bool {
        self.program.filter(data)
    }
}
