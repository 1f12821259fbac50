#!/bin/sh
# Entrypoint of a service that needs a config file the image does not contain.
CONFIG=${CONFIG_FILE:-/etc/app/config.yml}
echo "loading config from $CONFIG"
if [ ! -f "$CONFIG" ]; then
    echo "config file not found"
    exit 3
fi
exec httpd -f -p 0.0.0.0:8080 -h /www
