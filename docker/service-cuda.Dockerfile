# The inference service on CUDA: the same image as service.Dockerfile, built from jars of the
# -Pcuda flavour (onnxruntime_gpu) on an NVIDIA CUDA 12 + cuDNN 9 runtime base, with a JRE added.
# Build: ./mvnw -Pcuda package -DskipTests -pl inference-service,cli -am, then
#        docker build -f docker/service-cuda.Dockerfile -t actionstream/service:0.1.0-cuda .
# Not built in this project's CI: its base image is not reachable from there (docker/README.md).
ARG BASE=nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
FROM ${BASE}

ARG VERSION=0.1.0-SNAPSHOT
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless libturbojpeg-java libturbojpeg0-dev \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 actionstream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /opt/actionstream --shell /usr/sbin/nologin actionstream \
 && mkdir -p /var/lib/actionstream/state /opt/actionstream/model \
 && chown -R 10001:10001 /var/lib/actionstream

COPY inference-service/target/lib/ /opt/actionstream/service/lib/
COPY cli/target/lib/ /opt/actionstream/cli/lib/
COPY inference-service/target/actionstream-inference-service-${VERSION}.jar /opt/actionstream/service/actionstream-service.jar
COPY cli/target/actionstream-cli-${VERSION}.jar /opt/actionstream/cli/actionstream.jar
COPY cli/src/main/resources/io/actionstream/cli/models/demo-small-3/manifest.json cli/src/main/resources/io/actionstream/cli/models/demo-small-3/model.onnx /opt/actionstream/model/
COPY docker/bin/ /usr/local/bin/

ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
WORKDIR /opt/actionstream
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["actionstream-service"]
CMD ["--help"]
