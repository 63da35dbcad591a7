//! The `L` pane's content: the ladder's current packet as its layers (`annotate::layers`),
//! from the bytes the packet pane already read and what its row says about tracking.

use super::app::App;
use super::model::Row;
use crate::annotate::layers::{Known, LayerRow, nesting, rows};
use crate::decode::decode;
use crate::decode::layers::Span;

/// What the pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayersPane {
    pub frame: u64,
    pub rows: Vec<LayerRow>,
    /// `Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes`.
    pub nesting: String,
    /// The frame's captured bytes, for the hex dump coloured by layer.
    pub bytes: Vec<u8>,
}

/// The layers of the ladder's current packet; `None` without one or when its bytes could not
/// be read (the packet pane says why).
pub fn current(app: &App) -> Option<LayersPane> {
    let row = app.current_row()?;
    let view = app.packet.as_ref().filter(|p| p.frame == row.frame)?;
    if view.error.is_some() {
        return None;
    }
    let packet = decode(row.link_type, &view.bytes, row.len);
    let rows = rows(app.lang, &packet, view.bytes.len(), known(&row));
    let spans: Vec<Span> = rows.iter().map(|r| r.span).collect();
    Some(LayersPane {
        frame: row.frame,
        nesting: nesting(app.lang, &spans),
        rows,
        bytes: view.bytes.clone(),
    })
}

/// What the row knows: the sender's role and, for TCP, the relative numbers.
fn known(row: &Row) -> Known {
    Known {
        sender: Some(Known::role(row.dir)),
        tcp: row.tcp().map(|t| (t.seq, t.ack)),
    }
}
