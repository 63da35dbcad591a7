//! Where each part of a screen goes for a terminal size. Pure, so that the app uses the same
//! rectangles for mouse clicks and scrolling as the widgets use to draw.

use ratatui::layout::{Constraint, Layout, Rect};

/// Both lower panes side by side from this size on; below it they share one tabbed pane.
pub const WIDE: (u16, u16) = (120, 36);

/// The conversation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListAreas {
    pub title: Rect,
    /// The bordered table; its first inner line holds the column names.
    pub table: Rect,
    pub footer: Rect,
}

/// The ladder screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderAreas {
    pub title: Rect,
    /// The bordered ladder; its first inner line names the endpoints.
    pub ladder: Rect,
    pub explanation: Option<Rect>,
    pub packet: Option<Rect>,
    /// Whether both panes are shown (otherwise Tab switches which one).
    pub wide: bool,
    pub footer: Rect,
}

pub fn list(area: Rect) -> ListAreas {
    let [title, table, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    ListAreas {
        title,
        table,
        footer,
    }
}

pub fn ladder(area: Rect, packet_pane: bool) -> LadderAreas {
    let wide = area.width >= WIDE.0 && area.height >= WIDE.1;
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(1),
    ])
    .areas(area);
    let [ladder, lower] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    let (explanation, packet) = if wide {
        let [e, p] = Layout::horizontal([Constraint::Min(40), Constraint::Length(76)]).areas(lower);
        (Some(e), Some(p))
    } else if packet_pane {
        (None, Some(lower))
    } else {
        (Some(lower), None)
    };
    LadderAreas {
        title,
        ladder,
        explanation,
        packet,
        wide,
        footer,
    }
}

/// The packet list: the frames above, the selected one's packet pane below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketsAreas {
    pub title: Rect,
    /// The bordered list; its first inner line holds the column names.
    pub list: Rect,
    pub packet: Rect,
    pub footer: Rect,
}

pub fn packets(area: Rect) -> PacketsAreas {
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(1),
    ])
    .areas(area);
    let [list, packet] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    PacketsAreas {
        title,
        list,
        packet,
        footer,
    }
}

/// The packet pane's inside: the field tree and the hex dump, and how many bytes a hex line
/// holds. Stacked when there is height for both, side by side otherwise.
pub fn packet(pane: Rect) -> (Rect, Rect, usize) {
    let inner = Rect {
        x: pane.x.saturating_add(1),
        y: pane.y.saturating_add(1),
        width: pane.width.saturating_sub(2),
        height: pane.height.saturating_sub(2),
    };
    let (tree, hex) = if inner.height >= 14 {
        let [t, h] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(inner);
        (t, h)
    } else {
        let [t, h] = Layout::horizontal([Constraint::Min(20), Constraint::Length(40)])
            .spacing(1)
            .areas(inner);
        (t, h)
    };
    // "0000  " + 3 per byte + " " + 1 per byte.
    const SIXTEEN: u16 = 6 + 16 * 3 + 1 + 16;
    let per_line = if hex.width >= SIXTEEN { 16 } else { 8 };
    (tree, hex, per_line)
}

/// Lines of a bordered box that hold content (without the border and a header line).
pub fn body_lines(r: Rect, header: u16) -> usize {
    usize::from(r.height.saturating_sub(2 + header))
}

/// Whether (x, y) is inside `r`.
pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x.saturating_add(r.width) && y >= r.y && y < r.y.saturating_add(r.height)
}
