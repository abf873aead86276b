"""A connector that dies a second into the run."""
import sys
import time

time.sleep(1.0)
print("giving up", file=sys.stderr)
sys.exit(3)
