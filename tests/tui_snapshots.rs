//! Every TUI screen at 80×24 and 120×40, rendered to ratatui's TestBackend from an app
//! driven by actions on tcp-echo.pcap.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wirelab::tui::action::Action;
use wirelab::tui::app::App;
use wirelab::tui::view::{self, Theme};

fn app(size: (u16, u16), actions: Vec<Action>) -> App {
    let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    // The title would otherwise hold this machine's path to the repository.
    app.title = "captures/tcp-echo.pcap".into();
    app.update(Action::Resize(size.0, size.1));
    for a in actions {
        app.update(a);
    }
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    terminal.backend().to_string()
}

macro_rules! both_sizes {
    ($name:ident, $actions:expr) => {
        #[test]
        fn $name() {
            for (w, h) in [(80, 24), (120, 40)] {
                let shown = screen(&app((w, h), $actions));
                insta::assert_snapshot!(format!("{}_{w}x{h}", stringify!($name)), shown);
            }
        }
    };
}

both_sizes!(conversations, vec![]);
both_sizes!(
    conversations_filtered,
    vec![
        Action::StartFilter,
        Action::FilterChar('s'),
        Action::FilterChar('f')
    ]
);
// The SYN-ACK: handshake 2/3.
both_sizes!(ladder_explanation, vec![Action::Open, Action::Step(true)]);
// The data segment's packet pane with the TCP source port selected.
both_sizes!(
    ladder_packet,
    vec![
        Action::Open,
        Action::Step(true),
        Action::Step(true),
        Action::Step(true),
        Action::Field(1)
    ]
);
// The last step of the teardown.
both_sizes!(ladder_teardown, vec![Action::Open, Action::Last]);
both_sizes!(help, vec![Action::Open, Action::ToggleHelp]);
