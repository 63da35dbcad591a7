//! The TUI's whole state and [`App::update`], the one place it changes. No terminal here:
//! tests drive an `App` with [`Action`]s and look at its fields or render it to a test
//! backend. The only I/O is reading the selected packet's bytes again from the frame store.

use std::path::Path;

use ratatui::layout::Rect;

use super::action::{Action, KeyMode};
use super::explain::RawNumbers;
use super::index::{IndexConfig, IndexError, index_all};
use super::model::{Batch, ConvView, FrameEntry, Progress, Row, RowKind};
use super::packets::PacketListState;
use super::store::FrameStore;
use super::view::layout;
use crate::annotate::fields::{Field, Tracked, fields, preview, reassembled_fields};
use crate::annotate::lang::Lang;
use crate::annotate::text::{self, Encoding};
use crate::decode::{FrameOffsets, Packet, TcpFlags, decode};

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Conversations,
    Ladder,
    /// Every frame, with the selected one's packet pane.
    Packets,
    /// One conversation's bytes in stream order (`f`, [`super::follow`]).
    Follow,
}

/// Which lower pane of the ladder screen has the focus (and, on small terminals, is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Explanation,
    Packet,
}

/// Columns the conversation list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Order of first appearance.
    Id,
    Packets,
    Bytes,
    State,
    ServerPort,
    Duration,
}

impl SortKey {
    /// The catalogue id of the column's name ("first seen", "packets"...).
    pub fn name_id(self) -> &'static str {
        match self {
            SortKey::Id => "tui-sort-first-seen",
            SortKey::Packets => "tui-sort-packets",
            SortKey::Bytes => "tui-sort-bytes",
            SortKey::State => "tui-sort-state",
            SortKey::ServerPort => "tui-sort-server-port",
            SortKey::Duration => "tui-sort-duration",
        }
    }

    fn next(self) -> SortKey {
        match self {
            SortKey::Id => SortKey::Packets,
            SortKey::Packets => SortKey::Bytes,
            SortKey::Bytes => SortKey::State,
            SortKey::State => SortKey::ServerPort,
            SortKey::ServerPort => SortKey::Duration,
            SortKey::Duration => SortKey::Id,
        }
    }
}

/// The conversation list.
#[derive(Debug, Clone)]
pub struct ListState {
    /// Indices into `App::convs` that pass the filter, in sort order.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First position shown.
    pub top: usize,
    pub sort: SortKey,
    pub reverse: bool,
    pub filter: String,
    pub typing: bool,
}

/// The open conversation.
#[derive(Debug, Clone)]
pub struct LadderState {
    /// Conversation id.
    pub conv: u64,
    /// Index into the conversation's rows.
    pub step: usize,
    /// First row shown.
    pub top: usize,
    pub pane: Pane,
    /// Selected line of the packet tree.
    pub field: usize,
    /// Lines the explanation is scrolled by (back to 0 on each step).
    pub scroll: u16,
}

/// The selected packet, read again from the store and decoded into fields.
#[derive(Debug, Clone)]
pub struct PacketView {
    pub frame: u64,
    pub bytes: Vec<u8>,
    pub fields: Vec<Field>,
    pub raw: Option<RawNumbers>,
    /// Why the bytes could not be read.
    pub error: Option<String>,
}

/// Bytes of a frame read for a ladder preview: the longest headers (radiotap, 802.11, IPv6
/// extension headers, TCP options) leave room for more text than a line shows.
const PREVIEW_READ: u32 = 640;

