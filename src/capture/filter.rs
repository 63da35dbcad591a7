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

/// One expression compiled for each link type it meets, lazily: a pcapng file can mix link
/// types, and each needs its own program. A link type the expression cannot apply to
/// matches nothing; [`FilterSet::require`] makes a failure to compile an error instead
/// (`read` requires each file's link type, the TUI the first frame's).
pub struct FilterSet {
    expr: String,
    /// Each link type met so far, with its program (`None`: it did not compile).
    compiled: Vec<(LinkType, Option<BpfFilter>)>,
}

impl FilterSet {
    pub fn new(expr: &str) -> FilterSet {
        FilterSet {
            expr: expr.to_owned(),
            compiled: Vec::new(),
        }
    }

    pub fn expr(&self) -> &str {
        &self.expr
    }

    /// No link type has been met yet.
    pub fn is_empty(&self) -> bool {
        self.compiled.is_empty()
    }

    /// Compiles for `link_type` now (unless it already was); libpcap's message when the
    /// expression does not compile for it.
    pub fn require(&mut self, link_type: LinkType) -> Result<(), String> {
        match self.compiled.iter().find(|(lt, _)| *lt == link_type) {
            Some((_, Some(_))) => Ok(()),
            Some((_, None)) => BpfFilter::compile(&self.expr, link_type).map(|_| ()),
            None => {
                let f = BpfFilter::compile(&self.expr, link_type)?;
                self.compiled.push((link_type, Some(f)));
                Ok(())
            }
        }
    }

    /// Whether a frame of `link_type` passes, compiling for a link type met first here.
    pub fn matches(&mut self, link_type: LinkType, data: &[u8]) -> bool {
        let index = match self.compiled.iter().position(|(lt, _)| *lt == link_type) {
            Some(i) => i,
            None => {
                let f = BpfFilter::compile(&self.expr, link_type).ok();
                self.compiled.push((link_type, f));
                self.compiled.len() - 1
            }
        };
        self.compiled
            .get(index)
            .and_then(|(_, f)| f.as_ref())
            .is_some_and(|f| f.matches(data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_type_the_expression_cannot_apply_to_matches_nothing_unless_required() {
        // "ether host" needs an Ethernet header: it cannot compile for raw IP.
        let mut set = FilterSet::new("ether host 02:00:00:00:00:01");
        assert!(set.require(LinkType::ETHERNET).is_ok());
        assert!(set.require(LinkType::RAW).is_err());
        assert!(!set.matches(LinkType::RAW, &[0x45; 40]));
        assert!(set.require(LinkType::RAW).is_err());
    }

    #[test]
    fn a_bad_expression_is_refused_with_libpcaps_words() {
        let mut set = FilterSet::new("tcp port");
        let e = set.require(LinkType::ETHERNET).unwrap_err();
        assert!(!e.is_empty());
        assert!(set.is_empty());
    }
}
