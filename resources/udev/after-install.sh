#!/bin/sh
# Installed by the OpsFlow deb: lets users in the plugdev group read the temperature loggers.
set -e
if [ -f /opt/OpsFlow/resources/udev/60-opsflow.rules ]; then
  cp /opt/OpsFlow/resources/udev/60-opsflow.rules /etc/udev/rules.d/60-opsflow.rules
  udevadm control --reload-rules || true
  udevadm trigger || true
fi
