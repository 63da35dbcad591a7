//! The follow pane (`f`): one conversation's bytes in stream order, both sides' turns
//! marked, as `wirelab read FILE --follow ID` shows them, with each chunk's frame so that
//! `Enter` goes to the packet that carried it.
//!
//! Computed on demand, not while indexing: the conversation's rows say where each of its
//! frames lies in the store, so the frames are read again (from the file, or from the live
//! store) and handed to the same reassembly `read --follow` runs
//! ([`crate::reassemble::Follow`]); text is decoded by `render::follow`'s functions. Memory
//! is bounded: the pane keeps at most [`MAX_KEPT`] bytes of the stream and stops reading
//! frames once it has them, saying so in its title. Never panics on any frame.

use unicode_width::UnicodeWidthChar;

use super::action::Action;
use super::app::{App, Screen};
use super::model::RowKind;
use crate::decode::decode;
use crate::reassemble::{Follow, StreamEvent};
use crate::render::follow::{cut_char_len, gap_words, overlap_words, printable, turn_mark};
use crate::track::Role;

/// Most bytes of the stream (both sides) the pane keeps; past it, the rest is left to
/// `wirelab read FILE --follow ID`.
pub const MAX_KEPT: usize = 1 << 20;

/// Columns the server's lines are indented by (`read --follow` uses a tab).
pub const SERVER_INDENT: usize = 4;

/// One piece of the stream as the pane keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Bytes of one side, as text; `frame` carried the first of them.
    Chunk {
        from: Role,
        seq: u64,
        frame: u64,
        text: String,
    },
    /// A gap or an overlap, in the words of `read --follow`.
    Note { from: Role, seq: u64, text: String },
}

impl Item {
    pub fn from(&self) -> Role {
        match self {
            Item::Chunk { from, .. } | Item::Note { from, .. } => *from,
        }
    }

    fn seq(&self) -> u64 {
        match self {
            Item::Chunk { seq, .. } | Item::Note { seq, .. } => *seq,
        }
    }

    /// The frame that carried the chunk (a note has none).
    pub fn frame(&self) -> Option<u64> {
        match self {
            Item::Chunk { frame, .. } => Some(*frame),
            Item::Note { .. } => None,
        }
    }
}

/// What a line of the pane is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// `client (seq 1):`, where a side's turn starts.
    Mark,
    Text,
    Note,
}

/// One screen line, laid out for the pane's width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneLine {
    pub side: Role,
    pub kind: LineKind,
    /// The item the line belongs to (a mark: the first item of its turn).
    pub item: usize,
    /// The frame of a chunk whose first byte is on this line, shown in the margin.
    pub starts: Option<u64>,
    pub text: String,
}

/// The follow pane's state.
#[derive(Debug, Clone)]
pub struct FollowPane {
    pub conv: u64,
    pub items: Vec<Item>,
    pub lines: Vec<PaneLine>,
    /// The line each item starts on.
    pub item_line: Vec<usize>,
    /// The width the lines were laid out for.
    pub width: usize,
    /// The line the cursor is on, and the first line shown.
    pub cursor: usize,
    pub top: usize,
    /// Bytes of the stream kept, and whether [`MAX_KEPT`] stopped the reading.
    pub kept: usize,
    pub cut: bool,
    /// Rows of the conversation when it was computed (a live one may grow).
    pub rows: usize,
    /// The screen `Esc` goes back to.
    pub from: Screen,
    /// Why the pane is incomplete, or what the last key could not do.
    pub message: Option<String>,
}

/// Turns the reassembly's events into [`Item`]s: each side's chunks decoded as text, a
/// UTF-8 character cut between two chunks of a turn joined, at most [`MAX_KEPT`] bytes.
#[derive(Debug, Default)]
pub struct ItemCollector {
    pub items: Vec<Item>,
    pub kept: usize,
    pub cut: bool,
    turn: Option<Role>,
    pending: Vec<u8>,
}

