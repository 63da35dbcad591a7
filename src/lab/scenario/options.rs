//! The socket-option scenarios: the receive window (`tcp-zero-window`), Nagle and delayed
//! ACKs (`tcp-nagle`), keep-alive (`tcp-keepalive`).

use std::time::Duration;

use super::*;

/// The receive buffer `tcp-zero-window`'s server asks for. Linux doubles it and offers
/// half of that as the window: 4,096 bytes.
const SMALL_RCVBUF: usize = 4096;
/// What its client sends: the window's 4,096 bytes, then 2,048 more that wait for the
/// window update and then go in one segment.
const ZERO_WINDOW_BYTES: usize = 6 * 1024;
/// How long its server leaves the data unread, from accept(). Linux probes the zero window
/// after one RTO (200 ms on a fast link), then after 2 and 4 RTOs: about 0.3, 0.75 and 1.6 s
/// after the connection opened. Reading at 2.1 s is well between the third and the fourth.
const UNREAD: Duration = Duration::from_millis(2100);

/// A server that stops reading: its small receive window fills, the sender stops, probes,
/// and sends the rest once the server reads again.
pub(super) fn tcp_zero_window(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let mut l = s.tcp(Role::Server)?;
        l.reuse_address()?;
        // Before listen(): the connection's window (and its scale) comes from this buffer.
        l.set(SockOpt::RecvBuffer(SMALL_RCVBUF))?;
        l.recv_buffer()?;
        l.bind(s.server)?;
        l.listen(BACKLOG)?;
        let _ = ready.send(());
        let conn = l.accept()?;
        s.pause(UNREAD)?;
        // The window's worth is queued: one recv takes it. The rest then comes in one
        // segment, read by one more recv after a pause, so the calls are the same every run.
        let mut buf = vec![0u8; 64 * 1024];
        let mut got = conn.recv(&mut buf)?;
        s.pause(STEP)?;
        while got < ZERO_WINDOW_BYTES {
            match conn.recv(&mut buf)? {
                0 => return Err(LabError::Unexpected("the client closed early".into())),
                n => got += n,
            }
        }
        // Everything is read: the server closes first; the client closes after its FIN.
        s.pause(CLOSE_WAIT)?;
        conn.close();
        l.close();
        Ok(())
    })?;
    let client = tcp_client(ctx, move |c, sock| {
        c.pause(STEP)?;
        // Returns at once: what the window does not take waits in the send buffer.
        sock.send(&[b'z'; ZERO_WINDOW_BYTES])?;
        if sock.recv(&mut [0u8; 64])? != 0 {
            return Err(LabError::Unexpected("the server sent data".into()));
        }
        c.pause(CLOSE_WAIT)?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// How long `tcp-nagle`'s client waits after its first close: the server's reply to the
/// FIN comes [`CLOSE_WAIT`] after it, and the server must be back in accept() (to turn
/// quick-ACK mode off at once) before the second connection's writes.
const NEXT_CONNECTION: Duration = Duration::from_millis(450);

/// Small writes in a burst, with Nagle's algorithm and then with `TCP_NODELAY`, to a server
/// that delays its ACKs.
pub(super) fn tcp_nagle(ctx: &Ctx) -> Result<(), LabError> {
    let s = ctx.clone();
    let server = start_server(ctx, move |ready| {
        let l = s.listener()?;
        let _ = ready.send(());
        for nagle in [true, false] {
            let conn = l.accept()?;
            if nagle {
                // Delayed ACKs from the first segment on (Linux starts a connection in
                // quick-ACK mode otherwise): the ACK Nagle's algorithm waits for comes late.
                // Not on the second connection: with five segments in flight and the ACK
                // delayed, Linux's tail loss probe would resend the last one after 10 ms.
                conn.set(SockOpt::QuickAck(false))?;
            }
            // The burst and its ACKs happen meanwhile; then one recv takes it all.
            s.pause(CLOSE_WAIT)?;
            let mut buf = vec![0u8; 64 * 1024];
            while conn.recv(&mut buf)? > 0 {}
            s.pause(CLOSE_WAIT)?;
            conn.close();
        }
        l.close();
        Ok(())
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        for nodelay in [false, true] {
            let mut sock = c.tcp(Role::Client)?;
            if nodelay {
                sock.set(SockOpt::NoDelay)?;
            }
            sock.connect(c.server)?;
            // The server turns quick-ACK mode off before the first write arrives.
            c.pause(STEP)?;
            for i in 1..=c.count {
                sock.send(format!("write {i}\n").as_bytes())?;
            }
            // Until every write is acknowledged, so that the FIN goes out on its own.
            c.pause(CLOSE_WAIT)?;
            sock.close();
            // Until the server has closed this connection and waits for the next.
            c.pause(NEXT_CONNECTION)?;
        }
        Ok(())
    });
    join_all(vec![client, server])
}

/// `tcp-keepalive`'s idle time and interval: the shortest Linux takes (whole seconds).
const KEEPALIVE_EVERY: Duration = Duration::from_secs(1);

/// A connection that goes idle with keep-alive on: a probe every second, each answered.
pub(super) fn tcp_keepalive(ctx: &Ctx) -> Result<(), LabError> {
    let server = tcp_server(ctx, |s, conn| {
        conn.wait_longer(keepalive_idle(s) + s.delay);
        echo_connection(s, conn, 1)
    })?;
    let c = ctx.clone();
    let client = ctx.spawn(Role::Client, move || {
        let mut sock = c.tcp(Role::Client)?;
        sock.set(SockOpt::KeepAlive)?;
        sock.set(SockOpt::KeepIdle(KEEPALIVE_EVERY))?;
        sock.set(SockOpt::KeepInterval(KEEPALIVE_EVERY))?;
        sock.set(SockOpt::KeepCount(3))?;
        sock.connect(c.server)?;
        c.pause(STEP)?;
        // One exchange first, so that each side has shown its window once: the ACK of the
        // first keep-alive is then not also a window update.
        sock.send(&c.message)?;
        check_echo(&c.message, &sock.recv_exact(c.message.len())?)?;
        // Then idle: `--count` keep-alives, each a second after the last packet, and half a
        // second more, so that the close comes well between two of them.
        c.pause(keepalive_idle(&c))?;
        sock.close();
        Ok(())
    });
    join_all(vec![client, server])
}

/// How long `tcp-keepalive`'s connection idles: `--count` keep-alives, and half an interval.
fn keepalive_idle(ctx: &Ctx) -> Duration {
    KEEPALIVE_EVERY * ctx.count + KEEPALIVE_EVERY / 2
}
