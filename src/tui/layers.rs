//! The `L` pane's content: the ladder's current packet as its layers (`annotate::layers`),
//! from the bytes the packet pane already read and what its row says about tracking.

use super::app::{App, Screen};
use super::model::Row;
use crate::annotate::lang::Lang;
use crate::annotate::layers::sides::{Calls, Sides, Tracked, completes, is_loopback, sides};
use crate::annotate::layers::{Known, LayerRow, nesting, rows};
use crate::decode::layers::Span;
use crate::decode::{Packet, decode};

/// What the pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayersPane {
    pub frame: u64,
    pub rows: Vec<LayerRow>,
    /// `Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes`.
    pub nesting: String,
    /// The sender's out layers and the receiver's in layers, for a packet between two
    /// endpoints wirelab knows (the lab's, `run`'s, a loopback capture's).
    pub sides: Option<Sides>,
    /// The frame's captured bytes, for the hex dump coloured by layer.
    pub bytes: Vec<u8>,
}

/// The layers of the ladder's current packet, or in the packet list of its selected frame;
/// `None` without one or when its bytes could not be read (the packet pane says why).
pub fn current(app: &App) -> Option<LayersPane> {
    if app.screen == Screen::Packets {
        let f = app.frames.get(app.packets.selected)?;
        return pane(app, f.frame, (f.link_type, f.len), None);
    }
    let row = app.current_row()?;
    pane(app, row.frame, (row.link_type, row.len), Some(&row))
}

/// The pane of frame `frame` (its link type and wire length), from the bytes the packet pane
/// read. With the ladder's `row`, the sentences name the sender and the relative numbers; the
/// packet list's frame (any frame, one of no conversation too, such as ARP) has no row, so
/// its sentences name no client or server and a loopback packet's two hosts have no calls.
fn pane(
    app: &App,
    frame: u64,
    (link_type, len): (crate::capture::LinkType, u32),
    row: Option<&Row>,
) -> Option<LayersPane> {
    let view = app.packet.as_ref().filter(|p| p.frame == frame)?;
    if view.error.is_some() {
        return None;
    }
    let packet = decode(link_type, &view.bytes, len);
    let caplen = view.bytes.len();
    let rows = rows(
        app.lang,
        &packet,
        caplen,
        row.map(known).unwrap_or_default(),
    );
    let spans: Vec<Span> = rows.iter().map(|r| r.span).collect();
    let sides = match row {
        Some(row) => sides_of(app.lang, row, &packet, caplen),
        None if is_loopback(&packet) => sides(
            app.lang,
            &packet,
            caplen,
            Tracked::default(),
            Calls::Unknown,
        ),
        None => None,
    };
    Some(LayersPane {
        frame,
        nesting: nesting(app.lang, &spans),
        rows,
        sides,
        bytes: view.bytes.clone(),
    })
}

/// The sender's and the receiver's views of `row`'s packet (its `caplen` bytes decoded as
/// `packet`), when its two endpoints are known: the lab's or `run`'s calls are in the row, or
/// both ends are this host's loopback addresses. The TUI's pane and the report's panel.
pub fn sides_of(lang: Lang, row: &Row, packet: &Packet<'_>, caplen: usize) -> Option<Sides> {
    if row.returned().is_none() && !is_loopback(packet) {
        return None;
    }
    let caused = row.calls().last().map(String::as_str);
    let returned: Vec<&str> = row
        .returned()
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    let calls = match row.returned() {
        Some(_) => Calls::Known {
            caused,
            returned: &returned,
        },
        None => Calls::Unknown,
    };
    sides(lang, packet, caplen, tracked(row), calls)
}

/// What the row knows that the sides' rows use.
fn tracked(row: &Row) -> Tracked {
    Tracked {
        known: known(row),
        completes_handshake: row
            .tcp()
            .is_some_and(|t| completes(t.before[1], t.after[1])),
        retransmitted: crate::annotate::layers::sides::resent(row.analysis()),
    }
}

/// What the row knows: the sender's role and, for TCP, the relative numbers.
fn known(row: &Row) -> Known {
    Known {
        sender: Some(Known::role(row.dir)),
        tcp: row.tcp().map(|t| (t.seq, t.ack)),
    }
}
