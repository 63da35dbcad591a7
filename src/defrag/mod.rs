//! IP fragments put back together (IPv4: RFC 791 and RFC 815; IPv6: RFC 8200 §4.5), so that
//! the transport layer of a fragmented datagram is decoded on the frame that completes it,
//! as tshark does by default.
//!
//! Stateful, so not in `decode/`; pure otherwise: time comes from packet timestamps, never
//! from a clock, and findings are enums (`annotate::fragments` words them). Memory is
//! bounded: a datagram is held at most [`DefragLimits::timeout_v4`] / `timeout_v6` seconds
//! of capture time after its first fragment, the table holds at most `max_datagrams`
//! datagrams and `max_bytes` bytes of fragment data (past either cap the oldest datagram is
//! given up, and reported), and a datagram of more than `max_fragments` fragments is given
//! up. Never panics on any input.

#![deny(clippy::indexing_slicing)]

mod datagram;

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use arrayvec::ArrayVec;

use datagram::Datagram;
pub use datagram::MAX_FINDINGS;

use crate::capture::Timestamp;
use crate::decode::{IpFragment, Packet};

/// What identifies a datagram's fragments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FragKey {
    /// RFC 791: source, destination, protocol and identification.
    V4 {
        src: Ipv4Addr,
        dst: Ipv4Addr,
        proto: u8,
        id: u16,
    },
    /// RFC 8200 §4.5: source, destination and the Fragment header's identification.
    V6 {
        src: Ipv6Addr,
        dst: Ipv6Addr,
        id: u32,
    },
}

impl FragKey {
    /// The key of a fragment's datagram, from its packet's addresses.
    pub fn of(packet: &Packet<'_>, fragment: &IpFragment<'_>) -> Option<FragKey> {
        match packet.ip_addrs()? {
            (IpAddr::V4(src), IpAddr::V4(dst)) => Some(FragKey::V4 {
                src,
                dst,
                proto: fragment.proto,
                id: u16::try_from(fragment.id).ok()?,
            }),
            (IpAddr::V6(src), IpAddr::V6(dst)) => Some(FragKey::V6 {
                src,
                dst,
                id: fragment.id,
            }),
            _ => None,
        }
    }

    pub fn is_v6(&self) -> bool {
        matches!(self, FragKey::V6 { .. })
    }
}

/// The bounds on what is held (see the module comment; the numbers in docs/annotations.md).
#[derive(Debug, Clone, Copy)]
pub struct DefragLimits {
    /// Seconds of capture time an IPv4 datagram may wait for its fragments: Linux's
    /// `ipfrag_time` (30).
    pub timeout_v4: i64,
    /// The same for IPv6: RFC 8200 §4.5's 60 seconds (Linux's `ip6frag_time`).
    pub timeout_v6: i64,
    /// Datagrams held at once.
    pub max_datagrams: usize,
    /// Fragment data held at once, over all datagrams: Linux's `ipfrag_high_thresh` (4 MiB).
    pub max_bytes: usize,
    /// Fragments of one datagram: a 64 KiB datagram over a 576-byte path takes 119.
    pub max_fragments: usize,
}

impl Default for DefragLimits {
    fn default() -> DefragLimits {
        DefragLimits {
            timeout_v4: 30,
            timeout_v6: 60,
            max_datagrams: 1024,
            max_bytes: 4 << 20,
            max_fragments: 128,
        }
    }
}

/// The largest IP datagram (IPv4's total length; IPv6's payload length).
const MAX_DATAGRAM: u32 = 65_535;

/// Something wrong with a datagram's fragments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefragFinding {
    /// Fragments overlap on payload bytes `start..end`; the copy in `frame` lost (tshark's
    /// rule: the lower offset, then the earlier arrival, wins). `differ`: the copies are not
    /// the same bytes (teardrop and its kin), else a duplicate.
    Overlap {
        start: u32,
        end: u32,
        differ: bool,
        frame: u64,
    },
    /// A second last fragment (`frame`) ends the datagram at `other`, not at `first`.
    ConflictingEnd { first: u32, other: u32, frame: u64 },
    /// A fragment (`frame`) runs to `end`, past the end the last fragment set; cut there.
    PastEnd {
        end: u32,
        datagram_end: u32,
        frame: u64,
    },
    /// This fragment would make the datagram longer than 65,535 bytes (`end` counts the
    /// header in front): dropped, as RFC 8200 and every stack drop it (ping of death).
    PastMax { end: u32 },
    /// The datagram reached more than `max` fragments: given up.
    TooManyFragments { max: usize },
    /// The capture cut this fragment short: its datagram cannot be reassembled.
    CutShort,
}

