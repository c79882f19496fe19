#!/usr/bin/env bash
# Builds the CPU service image and the trainer image without a Docker daemon (buildah, vfs
# storage, chroot isolation), after building the jars. Usage:
#   docker/build.sh [--local-base] [--tag TAG]
#   --local-base  build the base image (Debian bookworm + openjdk-17-jre-headless + TurboJPEG) with
#                 debootstrap
#                 from Debian's packages instead of pulling eclipse-temurin: for machines that
#                 reach no container registry. Needs root.
# Images: actionstream/service:TAG and actionstream/trainer:TAG (TAG default 0.1.0). The CUDA
# image is built with docker/service-cuda.Dockerfile where its base is reachable (README.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
local_base=false
tag=0.1.0
while (($#)); do
  case "$1" in
    --local-base) local_base=true ;;
    --tag) tag="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
buildah=(buildah --storage-driver vfs)

./mvnw -q package -DskipTests -pl inference-service,cli,trainer -am

base=eclipse-temurin:17-jre-jammy
if $local_base; then
  # the tag names what the base holds: a base cached before TurboJPEG was added is not reused
  base=localhost/actionstream-base:bookworm-turbojpeg
  if ! "${buildah[@]}" inspect --type image "$base" >/dev/null 2>&1; then
    rootfs="$(mktemp -d)"
    trap 'rm -rf "$rootfs"' EXIT
    debootstrap --variant=minbase \
      --include=openjdk-17-jre-headless,ca-certificates,libturbojpeg-java,libturbojpeg0-dev \
      bookworm "$rootfs" http://deb.debian.org/debian
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    ctr="$("${buildah[@]}" from scratch)"
    mnt="$("${buildah[@]}" mount "$ctr")"
    cp -a "$rootfs"/. "$mnt"/
    "${buildah[@]}" umount "$ctr"
    "${buildah[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$ctr"
    "${buildah[@]}" commit --rm "$ctr" "$base"
  fi
fi

version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)"
for image in service trainer; do
  "${buildah[@]}" bud --isolation chroot --layers \
    --build-arg BASE="$base" --build-arg VERSION="$version" \
    -f "docker/$image.Dockerfile" -t "actionstream/$image:$tag" .
done
for image in service trainer; do "${buildah[@]}" images "actionstream/$image:$tag"; done
