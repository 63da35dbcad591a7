use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wirelab::annotate::lang::Lang;
use wirelab::tui::action::Action;
use wirelab::tui::app::App;
use wirelab::tui::view::{self, Theme};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (w, h): (u16, u16) = (args[1].parse().unwrap(), args[2].parse().unwrap());
    let mut app = App::from_file(std::path::Path::new(&args[3])).unwrap();
    app.lang = Lang::Zh;
    app.title = "captures/tcp-echo.pcap".into();
    app.update(Action::Resize(w, h));
    for a in args[4..].iter() {
        app.update(match a.as_str() {
            "open" => Action::Open,
            "step" => Action::Step(true),
            "help" => Action::ToggleHelp,
            "packets" => Action::Packets,
            "down" => Action::Move(1),
            "last" => Action::Last,
            "tab" => Action::SwitchPane,
            "follow" => Action::Follow,
            "field" => Action::Field(1),
            _ => panic!(),
        });
    }
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, &app, &Theme::new(false))).unwrap();
    println!("{}", t.backend());
}
