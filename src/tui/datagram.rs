//! The frame that completes an IP datagram, shown whole: the TUI reads each frame's bytes
//! again when it is shown, and those of the completing frame hold only the last fragment.
//! `read` decodes the datagram's transport layer on that frame (the engine's defragmenter);
//! here the fragments' frames are read again and put back together by the same
//! `defrag::Defragmenter`, so the packet pane and the packet list show the transport layer
//! and the "reassembled from frames …" line as `read` does. Rare, so nothing is kept: the
//! fragments are read each time the frame is shown.

use crate::annotate::fragments::ReassembledLabel;
use crate::decode::{Packet, decode, decode_transport};
use crate::defrag::{DefragLimits, Defragmenter, FragKey, FragmentFate};

use super::app::App;

/// A datagram put back together from its fragments' frames.
pub struct Redone {
    defrag: Defragmenter,
    proto: u8,
    v6: bool,
    /// "reassembled from frames 3, 4, 5 (3008 bytes)".
    pub label: String,
}

impl Redone {
    /// `packet` (the completing frame's own decode) with the datagram's transport layer,
    /// decoded from the reassembled payload.
    pub fn with_transport<'a>(&'a self, packet: Packet<'a>) -> Packet<'a> {
        let mut packet = packet;
        let (transport, issue) = decode_transport(self.proto, self.defrag.payload(), self.v6);
        packet.transport = transport;
        if let Some(issue) = issue {
            packet.push_issue(issue);
        }
        packet
    }
}

impl App {
    /// The datagram frame `frame` completed, if it completed one and its fragments' frames
    /// can be read again and complete it again.
    pub fn redo_datagram(&self, frame: u64) -> Option<Redone> {
        let done = self.reassembled.get(&frame)?;
        // The table holds one datagram; its caps are the engine's, which let it complete.
        let mut defrag = Defragmenter::new(DefragLimits::default());
        let mut completed = None;
        for &n in &done.frames {
            let i = self.frames.binary_search_by_key(&n, |e| e.frame).ok()?;
            let entry = self.frames.get(i)?;
            let bytes = self.store.read_at(entry.at, entry.caplen).ok()?;
            let packet = decode(entry.link_type, &bytes, entry.len);
            let f = packet.fragment?;
            let key = FragKey::of(&packet, &f)?;
            if let FragmentFate::Completed(r) = defrag.add(n, entry.ts, key, &f).fate {
                completed = Some((r.proto, key.is_v6()));
            }
        }
        let (proto, v6) = completed?;
        Some(Redone {
            defrag,
            proto,
            v6,
            label: ReassembledLabel(done).to_string(),
        })
    }
}
