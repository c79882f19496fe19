#!/usr/bin/env bash
# Runs the images docker/build.sh built, without a Docker daemon (buildah run, chroot isolation: the host's network):
#  1. the service image's entrypoint answers --help;
#  2. the service image serves its bundled model against a broker on this machine: frames of
#     synthetic cameras go in, predictions naming the bundled model come out;
#  3. the trainer image runs a --debug training and writes a run directory.
# Needs root, buildah, and the repository's bin/ tools (the broker, produce, watch). Prints PASS or
# FAIL per check and exits non-zero on the first failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag="${1:-0.1.0}"
buildah=(buildah --storage-driver vfs)
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "${buildah[@]}" rm --all >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; exit 1; }

svc="$("${buildah[@]}" from "actionstream/service:$tag")"
"${buildah[@]}" run --isolation chroot "$svc" -- actionstream-service --help >"$work/help.txt" 2>&1 || true
grep -q "serve" "$work/help.txt" && grep -q "topics" "$work/help.txt" \
  && pass "service image: actionstream-service --help lists serve and topics" \
  || fail "service image --help: $(cat "$work/help.txt")"

port=19092
"$root/bin/actionstream" broker --port "$port" >"$work/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q "is up" "$work/broker.log" && break; sleep 1; done
grep -q "is up" "$work/broker.log" || fail "broker did not start: $(tail -5 "$work/broker.log")"

"${buildah[@]}" run --isolation chroot \
  --env ACTIONSTREAM_BOOTSTRAP_SERVERS="localhost:$port" \
  --env ACTIONSTREAM_APPLICATION_ID=smoke \
  --env ACTIONSTREAM_MODEL_PATH=/opt/actionstream/model \
  --env ACTIONSTREAM_CLIP_FRAMES=8 --env ACTIONSTREAM_CLIP_STRIDE=8 \
  --env ACTIONSTREAM_PREDICTOR_EXECUTION_PROVIDER=cpu \
  --env ACTIONSTREAM_HTTP_PORT=18080 \
  "$svc" -- actionstream-service serve >"$work/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do grep -q "started: model" "$work/service.log" && break; sleep 1; done
grep -q "started: model" "$work/service.log" || fail "service did not start: $(tail -20 "$work/service.log")"
pass "service image: serve started ($(grep -o 'started: model [^ ]*' "$work/service.log"))"
grep -q "decoded by TurboJPEG" "$work/service.log" \
  && pass "service image: JPEG frames decoded by TurboJPEG" \
  || fail "service image: no TurboJPEG: $(grep -i jpeg "$work/service.log")"

"$root/bin/actionstream" produce -b "localhost:$port" --synthetic 2 --clips-per-stream 3 --fps 100 >"$work/produce.log" 2>&1
"$root/bin/actionstream" watch -b "localhost:$port" --from-beginning --max 6 --timeout 60 >"$work/watch.log" 2>&1 || true
[[ "$(grep -c "demo-small-3" "$work/watch.log")" -ge 6 ]] \
  && pass "service image: 6 predictions by demo-small-3 for 2 synthetic cameras" \
  || fail "predictions: $(cat "$work/watch.log") $(tail -20 "$work/service.log")"
curl -fsS "http://localhost:18080/health/ready" >"$work/ready.json" \
  && pass "service image: /health/ready $(cat "$work/ready.json")" \
  || fail "health: $(cat "$work/ready.json" 2>/dev/null)"

trainer="$("${buildah[@]}" from "actionstream/trainer:$tag")"
"${buildah[@]}" run --isolation chroot "$trainer" -- actionstream-train train --debug --no-progress --output /work/run \
  >"$work/train.log" 2>&1 || fail "trainer image: $(tail -20 "$work/train.log")"
grep -q "run directory: /work/run" "$work/train.log" \
  && pass "trainer image: a --debug training wrote /work/run" \
  || fail "trainer image: $(tail -20 "$work/train.log")"
"${buildah[@]}" run --isolation chroot "$trainer" -- actionstream-train retrain --help >"$work/retrain.txt" 2>&1
grep -q -- "--labels-topic" "$work/retrain.txt" && pass "trainer image: retrain --help" \
  || fail "retrain --help: $(cat "$work/retrain.txt")"
echo "all checks passed"
