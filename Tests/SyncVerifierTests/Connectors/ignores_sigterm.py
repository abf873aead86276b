"""A connector that ignores SIGTERM (and so must be killed)."""
import signal
import time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True:
    time.sleep(0.2)
