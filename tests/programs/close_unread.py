# A server that closes a connection with data it never read: the kernel sends RST, not FIN,
# and the client's next recv() fails with ECONNRESET.  Usage: close_unread.py PORT
import socket
import sys
import time

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", port))
server.listen(1)
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(("127.0.0.1", port))
conn, _ = server.accept()
client.sendall(b"never read\n")
time.sleep(0.2)
conn.close()
try:
    client.recv(16)
except ConnectionResetError as e:
    print("reset:", e)
client.close()
server.close()
