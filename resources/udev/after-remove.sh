#!/bin/sh
rm -f /etc/udev/rules.d/60-opsflow.rules
udevadm control --reload-rules || true
