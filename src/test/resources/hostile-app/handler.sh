#!/bin/sh
# The hostile app of HostileAppsTest and bench/hostile-apps-heap.sh: busybox nc runs this once per connection, and the
# request line picks the misbehaviour.
read -r method path version
while read -r line; do
  case "$line" in ""|"$(printf '\r')") break;; esac
done
case "$path" in
  /ok) printf 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok' ;;
  /drip) printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n'
         while true; do printf x; sleep 1; done ;;
  /stuck-headers) printf 'HTTP/1.1 200 OK\r\nX-Slow: 1\r\n'; sleep 3600 ;;
  /gigabyte) printf 'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1073741824\r\n\r\n'
             head -c 1073741824 /dev/zero ;;
  *) printf 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' ;;
esac
