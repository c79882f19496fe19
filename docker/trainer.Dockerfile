# The trainer and the retraining job: actionstream-train train|retrain|evaluate|export|summarize.
# PyTorch's natives come from the pytorch-native-cpu jar and are unpacked into DJL_CACHE_DIR on
# first use: nothing is downloaded at run time (ai.djl.offline=true).
ARG BASE=eclipse-temurin:17-jre-jammy
FROM ${BASE}

ARG VERSION=0.1.0-SNAPSHOT
# TurboJPEG, the native JPEG decoder (core.image.JpegDecoders); --local-base already has it.
RUN [ -f /usr/share/java/turbojpeg.jar ] || (apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libturbojpeg-java libturbojpeg0-dev \
 && rm -rf /var/lib/apt/lists/*)
RUN (getent group actionstream || groupadd --system --gid 10001 actionstream) \
 && (getent passwd actionstream || useradd --system --uid 10001 --gid 10001 --home-dir /work --shell /usr/sbin/nologin actionstream) \
 && mkdir -p /work && chown 10001:10001 /work

COPY trainer/target/lib/ /opt/actionstream/trainer/lib/
COPY trainer/target/actionstream-trainer-${VERSION}.jar /opt/actionstream/trainer/actionstream-train.jar
COPY docker/bin/ /usr/local/bin/

ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true" \
    DJL_CACHE_DIR=/tmp/djl-cache \
    PYTORCH_FLAVOR=cpu \
    HOME=/work
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["actionstream-train"]
CMD ["--help"]