impl ItemCollector {
    pub fn event(&mut self, event: &StreamEvent) {
        match event {
            StreamEvent::Start { .. } => {}
            StreamEvent::Data {
                from,
                seq,
                bytes,
                frame,
                ..
            } => self.data(*from, *seq, *frame, bytes),
            StreamEvent::Gap { from, seq, len, .. } => self.note(*from, *seq, gap_words(*len)),
            StreamEvent::Overlap { from, seq, len, .. } => {
                self.note(*from, *seq, overlap_words(*seq, *len));
            }
        }
    }

    fn data(&mut self, from: Role, seq: u64, frame: u64, bytes: &[u8]) {
        let room = MAX_KEPT.saturating_sub(self.kept);
        if room == 0 {
            self.cut = true;
            return;
        }
        let bytes = bytes.get(..room).unwrap_or(bytes);
        if bytes.len() == room {
            self.cut = true;
        }
        self.turn_to(from);
        let mut joined = std::mem::take(&mut self.pending);
        joined.extend_from_slice(bytes);
        let keep = cut_char_len(&joined);
        let (now, later) = joined.split_at(joined.len() - keep);
        self.pending = later.to_vec();
        self.kept += bytes.len();
        self.items.push(Item::Chunk {
            from,
            seq,
            frame,
            text: printable(now),
        });
    }

    fn note(&mut self, from: Role, seq: u64, text: String) {
        if self.cut {
            return;
        }
        self.turn_to(from);
        self.flush_pending();
        self.items.push(Item::Note { from, seq, text });
    }

    /// A new turn: a character cut at the end of the last one is shown as `.`s.
    fn turn_to(&mut self, side: Role) {
        if self.turn != Some(side) {
            self.flush_pending();
            self.turn = Some(side);
        }
    }

    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let dots = ".".repeat(self.pending.len());
        self.pending.clear();
        if let Some(Item::Chunk { text, .. }) = self.items.last_mut() {
            text.push_str(&dots);
        }
    }

    /// The end of the stream.
    pub fn finish(&mut self) {
        self.flush_pending();
    }
}

/// Lays `items` out in lines of at most `width` columns: a mark where a side's turn
/// starts, the server's lines indented, long lines wrapped (wide characters take two
/// columns), a margin of `margin` columns for the frame numbers. Returns the lines and the
/// line each item starts on.
pub fn layout(items: &[Item], width: usize, margin: usize) -> (Vec<PaneLine>, Vec<usize>) {
    let mut lines: Vec<PaneLine> = Vec::new();
    let mut item_line = Vec::with_capacity(items.len());
    let mut turn = None;
    // Whether the last line is a text line that the next chunk continues.
    let mut open = false;
    for (i, item) in items.iter().enumerate() {
        let side = item.from();
        let room = width.saturating_sub(margin + indent(side)).max(2);
        if turn != Some(side) {
            turn = Some(side);
            open = false;
            lines.push(line(side, LineKind::Mark, i, turn_mark(side, item.seq())));
        }
        match item {
            Item::Note { text, .. } => {
                item_line.push(lines.len());
                lines.push(line(side, LineKind::Note, i, text.clone()));
                open = false;
            }
            Item::Chunk { frame, text, .. } => {
                item_line.push(if open {
                    lines.len().saturating_sub(1)
                } else {
                    lines.len()
                });
                let mut starts = Some(*frame);
                let pieces: Vec<&str> = text.split('\n').collect();
                let n = pieces.len();
                for (k, piece) in pieces.into_iter().enumerate() {
                    if k > 0 {
                        // A newline ended the line before.
                        open = false;
                    }
                    // Nothing to add: a newline first only ends the open line, a newline
                    // last starts no line of its own, a chunk of no text (a character cut)
                    // shows nothing.
                    let nothing = text.is_empty() || (k == 0 && open) || (k > 0 && k + 1 == n);
                    if piece.is_empty() && nothing {
                        continue;
                    }
                    append(&mut lines, &mut open, (side, i, room), piece, &mut starts);
                }
            }
        }
    }
    (lines, item_line)
}

