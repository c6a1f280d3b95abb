"""Runs a command with stdout on a non-blocking pipe that is read slowly, and
prints the exit code, the byte count and the MD5 of what came through."""
import fcntl, hashlib, os, subprocess, sys, time

r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(0.3)  # let the pipe fill up
data = b''
while True:
    chunk = os.read(r, 8192)
    if not chunk:
        break
    data += chunk
    time.sleep(0.0005)
print(child.wait(), len(data), hashlib.md5(data).hexdigest())