/// What became of a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FragmentFate {
    /// Kept until its datagram completes.
    Held,
    /// It completed its datagram, whose payload is [`Defragmenter::payload`].
    Completed(Reassembled),
    /// Not kept (see the findings).
    Dropped,
}

/// A datagram put back together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassembled {
    /// Frames that carried its fragments, in arrival order (this one last).
    pub frames: Vec<u64>,
    /// Payload bytes (after the IP header, or IPv6's Fragment header).
    pub len: u32,
    /// The payload's protocol.
    pub proto: u8,
}

/// What reassembly says about one fragment's frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefragNote {
    pub fate: FragmentFate,
    pub findings: ArrayVec<DefragFinding, MAX_FINDINGS>,
}

/// Why a datagram was given up before it completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUp {
    /// Its time ran out (capture time since its first fragment).
    Timeout { secs: i64 },
    /// The table was full (datagrams or bytes): it was the oldest.
    TableFull,
    /// The input ended.
    EndOfInput,
}

/// A datagram that never completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    pub key: FragKey,
    pub frames: Vec<u64>,
    /// Fragment data bytes held (duplicates counted).
    pub held: usize,
    /// The payload's length, when its last fragment came.
    pub end: Option<u32>,
    pub why: GiveUp,
}

/// The table of datagrams being reassembled.
#[derive(Debug, Default)]
pub struct Defragmenter {
    limits: DefragLimits,
    table: HashMap<FragKey, Datagram>,
    /// Keys oldest first, with the serial of the datagram they were queued for (a key whose
    /// datagram completed, or was replaced, is skipped when it comes to the front).
    age: VecDeque<(FragKey, u64)>,
    next_serial: u64,
    bytes_held: usize,
    /// The payload of the last datagram completed (reused from one to the next).
    payload: Vec<u8>,
    given_up: Vec<Incomplete>,
}

impl Defragmenter {
    pub fn new(limits: DefragLimits) -> Defragmenter {
        Defragmenter {
            limits,
            ..Defragmenter::default()
        }
    }

    /// Datagrams held now.
    pub fn held(&self) -> usize {
        self.table.len()
    }

    /// Fragment data bytes held now.
    pub fn bytes_held(&self) -> usize {
        self.bytes_held
    }

    /// The payload of the datagram the last [`FragmentFate::Completed`] completed.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Takes one fragment, seen in `frame` at `ts`.
    pub fn add(
        &mut self,
        frame: u64,
        ts: Timestamp,
        key: FragKey,
        f: &IpFragment<'_>,
    ) -> DefragNote {
        self.expire(ts);
        let mut findings = ArrayVec::new();
        let len = u32::try_from(f.data.len()).unwrap_or(u32::MAX);
        let end = u32::from(f.offset).saturating_add(len);
        let dropped = |findings, finding| {
            let mut list: ArrayVec<DefragFinding, MAX_FINDINGS> = findings;
            let _ = list.try_push(finding);
            DefragNote {
                fate: FragmentFate::Dropped,
                findings: list,
            }
        };
        if !f.is_whole() {
            return dropped(findings, DefragFinding::CutShort);
        }
        let with_header = end.saturating_add(u32::from(f.overhead));
        if with_header > MAX_DATAGRAM {
            return dropped(findings, DefragFinding::PastMax { end: with_header });
        }
        self.make_room(key, f.data.len());
        let max = self.limits.max_fragments;
        let datagram = self.datagram(key, f.proto, ts);
        if datagram.fragments() >= max {
            self.discard(key);
            return dropped(findings, DefragFinding::TooManyFragments { max });
        }
        let before = datagram.findings.len();
        datagram.add(frame, u32::from(f.offset), f.more, f.data);
        findings.extend(datagram.findings.iter().skip(before).copied());
        self.bytes_held = self.bytes_held.saturating_add(f.data.len());
        self.finish_if_complete(key, findings)
    }

