//! Styles. Base ANSI colours only (a light or dark terminal theme picks their shades), and
//! every distinction that matters also carried by a modifier (reverse, bold, underline), so
//! the screens read the same with NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

/// The styles the views use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub header: Style,
    /// The selected line (list row, ladder step, tree field).
    pub selected: Style,
    pub dim: Style,
    pub syn: Style,
    pub fin: Style,
    pub rst: Style,
    /// A state that this packet changed.
    pub changed: Style,
    /// A handshake, teardown or analysis event.
    pub event: Style,
    /// Bytes of the selected field in the hex dump.
    pub bytes: Style,
    pub focus: Style,
    pub error: Style,
    pub key: Style,
    /// The client's and the server's bytes in the follow pane (Wireshark's red and blue).
    pub client: Style,
    pub server: Style,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let plain = Theme {
            title: bold,
            header: Style::new().add_modifier(Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().add_modifier(Modifier::DIM),
            syn: bold,
            fin: bold,
            rst: bold,
            changed: bold,
            event: bold,
            bytes: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            focus: bold,
            error: bold,
            key: bold,
            client: Style::new(),
            server: Style::new(),
        };
        if !color {
            return plain;
        }
        Theme {
            title: bold.fg(Color::Cyan),
            syn: bold.fg(Color::Green),
            fin: bold.fg(Color::Yellow),
            rst: bold.fg(Color::Red),
            changed: bold.fg(Color::Magenta),
            event: bold.fg(Color::Magenta),
            focus: bold.fg(Color::Cyan),
            error: bold.fg(Color::Red),
            key: bold.fg(Color::Cyan),
            client: Style::new().fg(Color::Red),
            server: Style::new().fg(Color::Blue),
            ..plain
        }
    }

    /// `--color`: `auto` asks the environment (see [`Theme::from_env`]).
    pub fn for_choice(choice: crate::render::ColorChoice) -> Theme {
        match choice {
            crate::render::ColorChoice::Always => Theme::new(true),
            crate::render::ColorChoice::Never => Theme::new(false),
            crate::render::ColorChoice::Auto => Theme::from_env(),
        }
    }

    /// Colour from NO_COLOR and TERM (the TUI only runs on a terminal).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Theme::new(!no_color && !dumb)
    }
}