fn indent(side: Role) -> usize {
    match side {
        Role::Client => 0,
        Role::Server => SERVER_INDENT,
    }
}

fn line(side: Role, kind: LineKind, item: usize, text: String) -> PaneLine {
    PaneLine {
        side,
        kind,
        item,
        starts: None,
        text,
    }
}

/// Adds `piece` (no newline in it) to the open line or to new ones, wrapping at `room`
/// columns. The first line it lands on gets the chunk's frame in its margin.
fn append(
    lines: &mut Vec<PaneLine>,
    open: &mut bool,
    (side, item, room): (Role, usize, usize),
    piece: &str,
    starts: &mut Option<u64>,
) {
    let mut used = if *open {
        lines.last().map_or(0, |l| text_width(&l.text))
    } else {
        0
    };
    if !*open {
        lines.push(line(side, LineKind::Text, item, String::new()));
        *open = true;
    }
    if let Some(last) = lines.last_mut()
        && last.starts.is_none()
    {
        last.starts = starts.take();
    }
    for c in piece.chars() {
        // A tab is laid out as spaces: a terminal cell holds one column.
        let (c, w) = if c == '\t' {
            (' ', 1)
        } else {
            (c, c.width().unwrap_or(0))
        };
        if used + w > room && used > 0 {
            lines.push(line(side, LineKind::Text, item, String::new()));
            used = 0;
        }
        if let Some(last) = lines.last_mut() {
            last.text.push(c);
        }
        used += w;
    }
}

/// Columns `s` takes on a terminal.
pub fn text_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 1 } else { c.width().unwrap_or(0) })
        .sum()
}

/// Columns of the left margin: the cursor's mark, the widest frame number, a space.
pub fn margin(items: &[Item]) -> usize {
    let widest = items.iter().filter_map(Item::frame).max().unwrap_or(0);
    widest.to_string().len() + 2
}

impl FollowPane {
    /// The pane's lines laid out again for `width` (the terminal was resized), the cursor
    /// kept on the item it was on.
    pub fn relayout(&mut self, width: usize) {
        if width == self.width && !self.lines.is_empty() {
            return;
        }
        let item = self.lines.get(self.cursor).map(|l| l.item);
        let (lines, item_line) = layout(&self.items, width, margin(&self.items));
        self.lines = lines;
        self.item_line = item_line;
        self.width = width;
        self.cursor = item
            .and_then(|i| self.item_line.get(i).copied())
            .unwrap_or(0)
            .min(self.lines.len().saturating_sub(1));
    }

    /// Puts the cursor on the chunk `frame` carried, or else on the last chunk before it
    /// (a packet that carried no new byte: an ACK, a retransmission).
    pub fn go_to_frame(&mut self, frame: u64) {
        let exact = self.items.iter().position(|i| i.frame() == Some(frame));
        let before = || {
            self.items
                .iter()
                .rposition(|i| i.frame().is_some_and(|f| f < frame))
        };
        if let Some(line) = exact.or_else(before).and_then(|i| self.item_line.get(i)) {
            self.cursor = *line;
        }
    }

    /// Moves the cursor by `d` lines and keeps it among the `lines` shown.
    pub fn move_by(&mut self, d: isize, shown: usize) {
        let last = self.lines.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(d).min(last);
        self.fit(shown);
    }

    /// Keeps the cursor on screen.
    pub fn fit(&mut self, shown: usize) {
        let shown = shown.max(1);
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + shown {
            self.top = self.cursor + 1 - shown;
        }
    }

    /// The frame that carried the bytes on the cursor's line.
    pub fn cursor_frame(&self) -> Option<u64> {
        let line = self.lines.get(self.cursor)?;
        line.starts
            .or_else(|| self.items.get(line.item).and_then(Item::frame))
    }
}

