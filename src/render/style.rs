//! Colour: on for a terminal, off when piped or when NO_COLOR is set, or as `--color` says.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Resolves `auto` against standard output and the environment (NO_COLOR, TERM=dumb).
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                !no_color && !dumb && std::io::stdout().is_terminal()
            }
        }
    }
}

/// The styles the text output uses; all plain when colour is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Palette {
    pub dim: Style,
    pub syn: Style,
    pub fin: Style,
    pub rst: Style,
    pub proto: Style,
    pub problem: Style,
    pub step: Style,
    /// The application line (DNS, HTTP, DHCP, text).
    pub app: Style,
}

impl Palette {
    pub fn new(enabled: bool) -> Palette {
        if !enabled {
            return Palette::default();
        }
        // Base ANSI colours only, so that both dark and light terminal themes choose them.
        Palette {
            dim: Style::new().dimmed(),
            syn: AnsiColor::Green.on_default().bold(),
            fin: AnsiColor::Yellow.on_default().bold(),
            rst: AnsiColor::Red.on_default().bold(),
            proto: AnsiColor::Cyan.on_default(),
            problem: AnsiColor::Red.on_default().bold(),
            step: AnsiColor::Magenta.on_default().bold(),
            app: AnsiColor::Blue.on_default(),
        }
    }
}
