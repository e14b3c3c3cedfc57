#!/bin/sh
# The image's ENTRYPOINT: runs the connector CLI with a heap limit fitted to the container.
#
# Node 20 sizes its heap from the cgroup memory limit, but only to about half of it: in a 1 GiB
# pod a sync could fail with "heap out of memory" while 500 MB stay unused. Node's own advice is
# about three quarters of the memory, leaving the rest to buffers, sockets and the binary itself.
# Without a limit (or when NODE_OPTIONS already sets one) Node's default stands.
set -eu

app_dir="$(cd "$(dirname "$0")/../.." && pwd)"
# Where the cgroup files are; tests point this at a folder of their own.
cgroup_root="${SOURCE_BACKLOG_CGROUP_ROOT:-/sys/fs/cgroup}"

memory_limit_bytes() {
  for file in "$cgroup_root/memory.max" "$cgroup_root/memory/memory.limit_in_bytes"; do
    if [ -r "$file" ]; then
      value="$(cat "$file")"
      case "$value" in
      '' | *[!0-9]*) return 1 ;; # "max": no limit (cgroup v2)
      esac
      # cgroup v1 says "no limit" with a number near 2^63.
      [ "${#value}" -lt 16 ] && echo "$value" && return 0
      return 1
    fi
  done
  return 1
}

heap_flag=""
case "${NODE_OPTIONS:-}" in
*--max-old-space-size*) ;;
*)
  if limit="$(memory_limit_bytes)"; then
    heap_flag="--max-old-space-size=$((limit * 3 / 4 / 1048576))"
  fi
  ;;
esac

# shellcheck disable=SC2086 # heap_flag is one word or none
exec node $heap_flag "$app_dir/dist/source-backlog/main.js" "$@"