impl App {
    /// `f`: the follow pane of the conversation selected in the list or open in the ladder,
    /// computed again unless it is the one shown last and has not grown since.
    pub(super) fn open_follow(&mut self) {
        let from = self.screen;
        let (id, frame) = match from {
            Screen::Ladder => (self.ladder.conv, self.current_row().map(|r| r.frame)),
            Screen::Conversations => match self.selected() {
                Some(v) => (v.conv.id, None),
                None => return,
            },
            Screen::Packets | Screen::Follow => return,
        };
        let rows = self.convs_rows(id);
        let fresh = self
            .follow
            .as_ref()
            .is_some_and(|p| p.conv == id && p.rows == rows);
        if !fresh {
            self.follow = Some(self.compute_follow(id));
        }
        let width = usize::from(self.size.0.saturating_sub(2));
        let shown = super::view::follow_lines(self.area());
        if let Some(p) = self.follow.as_mut() {
            p.from = from;
            p.relayout(width);
            if let Some(f) = frame {
                p.go_to_frame(f);
            }
            p.fit(shown);
        }
        self.screen = Screen::Follow;
    }

    fn convs_rows(&self, id: u64) -> usize {
        self.convs
            .binary_search_by_key(&id, |v| v.conv.id)
            .ok()
            .and_then(|i| self.convs.get(i))
            .map_or(0, |v| v.len())
    }

    /// Reads the conversation's frames again and reassembles them, up to [`MAX_KEPT`].
    fn compute_follow(&mut self, id: u64) -> FollowPane {
        let mut collector = ItemCollector::default();
        let mut follow = Follow::new(id);
        let mut events = Vec::new();
        let mut message = None;
        let index = self.convs.binary_search_by_key(&id, |v| v.conv.id).ok();
        let view = index.and_then(|i| self.convs.get(i));
        let rows = view.map_or(0, |v| v.len());
        for row in view.into_iter().flat_map(|v| v.rows()) {
            // An ICMP error quotes the conversation; it carries none of its bytes.
            if matches!(row.kind, RowKind::IcmpError { .. }) {
                continue;
            }
            let bytes = match self.store.read(row.at, row.caplen) {
                Ok(b) => b,
                Err(e) => {
                    let (frame, reason) = (row.frame.to_string(), e.to_string());
                    let args = [("frame", frame.as_str()), ("reason", reason.as_str())];
                    message = Some(self.lang.text("tui-frame-unreadable", &args));
                    break;
                }
            };
            let packet = decode(row.link_type, &bytes, row.len);
            follow.packet(row.frame, row.dir.sender(), &packet, &mut events);
            events.drain(..).for_each(|e| collector.event(&e));
            if collector.cut {
                break;
            }
        }
        if !collector.cut {
            follow.finish(&mut events);
            events.drain(..).for_each(|e| collector.event(&e));
        }
        collector.finish();
        FollowPane {
            conv: id,
            items: collector.items,
            lines: Vec::new(),
            item_line: Vec::new(),
            width: 0,
            cursor: 0,
            top: 0,
            kept: collector.kept,
            cut: collector.cut,
            rows,
            from: Screen::Conversations,
            message,
        }
    }

    /// An action on the follow screen; false when it is not the pane's (quit, help,
    /// batches), so [`App::update`] handles it.
    pub(super) fn follow_update(&mut self, action: &Action) -> bool {
        use super::action::Action as A;
        let shown = super::view::follow_lines(self.area());
        let Some(p) = self.follow.as_mut() else {
            self.screen = Screen::Conversations;
            return false;
        };
        match action {
            A::Back if self.help => return false,
            A::Back | A::Follow => self.screen = p.from,
            A::Move(d) => p.move_by(*d, shown),
            A::Scroll(_, _, d) => p.move_by(d * 3, shown),
            A::Page(d) => p.move_by(d * shown as isize, shown),
            A::First => p.move_by(isize::MIN / 2, shown),
            A::Last => p.move_by(isize::MAX / 2, shown),
            A::Resize(w, h) => {
                self.size = (*w, *h);
                let shown = super::view::follow_lines(ratatui::layout::Rect::new(0, 0, *w, *h));
                p.relayout(usize::from(w.saturating_sub(2)));
                p.fit(shown);
            }
            A::Open => self.follow_to_packet(),
            A::Click(..) => {}
            _ => return false,
        }
        true
    }

