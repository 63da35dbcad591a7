# Prints the ids the program runs as.
import os

print("uid", os.getuid(), "gid", os.getgid(), "euid", os.geteuid(), flush=True)
