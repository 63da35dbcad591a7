//! The packet list's event filter (`o`), as `read --only` filters the packet lines: it
//! cycles through handshake/teardown steps, findings, TCP, UDP, ICMP, ARP, and all. A frame's
//! protocol comes from its bytes; its step and findings from its conversation's row.

use super::app::App;
use super::model::{FrameEntry, Row, RowKind};
use crate::decode::{Net, Transport, decode};
use crate::render::OnlyKind;

/// The filter after `current`: the next kind, and after the last, none.
pub fn next(current: Option<OnlyKind>) -> Option<OnlyKind> {
    let all = OnlyKind::ALL;
    match current {
        None => all.first().copied(),
        Some(k) => all
            .iter()
            .position(|a| *a == k)
            .and_then(|i| all.get(i + 1))
            .copied(),
    }
}

impl App {
    /// Whether the packet list's filter keeps `entry` (every frame without a filter).
    pub fn keeps(&self, entry: &FrameEntry) -> bool {
        let Some(kind) = self.packets.only else {
            return true;
        };
        match kind {
            OnlyKind::Steps => self
                .row_of(entry.frame)
                .is_some_and(|r| r.tcp().is_some_and(|t| t.step.is_some())),
            OnlyKind::Findings => {
                let finding = self.row_of(entry.frame).is_some_and(|r| match &r.kind {
                    RowKind::Tcp(t) => t.analysis.is_some(),
                    RowKind::IcmpError { .. } => true,
                    _ => false,
                });
                finding || self.bytes_say(entry, |p| !p.issues.is_empty())
            }
            OnlyKind::Tcp => {
                self.bytes_say(entry, |p| matches!(p.transport, Some(Transport::Tcp(_))))
            }
            OnlyKind::Udp => {
                self.bytes_say(entry, |p| matches!(p.transport, Some(Transport::Udp(_))))
            }
            OnlyKind::Icmp => {
                self.bytes_say(entry, |p| matches!(p.transport, Some(Transport::Icmp(_))))
            }
            OnlyKind::Arp => self.bytes_say(entry, |p| matches!(p.net, Some(Net::Arp(_)))),
        }
    }

    fn bytes_say(
        &self,
        entry: &FrameEntry,
        test: impl Fn(&crate::decode::Packet<'_>) -> bool,
    ) -> bool {
        let Ok(bytes) = self.store.read_at(entry.at, entry.caplen) else {
            return false;
        };
        let mut packet = decode(entry.link_type, &bytes, entry.len);
        crate::decode::checksum::check(&mut packet, &bytes);
        test(&packet)
    }

    /// The row of frame `n` in its conversation, if one holds it.
    fn row_of(&self, n: u64) -> Option<Row> {
        self.convs.iter().find_map(|v| {
            let (mut lo, mut hi) = (0, v.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                match v.row(mid) {
                    Some(r) if r.frame < n => lo = mid + 1,
                    Some(r) if r.frame == n => return Some(r),
                    _ => hi = mid,
                }
            }
            None
        })
    }

    /// The index of the `steps`-th frame the filter keeps from `from` (forward when `steps`
    /// is positive), stopping at the last one kept on the way.
    pub(super) fn kept_from(&self, from: usize, steps: isize) -> usize {
        let mut at = from;
        let mut left = steps.unsigned_abs();
        let mut i = from;
        while left > 0 {
            let next = if steps > 0 {
                i.checked_add(1)
            } else {
                i.checked_sub(1)
            };
            let Some(entry) = next.and_then(|n| self.frames.get(n)) else {
                break;
            };
            i = next.unwrap_or(i);
            if self.keeps(entry) {
                at = i;
                left -= 1;
            }
        }
        at
    }

    /// Cycles the filter (`o`) and puts the selection on a frame it keeps: the selected one,
    /// else the next, else the one before.
    pub(super) fn cycle_only(&mut self) {
        self.packets.only = next(self.packets.only);
        let s = self.packets.selected;
        let kept = |app: &App, i: usize| app.frames.get(i).is_some_and(|e| app.keeps(e));
        if !kept(self, s) {
            let after = self.kept_from(s, 1);
            self.packets.selected = if after != s {
                after
            } else {
                self.kept_from(s, -1)
            };
        }
        // From the first frame: the list scrolls down to the selection as far as it must.
        self.packets.top = 0;
    }

    /// The frames the list shows from `top`, at most `rows` of them.
    pub(super) fn kept_lines(&self, top: usize, rows: usize) -> Vec<usize> {
        (top..self.frames.len())
            .filter(|i| self.frames.get(*i).is_some_and(|e| self.keeps(e)))
            .take(rows)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_cycles_through_every_kind_and_back_to_none() {
        let mut k = None;
        let mut seen = Vec::new();
        for _ in 0..OnlyKind::ALL.len() {
            k = next(k);
            seen.push(k.expect("a kind"));
        }
        assert_eq!(seen, OnlyKind::ALL);
        assert_eq!(next(k), None);
    }
}
