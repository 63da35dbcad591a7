//! A [`Renderer`] that hands every packet to the TUI instead of printing it, so a live
//! capture runs through the same loop as `wirelab capture` (count, `-w`, statistics) and the
//! TUI receives owned frames through its channel.

use std::io;
use std::sync::mpsc::Sender;

use crate::render::{Record, Renderer};

use super::LiveFrame;

/// Sends each packet's frame to the TUI. When the TUI has quit (the receiver is gone) the
/// packet is dropped quietly: the capture is being stopped anyway.
pub struct LiveFeed {
    tx: Sender<LiveFrame>,
}

impl LiveFeed {
    pub fn new(tx: Sender<LiveFrame>) -> LiveFeed {
        LiveFeed { tx }
    }
}

impl Renderer for LiveFeed {
    fn file_start(
        &mut self,
        _out: &mut dyn io::Write,
        _file: &crate::render::FileInfo<'_>,
    ) -> io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _out: &mut dyn io::Write, record: &Record<'_, '_>) -> io::Result<()> {
        let _ = self.tx.send(LiveFrame {
            frame: record.frame.into(),
            calls: Vec::new(),
        });
        Ok(())
    }
}