/// The TUI's state.
pub struct App {
    /// The input's name, shown in the title line.
    pub title: String,
    pub convs: Vec<ConvView>,
    pub progress: Progress,
    /// Why the source stopped early.
    pub error: Option<String>,
    pub screen: Screen,
    pub help: bool,
    pub list: ListState,
    pub ladder: LadderState,
    pub packet: Option<PacketView>,
    /// Every frame of the input, for the packet list.
    pub frames: Vec<FrameEntry>,
    pub packets: PacketListState,
    /// The follow pane, kept while the ladder is visited from it (`f` returns to it).
    pub follow: Option<super::follow::FollowPane>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub quit: bool,
    /// Frames come from a live source.
    pub live: bool,
    /// How payload bytes are read as text: the ladder's previews and the packet pane's
    /// payload line (`--encoding`).
    pub encoding: Encoding,
    /// The language of the TUI's words (`--lang`, or the locale).
    pub lang: Lang,
    /// The ladder's lower panes give way to the current packet's layers (`L`).
    pub layers: bool,
    /// The frames that completed an IP datagram, by number: the fragments' frames.
    pub(super) reassembled: std::collections::BTreeMap<u64, crate::defrag::Reassembled>,
    pub(super) store: FrameStore,
    /// Challenge mode (`--quiz`, [`super::quiz`]); boxed: almost always `None`.
    pub quiz: Option<Box<super::quiz::QuizState>>,
}

impl App {
    pub fn new(title: impl Into<String>, store: FrameStore, live: bool) -> App {
        App {
            title: title.into(),
            convs: Vec::new(),
            progress: Progress::default(),
            error: None,
            screen: Screen::Conversations,
            help: false,
            list: ListState {
                visible: Vec::new(),
                selected: 0,
                top: 0,
                sort: SortKey::Id,
                reverse: false,
                filter: String::new(),
                typing: false,
            },
            ladder: LadderState {
                conv: 0,
                step: 0,
                top: 0,
                pane: Pane::Explanation,
                field: 0,
                scroll: 0,
            },
            packet: None,
            frames: Vec::new(),
            packets: PacketListState::default(),
            follow: None,
            size: (80, 24),
            quit: false,
            live,
            encoding: Encoding::Utf8,
            lang: Lang::En,
            layers: false,
            reassembled: std::collections::BTreeMap::new(),
            store,
            quiz: None,
        }
    }

