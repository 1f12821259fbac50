#!/bin/sh
# A queue worker deployed as if it were a web service: it never opens a port.
echo "email-worker started, polling queue 'outbox' every 5s"
trap 'echo "email-worker stopping"; exit 0' TERM INT
while :; do
    sleep 5 &
    wait $!
done