    /// The datagram filed under `key`, a new one if there is none.
    fn datagram(&mut self, key: FragKey, proto: u8, ts: Timestamp) -> &mut Datagram {
        let serial = self.next_serial;
        let datagram = self
            .table
            .entry(key)
            .or_insert_with(|| Datagram::new(proto, ts, serial));
        if datagram.serial == serial {
            self.next_serial += 1;
            self.age.push_back((key, serial));
        }
        datagram
    }

    /// Gives up the oldest datagrams until one more of `bytes` fits under the caps.
    fn make_room(&mut self, key: FragKey, bytes: usize) {
        let new = !self.table.contains_key(&key);
        while !self.table.is_empty()
            && (self.bytes_held.saturating_add(bytes) > self.limits.max_bytes
                || (new && self.table.len() >= self.limits.max_datagrams))
        {
            let Some((oldest, serial)) = self.age.pop_front() else {
                break;
            };
            if self.table.get(&oldest).is_some_and(|d| d.serial == serial) {
                self.give_up(oldest, GiveUp::TableFull);
            }
        }
    }

    fn finish_if_complete(
        &mut self,
        key: FragKey,
        mut findings: ArrayVec<DefragFinding, MAX_FINDINGS>,
    ) -> DefragNote {
        let complete = self.table.get(&key).is_some_and(Datagram::is_complete);
        let done = if complete {
            self.table.remove(&key)
        } else {
            None
        };
        let fate = match done {
            Some(datagram) => {
                self.bytes_held = self.bytes_held.saturating_sub(datagram.held());
                datagram.assemble(&mut self.payload, &mut findings);
                FragmentFate::Completed(Reassembled {
                    frames: datagram.frames(),
                    len: u32::try_from(self.payload.len()).unwrap_or(u32::MAX),
                    proto: datagram.proto,
                })
            }
            None => FragmentFate::Held,
        };
        self.trim_age();
        DefragNote { fate, findings }
    }

    /// Gives up the datagrams whose time ran out at `now`, oldest first. One queue serves
    /// both versions, so an IPv4 datagram queued behind an IPv6 one that may still wait can
    /// be held up to the IPv6 timeout: later, never unbounded.
    pub fn expire(&mut self, now: Timestamp) {
        while let Some(&(key, serial)) = self.age.front() {
            let Some(d) = self.table.get(&key).filter(|d| d.serial == serial) else {
                self.age.pop_front();
                continue;
            };
            let secs = if key.is_v6() {
                self.limits.timeout_v6
            } else {
                self.limits.timeout_v4
            };
            if now.secs.saturating_sub(d.first_ts.secs) < secs {
                break;
            }
            self.age.pop_front();
            self.give_up(key, GiveUp::Timeout { secs });
        }
    }

    /// Drops the queue's stale entries when they outnumber the datagrams, so that the
    /// queue stays bounded however many datagrams complete behind a long-waiting one.
    fn trim_age(&mut self) {
        if self.age.len() > 2 * self.table.len() + 64 {
            let table = &self.table;
            self.age
                .retain(|(k, s)| table.get(k).is_some_and(|d| d.serial == *s));
        }
    }

    /// Forgets a datagram (its fragments' frames carry the finding that says why).
    fn discard(&mut self, key: FragKey) -> Option<Datagram> {
        let d = self.table.remove(&key)?;
        self.bytes_held = self.bytes_held.saturating_sub(d.held());
        Some(d)
    }

    fn give_up(&mut self, key: FragKey, why: GiveUp) {
        if let Some(d) = self.discard(key) {
            self.given_up.push(Incomplete {
                key,
                frames: d.frames(),
                held: d.held(),
                end: d.end(),
                why,
            });
        }
    }

    /// Datagrams given up since the last call, oldest first.
    pub fn take_given_up(&mut self) -> Vec<Incomplete> {
        std::mem::take(&mut self.given_up)
    }

    /// Whether any datagram waits to be reported.
    pub fn has_given_up(&self) -> bool {
        !self.given_up.is_empty()
    }

    /// Gives up every datagram still held (the input ended), oldest first.
    pub fn finish(&mut self) -> Vec<Incomplete> {
        while let Some((key, serial)) = self.age.pop_front() {
            if self.table.get(&key).is_some_and(|d| d.serial == serial) {
                self.give_up(key, GiveUp::EndOfInput);
            }
        }
        self.table.clear();
        self.bytes_held = 0;
        self.take_given_up()
    }
}

#[cfg(test)]
mod tests;
