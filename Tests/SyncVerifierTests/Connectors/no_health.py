"""A connector that declares a control API and never answers /health."""
import time

while True:
    time.sleep(0.2)
