"""Drives a program in a real pseudo-terminal, like a person typing.

usage: python3 pty_session.py SCRIPT.json
SCRIPT: {"argv": [...], "env": {...}, "cwd": "...", "steps": [["wait for text", "keys to send"], ...]}
Prints everything the program wrote, then a last line "EXIT <code>".
"""
import json, os, pty, select, sys, time

spec = json.load(open(sys.argv[1]))
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec.get("cwd", "."))
    os.execve(spec["argv"][0], spec["argv"], spec["env"])

out = b""
deadline = time.time() + spec.get("timeout", 20)


out_mark = 0


def pump(until=None):
    global out
    while time.time() < deadline:
        if until is not None and until.encode() in out[out_mark:]:
            return True
        r, _, _ = select.select([fd], [], [], 0.05)
        if fd in r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return until is None
            if not chunk:
                return until is None
            out += chunk
    return False


for wait, keys in spec["steps"]:
    if not pump(wait):
        sys.stdout.write(out.decode("utf-8", "replace"))
        print(f"\nTIMEOUT waiting for {wait!r}")
        os.kill(pid, 9)
        sys.exit(3)
    time.sleep(0.05)
    os.write(fd, keys.encode())
    # Later waits look only at what comes after this point.
    out_mark = len(out)

pump(None)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
print(f"\nEXIT {os.waitstatus_to_exitcode(status)}")
