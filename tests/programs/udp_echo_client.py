# A UDP echo client: send a message and "bye", read each echo.  Usage: udp_echo_client.py PORT [MESSAGE]
import socket
import sys

port = int(sys.argv[1])
message = (sys.argv[2] if len(sys.argv) > 2 else "你好, wirelab").encode()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(5)
for data in (message, b"bye"):
    client.sendto(data, ("127.0.0.1", port))
    echo, _ = client.recvfrom(2048)
    assert echo == data, echo
client.close()
