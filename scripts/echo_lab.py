#!/usr/bin/env python3
"""Tiny loopback echo client/server used to record wirelab's sample captures.

Every scenario runs a server thread and a client in the same process and only
ever talks to 127.0.0.1 (or ::1 with --ipv6). Short pauses between the steps
keep the packet order the same from one recording to the next.

    echo_lab.py tcp-echo --port 8001 --message 'hello, wirelab\n'
    echo_lab.py tcp-echo --port 8003 --message 'hello, wirelab\n' --ipv6
    echo_lab.py udp-echo --port 8002 --message 'hello, wirelab\n'

The message accepts backslash escapes such as \\n.
"""

import argparse
import socket
import sys
import threading
import time

PAUSE = 0.05  # seconds between steps
# After the client's FIN the server waits a little longer before closing, so
# the kernel's delayed ACK of that FIN (about 40 ms on loopback) always goes
# out on its own: FIN, ACK, FIN, ACK, never a combined FIN-ACK.
CLOSE_DELAY = 0.25
TIMEOUT = 5.0  # no step should ever take this long on loopback


def pause():
    time.sleep(PAUSE)


def loopback(ipv6):
    """Return (address family, loopback address) for the chosen IP version."""
    if ipv6:
        return socket.AF_INET6, "::1"
    return socket.AF_INET, "127.0.0.1"


_log_lock = threading.Lock()


def log(text):
    """Progress goes to stderr, one whole line at a time (two threads log)."""
    with _log_lock:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


# --------------------------------------------------------------------- TCP


def tcp_server(listener, errors):
    """Accept one connection, echo what arrives until the peer's FIN, then close."""
    try:
        conn, peer = listener.accept()
        with conn:
            conn.settimeout(TIMEOUT)
            log(f"server: connection from {peer[0]} port {peer[1]}")
            while True:
                data = conn.recv(4096)
                if not data:  # client sent FIN
                    break
                conn.sendall(data)
                log(f"server: echoed {len(data)} bytes")
            time.sleep(CLOSE_DELAY)
            log("server: client closed, closing too")
        # leaving the with-block closes the socket and sends our FIN
    except Exception as exc:  # reported by the main thread
        errors.append(exc)
    finally:
        listener.close()


def recv_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("connection closed before the whole echo arrived")
        data += chunk
    return data


def tcp_echo(port, message, ipv6):
    family, host = loopback(ipv6)
    errors = []

    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.settimeout(TIMEOUT)
    listener.bind((host, port))
    listener.listen(1)  # listening before the client starts: no race
    server = threading.Thread(target=tcp_server, args=(listener, errors))
    server.start()

    with socket.socket(family, socket.SOCK_STREAM) as client:
        client.settimeout(TIMEOUT)
        client.connect((host, port))  # SYN, SYN-ACK, ACK
        log(f"client: connected to {host} port {port}")
        pause()

        client.sendall(message)  # data, answered by the echo
        echo = recv_exactly(client, len(message))
        if echo != message:
            raise RuntimeError(f"echo mismatch: sent {message!r}, got {echo!r}")
        log(f"client: got echo {echo!r}")
        pause()

        client.shutdown(socket.SHUT_WR)  # our FIN
        if client.recv(4096) != b"":  # wait for the server's FIN
            raise RuntimeError("unexpected data after the echo")
        log("client: server closed, done")
        pause()

    server.join(TIMEOUT)
    if errors:
        raise errors[0]


# --------------------------------------------------------------------- UDP


def udp_server(sock, exchanges, errors):
    """Answer `exchanges` datagrams, each with a copy of itself."""
    try:
        for _ in range(exchanges):
            data, peer = sock.recvfrom(65535)
            sock.sendto(data, peer)
            log(f"server: echoed {len(data)} bytes to {peer[0]} port {peer[1]}")
    except Exception as exc:
        errors.append(exc)
    finally:
        sock.close()


def udp_echo(port, message, ipv6, exchanges=2):
    family, host = loopback(ipv6)
    errors = []

    server_sock = socket.socket(family, socket.SOCK_DGRAM)
    server_sock.settimeout(TIMEOUT)
    server_sock.bind((host, port))  # bound before the client sends anything
    server = threading.Thread(target=udp_server, args=(server_sock, exchanges, errors))
    server.start()

    with socket.socket(family, socket.SOCK_DGRAM) as client:
        client.settimeout(TIMEOUT)
        for number in range(1, exchanges + 1):
            client.sendto(message, (host, port))
            echo, _ = client.recvfrom(65535)
            if echo != message:
                raise RuntimeError(f"echo mismatch: sent {message!r}, got {echo!r}")
            log(f"client: exchange {number}: got echo {echo!r}")
            pause()

    server.join(TIMEOUT)
    if errors:
        raise errors[0]


# -------------------------------------------------------------------- main


def parse_message(text):
    """Turn 'hello, wirelab\\n' typed on a command line into real bytes."""
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, what in (("tcp-echo", "one TCP connection"), ("udp-echo", "two UDP exchanges")):
        sub = commands.add_parser(name, help=f"echo a message over {what}")
        sub.add_argument("--port", type=int, required=True, help="server port")
        sub.add_argument("--message", required=True, help="payload (backslash escapes allowed)")
        sub.add_argument("--ipv6", action="store_true", help="use ::1 instead of 127.0.0.1")
    args = parser.parse_args(argv)

    message = parse_message(args.message)
    if not message:
        parser.error("--message must not be empty")
    if args.command == "tcp-echo":
        tcp_echo(args.port, message, args.ipv6)
    else:
        udp_echo(args.port, message, args.ipv6)
    return 0


if __name__ == "__main__":
    sys.exit(main())
