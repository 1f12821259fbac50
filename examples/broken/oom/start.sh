#!/bin/sh
# Loads "everything" into memory: tail keeps buffering /dev/zero (it never sees a newline), so the
# process grows until the container's memory limit (32m in the spec) makes the kernel OOM-kill it.
echo "report-service: loading dataset into memory"

# Safety catch for shared machines: without a container memory limit this would eat the host's
# RAM, so refuse (exit 2) unless a limit of at most 1 GiB is in place.
limit=
for f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    [ -r "$f" ] && { limit=$(cat "$f"); break; }
done
# ("max" on cgroup v2; a huge number such as 9223372036854771712 on cgroup v1 means no limit.)
if [ -z "$limit" ] || [ "$limit" = max ] || [ ${#limit} -gt 10 ] || [ "$limit" -gt 1073741824 ]; then
    echo "report-service: refusing to start without a memory limit <= 1g (found: ${limit:-none})" >&2
    exit 2
fi
exec tail /dev/zero