    /// An app with the whole file indexed in this thread (tests, examples).
    pub fn from_file(path: &Path) -> Result<App, IndexError> {
        let batches = index_all(&IndexConfig {
            path: path.to_owned(),
            filter: None,
        })?;
        let store = FrameStore::open(path).map_err(|source| IndexError::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut app = App::new(path.display().to_string(), store, false);
        for b in batches {
            app.update(Action::Ingest(b));
        }
        Ok(app)
    }

    pub fn key_mode(&self) -> KeyMode {
        KeyMode {
            ladder: self.screen == Screen::Ladder,
            packets: self.screen == Screen::Packets,
            follow: self.screen == Screen::Follow,
            typing: self.list.typing || self.packets.prompt.is_some(),
            help: self.help,
        }
    }

    pub(super) fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The open conversation.
    pub fn current(&self) -> Option<&ConvView> {
        self.conv_index(self.ladder.conv)
            .and_then(|i| self.convs.get(i))
    }

    /// The packet at the ladder's current step.
    pub fn current_row(&self) -> Option<Row> {
        self.current()?.row(self.ladder.step)
    }

    /// The first bytes a data packet carried, as a quoted preview at most `columns` wide
    /// (`"你好, wirelab\n"`), read again from the store; empty for a packet without data or
    /// whose bytes cannot be read. Only the rows on screen are asked for, so nothing is kept.
    pub fn data_preview(&self, row: &Row, columns: usize) -> String {
        let carries = match &row.kind {
            RowKind::Tcp(t) => t.payload_len > 0,
            RowKind::Udp { payload_len, .. } => *payload_len > 0,
            _ => false,
        };
        // Headers and a preview's worth of data: a 64 KiB loopback segment is not read whole
        // for one line of text.
        let len = row.caplen.min(PREVIEW_READ);
        let Some(bytes) = carries
            .then(|| self.store.read_at(row.at, len).ok())
            .flatten()
        else {
            return String::new();
        };
        let packet = decode(row.link_type, &bytes, row.len);
        FrameOffsets::of(&packet, bytes.len())
            .payload
            .and_then(|r| bytes.get(r))
            .map_or_else(String::new, |p| text::preview(p, self.encoding, columns))
    }

    /// The conversation selected in the list.
    pub fn selected(&self) -> Option<&ConvView> {
        let i = *self.list.visible.get(self.list.selected)?;
        self.convs.get(i)
    }

    fn conv_index(&self, id: u64) -> Option<usize> {
        self.convs.binary_search_by_key(&id, |v| v.conv.id).ok()
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        let Some(action) = self.quiz_intercept(action) else {
            return;
        };
        self.update_app(action);
        self.quiz_after();
    }

    fn update_app(&mut self, action: Action) {
        if self.screen == Screen::Packets && self.packet_list_update(&action) {
            self.refresh_packets();
            return;
        }
        if self.screen == Screen::Follow && self.follow_update(&action) {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help = !self.help,
            Action::Back => self.back(),
            Action::Open => self.open(),
            Action::Move(d) => match self.screen {
                Screen::Conversations | Screen::Packets => self.select(d),
                Screen::Ladder if self.ladder.pane == Pane::Packet => self.field(d),
                Screen::Ladder => self.step_by(d),
                Screen::Follow => {}
            },
            Action::Page(d) => match self.screen {
                Screen::Conversations | Screen::Packets => {
                    let page = layout::body_lines(layout::list(self.area()).table, 1).max(1);
                    self.select(d * page as isize);
                }
                Screen::Ladder => {
                    let page = layout::body_lines(self.ladder_area(), 1).max(1);
                    self.step_by(d * page as isize);
                }
                Screen::Follow => {}
            },
            Action::First => match self.screen {
                Screen::Conversations | Screen::Packets => self.select(isize::MIN / 2),
                Screen::Ladder => self.step_to(0),
                Screen::Follow => {}
            },
            Action::Last => match self.screen {
                Screen::Conversations | Screen::Packets => self.select(isize::MAX / 2),
                Screen::Ladder => self.step_to(usize::MAX),
                Screen::Follow => {}
            },
            Action::Step(forward) => self.step_by(if forward { 1 } else { -1 }),
            Action::Event(forward) => self.event(forward),
            Action::SwitchPane => {
                self.ladder.pane = match self.ladder.pane {
                    Pane::Explanation => Pane::Packet,
                    Pane::Packet => Pane::Explanation,
                }
            }
            Action::ScrollText(d) => {
                self.ladder.scroll = self.ladder.scroll.saturating_add_signed(d as i16);
            }
            Action::Field(d) => {
                self.ladder.pane = Pane::Packet;
                self.field(d);
            }
            Action::StartFilter => {
                if self.screen == Screen::Conversations {
                    self.list.typing = true;
                }
            }
            Action::FilterChar(c) => {
                self.list.filter.push(c);
                self.refresh_list();
            }
            Action::FilterBackspace => {
                self.list.filter.pop();
                self.refresh_list();
            }
            Action::Sort => {
                self.list.sort = self.list.sort.next();
                self.refresh_list();
            }
            Action::Reverse => {
                self.list.reverse = !self.list.reverse;
                self.refresh_list();
            }
            Action::Resize(w, h) => self.size = (w, h),
            Action::Click(x, y) => self.click(x, y),
            Action::Scroll(x, y, d) => self.scroll(x, y, d),
            Action::Ingest(batch) => self.ingest(batch),
            Action::Packets => self.show_packets(),
            Action::Follow => self.open_follow(),
            Action::Layers => self.layers = !self.layers,
            Action::CycleOnly => {}
            Action::StartGoto(_) | Action::Match(_) | Action::Submit | Action::Quiz(_) => {}
        }
        self.fix_scroll();
        if self.screen == Screen::Packets {
            self.refresh_packets();
        }
    }

    fn back(&mut self) {
        if self.help {
            self.help = false;
        } else if self.list.typing {
            self.list.typing = false;
        } else if self.screen == Screen::Ladder {
            self.screen = Screen::Conversations;
            self.packet = None;
        } else if !self.list.filter.is_empty() {
            self.list.filter.clear();
            self.refresh_list();
        }
    }

    fn open(&mut self) {
        let Some(v) = self.selected() else { return };
        if v.is_empty() {
            return;
        }
        let id = v.conv.id;
        self.open_at(id, 0);
    }

    /// Opens conversation `id` as a ladder at row `step`.
    pub(super) fn open_at(&mut self, id: u64, step: usize) {
        self.screen = Screen::Ladder;
        self.ladder = LadderState {
            conv: id,
            step,
            top: step,
            pane: self.ladder.pane,
            field: 0,
            scroll: 0,
        };
        self.load_packet();
        // Start on the transport header: the fields a student came for.
        if let Some(p) = &self.packet {
            self.ladder.field = p
                .fields
                .iter()
                .position(|f| {
                    f.depth == 0 && (f.text.starts_with("TCP") || f.text.starts_with("UDP"))
                })
                .unwrap_or(0);
        }
    }

    fn select(&mut self, d: isize) {
        let n = self.list.visible.len();
        if n == 0 {
            return;
        }
        self.list.selected = self.list.selected.saturating_add_signed(d).min(n - 1);
    }

    fn step_to(&mut self, step: usize) {
        let Some(n) = self.current().map(ConvView::len) else {
            return;
        };
        let step = step.min(n.saturating_sub(1));
        if step != self.ladder.step || self.packet.is_none() {
            self.ladder.step = step;
            self.load_packet();
        }
    }

    fn step_by(&mut self, d: isize) {
        self.step_to(self.ladder.step.saturating_add_signed(d));
    }

    fn event(&mut self, forward: bool) {
        let Some(v) = self.current() else { return };
        let at = self.ladder.step;
        let is_event = |&i: &usize| v.is_event(i);
        let found = if forward {
            (at + 1..v.len()).find(is_event)
        } else {
            (0..at).rev().find(is_event)
        };
        if let Some(i) = found {
            self.step_to(i);
        }
    }

    fn field(&mut self, d: isize) {
        let n = self.packet.as_ref().map_or(0, |p| p.fields.len());
        if n > 0 {
            self.ladder.field = self.ladder.field.saturating_add_signed(d).min(n - 1);
        }
    }

    /// What tracking knows of `row` (of the open conversation) for the packet pane.
    /// `raw_ack` is its acknowledgement field as sent.
    fn tracked(&self, row: &Row, raw_ack: Option<u32>) -> Tracked {
        let (Some(v), Some(t)) = (self.current(), row.tcp()) else {
            return Tracked::default();
        };
        Tracked {
            window_scale: Some(v.conv.window_scale(row.dir, t.flags)),
            // The tracker's relative ack is raw − base, so the base is raw − relative.
            ack_base: raw_ack
                .filter(|_| t.flags.has(TcpFlags::ACK))
                .map(|raw| raw.wrapping_sub(t.ack)),
        }
    }

    /// Reads the current packet's bytes again and decodes them.
    pub(super) fn load_packet(&mut self) {
        self.ladder.scroll = 0;
        let Some(row) = self.current_row() else {
            self.packet = None;
            return;
        };
        let view = match self.store.read(row.at, row.caplen) {
            Ok(bytes) => {
                let packet = decode(row.link_type, &bytes, row.len);
                // The frame that completed a datagram: its transport layer is the datagram's.
                let redone = self.redo_datagram(row.frame);
                let whole = redone
                    .as_ref()
                    .map(|r| r.with_transport(decode(row.link_type, &bytes, row.len)));
                let raw = whole.as_ref().unwrap_or(&packet).tcp().map(|t| RawNumbers {
                    seq: t.seq,
                    ack: t.ack,
                    window: t.window,
                });
                let tracked = self.tracked(&row, raw.map(|r| r.ack));
                let mut fields = fields(&packet, bytes.len(), row.len, tracked, self.encoding);
                udp_payload_text(&mut fields, &packet, &bytes, self.encoding);
                if let (Some(r), Some(w)) = (&redone, &whole) {
                    fields.extend(reassembled_fields(w, &r.label, tracked, self.encoding));
                }
                PacketView {
                    frame: row.frame,
                    fields,
                    raw,
                    error: None,
                    bytes,
                }
            }
            Err(e) => PacketView {
                frame: row.frame,
                bytes: Vec::new(),
                fields: Vec::new(),
                raw: None,
                error: Some(self.lang.text(
                    "tui-frame-unreadable",
                    &[
                        ("frame", &row.frame.to_string()),
                        ("reason", &e.to_string()),
                    ],
                )),
            },
        };
        self.ladder.field = self.ladder.field.min(view.fields.len().saturating_sub(1));
        self.packet = Some(view);
    }

    fn ingest(&mut self, b: Batch) {
        self.store.append(&b.bytes);
        let ended: Vec<u64> = b
            .convs
            .iter()
            .filter(|(_, e)| *e)
            .map(|(c, _)| c.id)
            .collect();
        for (conv, ended) in b.convs {
            match self.convs.binary_search_by_key(&conv.id, |v| v.conv.id) {
                Ok(i) => {
                    if let Some(v) = self.convs.get_mut(i) {
                        v.update(conv, ended);
                    }
                }
                Err(i) => self.convs.insert(i, ConvView::new(conv, ended)),
            }
        }
        self.frames.extend_from_slice(&b.frames);
        self.reassembled.extend(b.reassembled);
        for (id, row) in b.rows {
            if let Some(v) = self.conv_index(id).and_then(|i| self.convs.get_mut(i)) {
                v.push(row);
            }
        }
        // A reported conversation gets no more rows: give back what its vector over-reserved.
        for id in ended {
            if let Some(v) = self.conv_index(id).and_then(|i| self.convs.get_mut(i)) {
                v.shrink_to_fit();
            }
        }
        let frames = self.progress.frames.max(b.progress.frames);
        self.progress = Progress {
            frames,
            ..b.progress
        };
        if b.error.is_some() {
            self.error = b.error;
        }
        self.refresh_list();
        if self.screen == Screen::Ladder && self.packet.is_none() {
            self.load_packet();
        }
    }

    /// Filters and sorts the list again, keeping the selected conversation selected.
    fn refresh_list(&mut self) {
        let keep = self.selected().map(|v| v.conv.id);
        let terms: Vec<String> = self
            .list
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut visible: Vec<usize> = self
            .convs
            .iter()
            .enumerate()
            .filter(|(_, v)| terms.is_empty() || matches(v, &terms, self.lang))
            .map(|(i, _)| i)
            .collect();
        let convs = &self.convs;
        let key = self.list.sort;
        let state = |c: &super::model::ConvSummary| c.conn_state().code();
        // Ties are broken by id, so the order is total and an unstable sort gives the same.
        visible.sort_unstable_by(|&a, &b| {
            let (a, b) = (&convs[a].conv, &convs[b].conv);
            let ord = match key {
                SortKey::Id => a.id.cmp(&b.id),
                SortKey::Packets => {
                    (b.packets[0] + b.packets[1]).cmp(&(a.packets[0] + a.packets[1]))
                }
                SortKey::Bytes => (b.bytes[0] + b.bytes[1]).cmp(&(a.bytes[0] + a.bytes[1])),
                SortKey::State => state(a).cmp(state(b)),
                SortKey::ServerPort => a.server.port.cmp(&b.server.port),
                SortKey::Duration => b
                    .last_ts
                    .since(b.first_ts)
                    .cmp(&a.last_ts.since(a.first_ts)),
            };
            ord.then(a.id.cmp(&b.id))
        });
        if self.list.reverse {
            visible.reverse();
        }
        self.list.visible = visible;
        self.list.selected = keep
            .and_then(|id| {
                self.list
                    .visible
                    .iter()
                    .position(|&i| self.convs.get(i).is_some_and(|v| v.conv.id == id))
            })
            .unwrap_or(0);
    }

    fn ladder_area(&self) -> Rect {
        layout::ladder(self.area(), self.ladder.pane == Pane::Packet).ladder
    }

    /// Lines the row takes in the ladder: one, plus one for the lab's socket calls and one
    /// for the kernel's states.
    pub fn row_height(row: &Row) -> usize {
        1 + usize::from(!row.calls().is_empty()) + usize::from(row.kernel().is_some())
    }

    /// Keeps the selected conversation and the current step on screen.
    fn fix_scroll(&mut self) {
        let lines = layout::body_lines(layout::list(self.area()).table, 1).max(1);
        let l = &mut self.list;
        if l.selected < l.top {
            l.top = l.selected;
        } else if l.selected >= l.top + lines {
            l.top = l.selected + 1 - lines;
        }
        let lines = layout::body_lines(self.ladder_area(), 1).max(1);
        let (step, top) = (self.ladder.step, self.ladder.top);
        let fitted = self.current().map(|v| {
            let height = |i: usize| v.row(i).map_or(1, |r| App::row_height(&r));
            ladder_top(height, top, step, lines)
        });
        if let Some(top) = fitted {
            self.ladder.top = top;
        }
    }

    fn click(&mut self, x: u16, y: u16) {
        match self.screen {
            // The packet list answers the wheel, not clicks.
            Screen::Packets | Screen::Follow => {}
            Screen::Conversations => {
                let t = layout::list(self.area()).table;
                // Border and the column names come first.
                let first = t.y + 2;
                if layout::contains(t, x, y) && y >= first && y < t.y + t.height - 1 {
                    let pos = self.list.top + usize::from(y - first);
                    if pos < self.list.visible.len() {
                        if pos == self.list.selected {
                            self.open();
                        } else {
                            self.list.selected = pos;
                        }
                    }
                }
            }
            Screen::Ladder => {
                let a = layout::ladder(self.area(), self.ladder.pane == Pane::Packet);
                if layout::contains(a.ladder, x, y) {
                    let first = a.ladder.y + 2;
                    if y < first {
                        return;
                    }
                    let mut line = usize::from(y - first);
                    let Some(v) = self.current() else { return };
                    let mut target = None;
                    for (i, r) in (self.ladder.top..).zip(v.rows_from(self.ladder.top)) {
                        let h = App::row_height(&r);
                        if line < h {
                            target = Some(i);
                            break;
                        }
                        line -= h;
                    }
                    if let Some(i) = target {
                        self.step_to(i);
                    }
                } else if let Some(p) = a.packet.filter(|p| layout::contains(*p, x, y)) {
                    self.ladder.pane = Pane::Packet;
                    let (tree, _, _) = layout::packet(p);
                    if layout::contains(tree, x, y) {
                        let top = tree_top(self.ladder.field, usize::from(tree.height));
                        let i = top + usize::from(y - tree.y);
                        if self.packet.as_ref().is_some_and(|p| i < p.fields.len()) {
                            self.ladder.field = i;
                        }
                    }
                } else if a.explanation.is_some_and(|e| layout::contains(e, x, y)) {
                    self.ladder.pane = Pane::Explanation;
                }
            }
        }
    }

    fn scroll(&mut self, x: u16, y: u16, d: isize) {
        match self.screen {
            Screen::Conversations => self.select(d * 3),
            Screen::Packets => self.select_frame(d * 3),
            Screen::Follow => {}
            Screen::Ladder => {
                let a = layout::ladder(self.area(), self.ladder.pane == Pane::Packet);
                if a.packet.is_some_and(|p| layout::contains(p, x, y)) {
                    self.field(d);
                } else if a.explanation.is_some_and(|e| layout::contains(e, x, y)) {
                    self.update(Action::ScrollText(d));
                } else {
                    self.step_by(d);
                }
            }
        }
    }
}

/// The first ladder row to show so that `step` is on screen in `lines` lines, given that
/// `top` was shown before: `top` itself while the rows from it to the step fit, else the
/// lowest top that makes them fit. It walks up from the step, so it looks at no more than
/// `lines + 1` rows however far the step jumped (`G` on a million packets included);
/// `height(i)` is the lines row `i` takes.
pub fn ladder_top(height: impl Fn(usize) -> usize, top: usize, step: usize, lines: usize) -> usize {
    if step <= top {
        return step;
    }
    let mut first = step;
    let mut used = height(step);
    while first > top {
        let h = height(first - 1);
        if used + h > lines {
            break;
        }
        used += h;
        first -= 1;
    }
    first
}

/// First tree line shown so that `field` is visible in `height` lines.
pub fn tree_top(field: usize, height: usize) -> usize {
    (field + 1).saturating_sub(height.max(1))
}

/// Whether every term appears in the conversation's addresses, ports, state, service or
/// handshake verdict (in English, and as the list shows it in `lang`: `/完整`).
fn matches(v: &ConvView, terms: &[String], lang: Lang) -> bool {
    let c = &v.conv;
    let service = crate::annotate::port::Transport::of(c.proto)
        .and_then(|t| crate::annotate::port::service(c.server.port, t))
        .unwrap_or("");
    let hay = format!(
        "{} {} {} {} {} {} {} {}",
        c.proto.name(),
        c.client,
        c.server,
        c.conn_state(),
        c.history(),
        service,
        crate::annotate::verdict::handshake(c.handshake_verdict()),
        crate::annotate::verdict::handshake_cell(lang, c.handshake_verdict()),
    )
    .to_lowercase();
    terms.iter().all(|t| hay.contains(t.as_str()))
}

/// The field tree has no bytes to read a UDP payload from (the decoder keeps only its
/// length); the packet pane adds its text to the payload line, as TCP's has.
fn udp_payload_text(fields: &mut [Field], packet: &Packet<'_>, bytes: &[u8], encoding: Encoding) {
    if packet.udp().is_none() {
        return;
    }
    let payload = FrameOffsets::of(packet, bytes.len())
        .payload
        .and_then(|r| bytes.get(r));
    let line = fields
        .iter_mut()
        .rev()
        .find(|f| f.depth == 0 && f.text.starts_with("payload:"));
    if let (Some(payload), Some(line)) = (payload, line) {
        line.text.push_str(&preview(payload, encoding));
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::ladder_top;

    #[test]
    fn last_step_of_a_million_packets_looks_at_one_screen_of_rows() {
        let visited = Cell::new(0usize);
        let height = |_: usize| {
            visited.set(visited.get() + 1);
            1
        };
        let top = ladder_top(height, 0, 999_999, 20);
        assert_eq!(top, 999_980, "the last step is on the screen's last line");
        assert!(visited.get() <= 21, "{} rows visited", visited.get());
    }

    #[test]
    fn ladder_top_stays_while_the_step_fits_and_follows_it_up_and_down() {
        let one = |_: usize| 1;
        assert_eq!(ladder_top(one, 10, 15, 20), 10);
        assert_eq!(ladder_top(one, 10, 29, 20), 10);
        assert_eq!(ladder_top(one, 10, 30, 20), 11);
        assert_eq!(ladder_top(one, 10, 3, 20), 3);
        // Rows with socket calls take two lines: fewer of them fit.
        let two = |_: usize| 2;
        assert_eq!(ladder_top(two, 0, 99, 20), 90);
        // A row taller than the screen still shows from its top.
        assert_eq!(ladder_top(|_| 3, 0, 5, 2), 5);
    }
}
