# A UDP echo server: every datagram goes back to whoever sent it; "bye" ends it.
# Usage: udp_echo_server.py PORT
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    data, addr = server.recvfrom(2048)
    server.sendto(data, addr)
    if data == b"bye":
        break
server.close()
