#!/usr/bin/env bash
# Builds the connector's Docker image from the repository's unchanged Dockerfile with buildah,
# which needs no Docker engine. Where the Dockerfile's base image cannot be pulled (no route to
# Docker Hub), a stand-in is assembled first from Debian (debootstrap) and this machine's Node.js,
# and kept in buildah's storage for the next build.
#
#   scripts/container/build-image.sh        # prints the image name and the build time
#
# The image is tagged dockerRepository:dockerImageTag from metadata.yaml.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then exec sudo --preserve-env=PATH "$0" "$@"; fi
cd "$(dirname "$0")/../.."

# vfs + chroot work inside a sandbox without overlayfs or user namespaces.
# integration_tests/image.test.ts uses the same storage driver to find and run the image.
buildah() { command buildah --storage-driver vfs "$@"; }
export BUILDAH_ISOLATION=chroot

metadata_field() { sed -n "s/^  $1: *//p" metadata.yaml | tr -d "'\""; }
IMAGE="$(metadata_field dockerRepository):$(metadata_field dockerImageTag)"
BASE="$(sed -n 's/^FROM \([^ ]*\).*/\1/p' Dockerfile | sort -u)"
if [ "$(wc -l <<<"$BASE")" -ne 1 ]; then
  echo "build-image: expected one base image in Dockerfile, found: $BASE" >&2
  exit 1
fi
# buildah names Docker Hub's official images docker.io/library/NAME.
case "$BASE" in
*/*/*) BASE_REF="$BASE" ;;
*/*) BASE_REF="docker.io/$BASE" ;;
*) BASE_REF="docker.io/library/$BASE" ;;
esac

install_missing_tools() {
  local missing=()
  type -P buildah >/dev/null || missing+=(buildah)
  type -P debootstrap >/dev/null || missing+=(debootstrap)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "build-image: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# A rootfs laid out like node:<major>-<suite>-slim: Debian minbase plus this machine's node and
# npm in /usr/local. Its Node major must be the one the Dockerfile asks for.
assemble_stand_in_base() {
  local tag="${BASE_REF##*:}"
  local node_major="${tag%%-*}" suite
  suite="$(cut -d- -f2 <<<"$tag")"
  if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$node_major" ]; then
    echo "build-image: $BASE wants Node $node_major, this machine has $(node --version)" >&2
    exit 1
  fi
  local work
  work="$(mktemp -d /var/tmp/source-backlog-base.XXXXXX)"
  trap 'rm -rf "$work"' RETURN
  echo "build-image: $BASE_REF cannot be pulled here; assembling a stand-in (Debian $suite minbase + node $(node --version))"
  debootstrap --variant=minbase "$suite" "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    {
      tail -20 "$work/debootstrap.log" >&2
      exit 1
    }
  local npm_dir
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  install -D -m 0755 "$(readlink -f "$(command -v node)")" "$work/rootfs/usr/local/bin/node"
  mkdir -p "$work/rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$work/rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/local/bin/npx"
  # The registry is reached through a TLS proxy whose CA only this machine's bundle has.
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$work/rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
  cat >"$work/Containerfile" <<EOF
FROM scratch
ADD rootfs.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    NODE_VERSION=$(node -p process.versions.node) \\
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
LABEL io.source-backlog.stand-in=true
CMD ["node"]
EOF
  buildah bud --quiet --layers=false -f "$work/Containerfile" -t "$BASE_REF" "$work" >/dev/null
}

install_missing_tools
if ! buildah inspect --type image "$BASE_REF" >/dev/null 2>&1; then
  started=$SECONDS
  assemble_stand_in_base
  echo "build-image: stand-in base ready in $((SECONDS - started)) s"
fi

previous="$(buildah inspect --type image --format '{{.FromImageID}}' "$IMAGE" 2>/dev/null || true)"
started=$SECONDS
buildah bud --pull=never --layers=false -t "$IMAGE" .
echo "build-image: built $IMAGE in $((SECONDS - started)) s"
current="$(buildah inspect --type image --format '{{.FromImageID}}' "$IMAGE")"
# vfs keeps every image as a full copy: drop the one this build replaced.
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  buildah rmi "$previous" >/dev/null 2>&1 || true
fi
buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$IMAGE"
