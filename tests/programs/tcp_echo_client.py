# A TCP echo client: connect, send each message and read its echo, close.
# Usage: tcp_echo_client.py PORT [MESSAGE] [TIMES]
import socket
import sys
import time

port = int(sys.argv[1])
message = (sys.argv[2] if len(sys.argv) > 2 else "你好, wirelab\n").encode()
times = int(sys.argv[3]) if len(sys.argv) > 3 else 1
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
for attempt in range(50):
    try:
        client.connect(("127.0.0.1", port))
        break
    except ConnectionRefusedError:
        client.close()
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        time.sleep(0.05)
for _ in range(times):
    client.sendall(message)
    got = b""
    while len(got) < len(message):
        got += client.recv(1024)
    assert got == message, got
client.close()
