//! Keys and mouse events to [`Action`]s. The mapping depends only on a small [`KeyMode`]
//! (which screen, whether a filter is being typed, whether help is open), so it is tested
//! without a terminal; [`KEYS`] is the one list the help screen shows.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::model::Batch;

/// Everything that can change the app.
#[derive(Debug)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Close help, end filter typing, or go back to the conversation list.
    Back,
    /// Open the selected conversation.
    Open,
    /// Move by this many lines (conversations, or the selected field in the packet pane).
    Move(isize),
    /// One page up (-1) or down (1).
    Page(isize),
    First,
    Last,
    /// Next (true) or previous step of the ladder.
    Step(bool),
    /// Next (true) or previous handshake/teardown/analysis event.
    Event(bool),
    /// Scroll the explanation by this many lines.
    ScrollText(isize),
    /// Switch the lower pane (explanation, packet).
    SwitchPane,
    /// Select the next (1) or previous (-1) field of the packet tree.
    Field(isize),
    StartFilter,
    FilterChar(char),
    FilterBackspace,
    /// Next sort column; reverse the order.
    Sort,
    Reverse,
    Resize(u16, u16),
    Click(u16, u16),
    Scroll(u16, u16, isize),
    /// New rows and conversations from the source.
    Ingest(Batch),
    /// Switch between the conversations and the packet list.
    Packets,
    /// Start typing a frame number to go to (with its first digit, if typed).
    StartGoto(Option<char>),
    /// Next (true) or previous frame matching the last search.
    Match(bool),
    /// Enter at a prompt of the packet list: go, or search.
    Submit,
    /// The follow pane of the conversation (`f`); from it, back.
    Follow,
    /// Challenge mode's keys (`--quiz`, [`super::quiz`]); nothing without a quiz.
    Quiz(super::quiz::QuizKey),
    /// The packet list's event filter: the next kind (`o`).
    CycleOnly,
    /// Show or hide the current packet's layers in place of the lower panes (`L`).
    Layers,
}

/// What decides how a key is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyMode {
    pub ladder: bool,
    /// The packet list is shown.
    pub packets: bool,
    /// The follow pane is shown.
    pub follow: bool,
    pub typing: bool,
    pub help: bool,
}

/// Where a key works, for the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Conversations,
    Ladder,
    Packets,
    Follow,
    /// The ladder of a conversation in challenge mode (`--quiz`).
    Quiz,
}

/// Every key, as the help screen lists it: where, the keys, and the catalogue id of what
/// it does.
pub const KEYS: &[(Context, &str, &str)] = &[
    (Context::Everywhere, "?", "tui-key-everywhere-this-help-any"),
    (Context::Everywhere, "q  Ctrl-C", "tui-key-everywhere-quit"),
    (
        Context::Everywhere,
        "mouse",
        "tui-key-everywhere-click-to-select",
    ),
    (
        Context::Conversations,
        "↑ ↓  j k",
        "tui-key-conversations-select-a-conversation",
    ),
    (
        Context::Conversations,
        "PgUp PgDn  g G",
        "tui-key-conversations-page-first-last",
    ),
    (
        Context::Conversations,
        "Enter",
        "tui-key-conversations-open-it-as",
    ),
    (
        Context::Conversations,
        "f",
        "tui-key-conversations-follow-its-bytes",
    ),
    (
        Context::Conversations,
        "p",
        "tui-key-conversations-every-packet-arp",
    ),
    (
        Context::Conversations,
        "/",
        "tui-key-conversations-filter-address-port",
    ),
    (
        Context::Conversations,
        "Esc",
        "tui-key-conversations-end-typing-again",
    ),
    (
        Context::Conversations,
        "s  r",
        "tui-key-conversations-next-sort-column",
    ),
    (
        Context::Ladder,
        "→ ←  j k  space",
        "tui-key-ladder-next-previous-packet",
    ),
    (
        Context::Ladder,
        "↓ ↑",
        "tui-key-ladder-next-previous-packet-2",
    ),
    (
        Context::Ladder,
        "n  N",
        "tui-key-ladder-next-previous-handshake",
    ),
    (Context::Ladder, "g  G", "tui-key-ladder-first-last-packet"),
    (
        Context::Ladder,
        "Tab",
        "tui-key-ladder-switch-pane-explanation",
    ),
    (
        Context::Ladder,
        "[  ]",
        "tui-key-ladder-previous-next-field",
    ),
    (
        Context::Ladder,
        "J  K",
        "tui-key-ladder-scroll-the-explanation",
    ),
    (
        Context::Ladder,
        "Esc  Backspace",
        "tui-key-ladder-back-to-the",
    ),
    // Last of the ladder's keys: at 80×24 the help shows the ones above it.
    (Context::Ladder, "L", "layers-key"),
    (
        Context::Packets,
        "↑ ↓  j k",
        "tui-key-packets-select-a-packet",
    ),
    (
        Context::Packets,
        "PgUp PgDn  g G",
        "tui-key-packets-page-first-last",
    ),
    (Context::Packets, "0-9  :", "tui-key-packets-go-to-a"),
    (
        Context::Packets,
        "/  >  <",
        "tui-key-packets-search-the-lines",
    ),
    (
        Context::Packets,
        "Enter",
        "tui-key-packets-open-its-conversation",
    ),
    (
        Context::Packets,
        "[  ]",
        "tui-key-packets-previous-next-field",
    ),
    (Context::Packets, "o", "only-key"),
    (Context::Packets, "p  Esc", "tui-key-packets-back-to-the"),
    // Last of the packet list's keys, as on the ladder.
    (Context::Packets, "L", "layers-key"),
    (
        Context::Follow,
        "↑ ↓  j k",
        "tui-key-follow-move-the-cursor",
    ),
    (
        Context::Follow,
        "PgUp PgDn  g G",
        "tui-key-follow-page-first-last",
    ),
    (Context::Follow, "Enter", "tui-key-follow-the-packet-that"),
    (Context::Follow, "f  Esc", "tui-key-follow-back-f-in"),
    (Context::Quiz, "1-4  a-d", "tui-key-quiz-answer"),
    (Context::Quiz, "s", "tui-key-quiz-skip"),
    (Context::Quiz, "Enter  space", "tui-key-quiz-next"),
];

