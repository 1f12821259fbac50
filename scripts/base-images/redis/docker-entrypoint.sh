#!/bin/sh
# The public redis image's contract, reduced: flags alone are redis-server's; redis-server without a config file
# listens on every interface with protected mode off (the network is the run's own), as the public image does.
set -eu
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
