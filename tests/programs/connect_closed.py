# Connect to a port nobody listens on: the tutorial's "Connection refused".
# Usage: connect_closed.py PORT
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except ConnectionRefusedError as e:
    print("refused:", e)
s.close()
