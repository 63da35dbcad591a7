//! The words of `wirelab lab --list`: a heading for each topic the scenarios teach.

use crate::lab::Topic;

/// The heading of a topic in `wirelab lab --list`: its name, then what its scenarios show.
pub fn topic_heading(topic: Topic) -> &'static str {
    match topic {
        Topic::OpeningAndClosing => {
            "Opening and closing: handshakes, teardowns, resets, TIME-WAIT, many connections"
        }
        Topic::DataAndWindows => {
            "Data and windows: ACKs, the receive window, Nagle and delayed ACKs, keep-alive"
        }
        Topic::LossAndRecovery => {
            "Loss and recovery: lost segments, retransmission timers, duplicate ACKs"
        }
        Topic::SegmentsAndFragments => {
            "Segments and fragments: the MSS, segmentation, IP fragmentation and reassembly"
        }
        Topic::Datagrams => "Datagrams: UDP, and the ICMP errors about it",
    }
}

/// The topic's stable name, as `wirelab lab --list --json` writes it.
pub fn topic_key(topic: Topic) -> &'static str {
    match topic {
        Topic::OpeningAndClosing => "opening_and_closing",
        Topic::DataAndWindows => "data_and_windows",
        Topic::LossAndRecovery => "loss_and_recovery",
        Topic::SegmentsAndFragments => "segments_and_fragments",
        Topic::Datagrams => "datagrams",
    }
}
