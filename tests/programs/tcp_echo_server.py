# A TCP echo server, as a sockets tutorial writes it: accept one client, send back what it
# says until it closes, then stop.  Usage: tcp_echo_server.py PORT [CLIENTS]
import socket
import sys

port = int(sys.argv[1])
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 1
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(5)
print("listening on", port, flush=True)
for _ in range(clients):
    conn, addr = server.accept()
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)
    conn.close()
server.close()
