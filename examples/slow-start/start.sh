#!/bin/sh
# Runs its database migrations (~4s) before serving; healthy once it listens.
echo "migrating database..."
sleep 4
echo "migrations done, serving on 0.0.0.0:8080"
exec httpd -f -p 0.0.0.0:8080 -h /www
