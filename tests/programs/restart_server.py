# A server restarted while its old connection is in TIME-WAIT: it closed first, so its end
# waits out TIME-WAIT, and bind() on the same port fails with EADDRINUSE unless the server
# sets SO_REUSEADDR (the tutorials' setsockopt line; Linux keeps the old socket's setting
# with its TIME-WAIT entry, so both the old and the new server set it).
# Usage: restart_server.py PORT [reuse]
import socket
import sys

port = int(sys.argv[1])
reuse = len(sys.argv) > 2 and sys.argv[2] == "reuse"

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
if reuse:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(1)
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(("127.0.0.1", port))
conn, _ = server.accept()
conn.close()          # the server closes first: its end goes to TIME-WAIT
client.recv(16)       # the client sees the FIN...
client.close()        # ...and closes too
server.close()

again = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
if reuse:
    again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    again.bind(("127.0.0.1", port))
    print("bound again")
except OSError as e:
    print("bind failed:", e)
again.close()