/// The action for a key, if it has one in this mode.
pub fn from_key(key: KeyEvent, mode: KeyMode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
        return Some(Action::Quit);
    }
    if mode.help {
        return Some(Action::ToggleHelp);
    }
    if mode.typing {
        return match key.code {
            KeyCode::Enter if mode.packets => Some(Action::Submit),
            KeyCode::Enter | KeyCode::Esc => Some(Action::Back),
            KeyCode::Backspace => Some(Action::FilterBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::FilterChar(c)),
            KeyCode::Down => Some(Action::Move(1)),
            KeyCode::Up => Some(Action::Move(-1)),
            _ => None,
        };
    }
    let common = match key.code {
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('?') => Some(Action::ToggleHelp),
        KeyCode::Esc => Some(Action::Back),
        KeyCode::Char('g') | KeyCode::Home => Some(Action::First),
        KeyCode::Char('G') | KeyCode::End => Some(Action::Last),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    if mode.follow {
        return match key.code {
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Move(1)),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Move(-1)),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::Page(1)),
            KeyCode::PageUp => Some(Action::Page(-1)),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Char('f') | KeyCode::Backspace => Some(Action::Back),
            _ => None,
        };
    }
    if mode.packets {
        return packets_key(key.code);
    }
    if mode.ladder {
        match key.code {
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('j') | KeyCode::Char(' ') => {
                Some(Action::Step(true))
            }
            KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('k') => Some(Action::Step(false)),
            KeyCode::Down => Some(Action::Move(1)),
            KeyCode::Up => Some(Action::Move(-1)),
            KeyCode::PageDown => Some(Action::Page(1)),
            KeyCode::PageUp => Some(Action::Page(-1)),
            KeyCode::Char('J') => Some(Action::ScrollText(1)),
            KeyCode::Char('K') => Some(Action::ScrollText(-1)),
            KeyCode::Char('n') => Some(Action::Event(true)),
            KeyCode::Char('L') => Some(Action::Layers),
            KeyCode::Char('N') => Some(Action::Event(false)),
            KeyCode::Tab | KeyCode::BackTab => Some(Action::SwitchPane),
            KeyCode::Char(']') => Some(Action::Field(1)),
            KeyCode::Char('[') => Some(Action::Field(-1)),
            KeyCode::Char('f') => Some(Action::Follow),
            KeyCode::Backspace => Some(Action::Back),
            _ => quiz_key(key.code),
        }
    } else {
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Move(1)),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Move(-1)),
            KeyCode::PageDown => Some(Action::Page(1)),
            KeyCode::PageUp => Some(Action::Page(-1)),
            KeyCode::Enter | KeyCode::Right => Some(Action::Open),
            KeyCode::Char('/') => Some(Action::StartFilter),
            KeyCode::Char('s') => Some(Action::Sort),
            KeyCode::Char('r') => Some(Action::Reverse),
            KeyCode::Char('p') => Some(Action::Packets),
            KeyCode::Char('f') => Some(Action::Follow),
            _ => None,
        }
    }
}