    /// `Enter`: the ladder at the step of the frame that carried the cursor's chunk.
    fn follow_to_packet(&mut self) {
        let lang = self.lang;
        let Some(p) = self.follow.as_mut() else {
            return;
        };
        let Some(frame) = p.cursor_frame() else {
            p.message = Some(lang.text("tui-follow-no-packet", &[]));
            return;
        };
        p.message = None;
        let id = p.conv;
        if let Some(step) = self.conv_index_of(id).and_then(|v| step_of_frame(v, frame)) {
            self.open_at(id, step);
        }
    }

    pub(super) fn conv_index_of(&self, id: u64) -> Option<&super::model::ConvView> {
        let i = self.convs.binary_search_by_key(&id, |v| v.conv.id).ok()?;
        self.convs.get(i)
    }
}

/// The row of `v` that is frame `frame`: rows are in frame order, so a binary search.
fn step_of_frame(v: &super::model::ConvView, frame: u64) -> Option<usize> {
    let (mut lo, mut hi) = (0, v.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match v.row(mid).map(|r| r.frame) {
            Some(f) if f < frame => lo = mid + 1,
            Some(f) if f == frame => return Some(mid),
            _ => hi = mid,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::Screen;

    fn echo() -> App {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("captures/tcp-echo.pcap");
        App::from_file(&path).expect("the shipped capture indexes")
    }

    fn pane(app: &App) -> &FollowPane {
        app.follow.as_ref().expect("a follow pane")
    }

    fn texts(p: &FollowPane) -> Vec<(LineKind, Role, &str)> {
        p.lines
            .iter()
            .map(|l| (l.kind, l.side, l.text.as_str()))
            .collect()
    }

    #[test]
    fn f_on_the_list_opens_both_sides_turns_with_the_frames_that_carried_them() {
        let mut app = echo();
        app.update(Action::Follow);
        assert_eq!(app.screen, Screen::Follow);
        let p = pane(&app);
        assert_eq!(
            texts(p),
            [
                (LineKind::Mark, Role::Client, "client (seq 1):"),
                (LineKind::Text, Role::Client, "hello, wirelab"),
                (LineKind::Mark, Role::Server, "server (seq 1):"),
                (LineKind::Text, Role::Server, "hello, wirelab"),
            ]
        );
        let starts: Vec<Option<u64>> = p.lines.iter().map(|l| l.starts).collect();
        assert_eq!(starts, [None, Some(4), None, Some(6)]);
        assert_eq!((p.kept, p.cut), (30, false));
        app.update(Action::Back);
        assert_eq!(app.screen, Screen::Conversations, "Esc closes the pane");
    }

    #[test]
    fn the_cursor_moves_by_line_page_first_and_last_and_stays_in_the_pane() {
        let mut app = echo();
        app.update(Action::Follow);
        app.update(Action::Move(1));
        assert_eq!(pane(&app).cursor, 1);
        app.update(Action::Last);
        assert_eq!(pane(&app).cursor, 3);
        app.update(Action::Move(5));
        assert_eq!(pane(&app).cursor, 3, "not past the last line");
        app.update(Action::First);
        assert_eq!(pane(&app).cursor, 0);
        app.update(Action::Page(1));
        assert_eq!(pane(&app).cursor, 3);
        app.update(Action::Page(-1));
        assert_eq!(pane(&app).cursor, 0);
        assert_eq!(app.screen, Screen::Follow);
    }

    #[test]
    fn enter_goes_to_the_packet_and_f_there_comes_back_to_the_chunk() {
        let mut app = echo();
        app.update(Action::Follow);
        app.update(Action::Last);
        app.update(Action::Open);
        assert_eq!(app.screen, Screen::Ladder);
        assert_eq!(
            app.current_row().map(|r| r.frame),
            Some(6),
            "the server's echo"
        );
        assert_eq!(app.packet.as_ref().map(|p| p.frame), Some(6));
        // Up to the client's data segment, and back to the pane: its chunk.
        app.update(Action::Step(false));
        app.update(Action::Step(false));
        assert_eq!(app.current_row().map(|r| r.frame), Some(4));
        app.update(Action::Follow);
        assert_eq!(app.screen, Screen::Follow);
        assert_eq!(pane(&app).cursor, 1, "on the client's chunk");
        // Esc goes back where the pane was opened from: the ladder, still at frame 4.
        app.update(Action::Back);
        assert_eq!(app.screen, Screen::Ladder);
        assert_eq!(app.current_row().map(|r| r.frame), Some(4));
        // A bare ACK carried no new byte: the chunk before it.
        app.update(Action::Step(true));
        app.update(Action::Follow);
        assert_eq!(pane(&app).cursor, 1, "frame 5 is the server's ACK");
    }

    #[test]
    fn enter_on_a_mark_line_goes_to_its_turns_first_chunk() {
        let mut app = echo();
        app.update(Action::Follow);
        app.update(Action::Move(2));
        app.update(Action::Open);
        assert_eq!(app.current_row().map(|r| r.frame), Some(6));
    }

    fn data(from: Role, seq: u64, frame: u64, bytes: &[u8]) -> StreamEvent {
        StreamEvent::Data {
            conn: 1,
            from,
            seq,
            frame,
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn a_character_cut_between_chunks_is_joined_and_a_gap_is_said() {
        let mut c = ItemCollector::default();
        let bytes = "你好\n".as_bytes();
        c.event(&data(
            Role::Client,
            1,
            4,
            bytes.get(..4).unwrap_or_default(),
        ));
        c.event(&data(
            Role::Client,
            5,
            5,
            bytes.get(4..).unwrap_or_default(),
        ));
        c.event(&StreamEvent::Gap {
            conn: 1,
            from: Role::Server,
            seq: 1,
            len: 3,
        });
        c.finish();
        let (lines, item_line) = layout(&c.items, 40, margin(&c.items));
        let shown: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            shown,
            [
                "client (seq 1):",
                "你好",
                "server (seq 1):",
                "[3 bytes not captured]"
            ]
        );
        assert_eq!(
            item_line,
            [1, 1, 3],
            "the second chunk ends the first's line"
        );
    }

    #[test]
    fn wide_characters_wrap_by_columns_not_by_characters() {
        let items = [Item::Chunk {
            from: Role::Client,
            seq: 1,
            frame: 4,
            text: "你好你好你好ab".into(),
        }];
        // Margin 3 ("▶4 "), so 8 columns of text: four wide characters a line.
        let (lines, _) = layout(&items, 11, margin(&items));
        let shown: Vec<&str> = lines.iter().skip(1).map(|l| l.text.as_str()).collect();
        assert_eq!(shown, ["你好你好", "你好ab"]);
        assert!(
            lines
                .iter()
                .filter(|l| l.kind == LineKind::Text)
                .all(|l| text_width(&l.text) <= 8)
        );
    }

    #[test]
    fn the_pane_keeps_at_most_max_kept_bytes() {
        let mut c = ItemCollector::default();
        let big = vec![b'a'; MAX_KEPT - 10];
        c.event(&data(Role::Client, 1, 4, &big));
        assert!(!c.cut);
        c.event(&data(Role::Server, 1, 5, &[b'b'; 100]));
        c.event(&data(Role::Client, 1, 6, b"more"));
        assert!(c.cut);
        assert_eq!(c.kept, MAX_KEPT);
        assert_eq!(c.items.len(), 2, "nothing after the cap");
    }
}
