"""A connector that starts helpers that would outlive it: a child that
ignores SIGTERM and a grandchild whose parent exits at once (an orphan)."""
import os
import signal
import subprocess
import sys
import time

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
subprocess.Popen([sys.executable, "-c", "import signal,time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(1)"])
if os.fork() == 0:
    subprocess.Popen(["sleep", "300"])
    os._exit(0)
with open(os.path.join(os.environ["SV_STATE_DIR"], "started"), "w") as marker:
    marker.write(str(os.getpid()))
while True:
    time.sleep(0.2)