/// Challenge mode's keys on the ladder: 1–4 or a–d answer, `s` skips, Enter goes on.
fn quiz_key(code: KeyCode) -> Option<Action> {
    use super::quiz::QuizKey;
    let key = match code {
        KeyCode::Char(c @ '1'..='4') => QuizKey::Choose(usize::from(c as u8 - b'1')),
        KeyCode::Char(c @ 'a'..='d') => QuizKey::Choose(usize::from(c as u8 - b'a')),
        KeyCode::Char('s') => QuizKey::Skip,
        KeyCode::Enter => QuizKey::Next,
        _ => return None,
    };
    Some(Action::Quiz(key))
}

/// The action for a key on the packet list.
fn packets_key(code: KeyCode) -> Option<Action> {
    match code {
        KeyCode::Down | KeyCode::Char('j') => Some(Action::Move(1)),
        KeyCode::Up | KeyCode::Char('k') => Some(Action::Move(-1)),
        KeyCode::PageDown => Some(Action::Page(1)),
        KeyCode::PageUp => Some(Action::Page(-1)),
        KeyCode::Char(c @ '0'..='9') => Some(Action::StartGoto(Some(c))),
        KeyCode::Char(':') => Some(Action::StartGoto(None)),
        KeyCode::Char('/') => Some(Action::StartFilter),
        KeyCode::Char('>') => Some(Action::Match(true)),
        KeyCode::Char('<') => Some(Action::Match(false)),
        KeyCode::Char(']') => Some(Action::Field(1)),
        KeyCode::Char('[') => Some(Action::Field(-1)),
        KeyCode::Enter => Some(Action::Open),
        KeyCode::Char('p') | KeyCode::Backspace => Some(Action::Back),
        KeyCode::Char('o') => Some(Action::CycleOnly),
        KeyCode::Char('L') => Some(Action::Layers),
        _ => None,
    }
}

/// The action for a mouse event: left clicks and the wheel.
pub fn from_mouse(m: MouseEvent) -> Option<Action> {
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
        MouseEventKind::ScrollDown => Some(Action::Scroll(m.column, m.row, 1)),
        MouseEventKind::ScrollUp => Some(Action::Scroll(m.column, m.row, -1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    const LIST: KeyMode = KeyMode {
        ladder: false,
        packets: false,
        follow: false,
        typing: false,
        help: false,
    };
    const LADDER: KeyMode = KeyMode {
        ladder: true,
        packets: false,
        follow: false,
        typing: false,
        help: false,
    };

    #[test]
    fn j_moves_down_the_list_but_steps_forward_in_the_ladder() {
        assert!(matches!(
            from_key(key(KeyCode::Char('j')), LIST),
            Some(Action::Move(1))
        ));
        assert!(matches!(
            from_key(key(KeyCode::Char('j')), LADDER),
            Some(Action::Step(true))
        ));
        assert!(matches!(
            from_key(key(KeyCode::Char(' ')), LADDER),
            Some(Action::Step(true))
        ));
        assert!(matches!(
            from_key(key(KeyCode::Left), LADDER),
            Some(Action::Step(false))
        ));
    }

    #[test]
    fn typing_a_filter_takes_letters_that_are_keys_elsewhere() {
        let typing = KeyMode {
            typing: true,
            ..LIST
        };
        assert!(matches!(
            from_key(key(KeyCode::Char('q')), typing),
            Some(Action::FilterChar('q'))
        ));
        assert!(matches!(
            from_key(key(KeyCode::Enter), typing),
            Some(Action::Back)
        ));
    }

    #[test]
    fn ctrl_c_quits_in_every_mode() {
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            LIST,
            LADDER,
            KeyMode {
                typing: true,
                ..LIST
            },
            KeyMode { help: true, ..LIST },
        ] {
            assert!(matches!(from_key(c, mode), Some(Action::Quit)));
        }
    }
}
