# The inference service (CPU): actionstream-service serve|topics|config, plus the actionstream
# command line (produce, watch, query, model ...) for the compose stack and operators.
# Build context: the repository root after `./mvnw package -DskipTests` (docker/build.sh does both).
# BASE: any image with a Java 17+ runtime on PATH; docker/build.sh --local-base builds one from
# Debian packages when no registry is reachable.
ARG BASE=eclipse-temurin:17-jre-jammy
FROM ${BASE}

ARG VERSION=0.1.0-SNAPSHOT
# TurboJPEG, the native JPEG decoder (core.image.JpegDecoders); --local-base already has it.
RUN [ -f /usr/share/java/turbojpeg.jar ] || (apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libturbojpeg-java libturbojpeg0-dev \
 && rm -rf /var/lib/apt/lists/*)
RUN (getent group actionstream || groupadd --system --gid 10001 actionstream) \
 && (getent passwd actionstream || useradd --system --uid 10001 --gid 10001 --home-dir /opt/actionstream --shell /usr/sbin/nologin actionstream) \
 && mkdir -p /var/lib/actionstream/state /opt/actionstream/model \
 && chown -R 10001:10001 /var/lib/actionstream

# Dependencies first: this layer is reused while only ActionStream's own jars change.
COPY inference-service/target/lib/ /opt/actionstream/service/lib/
COPY cli/target/lib/ /opt/actionstream/cli/lib/
COPY inference-service/target/actionstream-inference-service-${VERSION}.jar /opt/actionstream/service/actionstream-service.jar
COPY cli/target/actionstream-cli-${VERSION}.jar /opt/actionstream/cli/actionstream.jar
# The bundled demo model, for model.source=path (the chart's default is the registry).
COPY cli/src/main/resources/io/actionstream/cli/models/demo-small-3/manifest.json cli/src/main/resources/io/actionstream/cli/models/demo-small-3/model.onnx /opt/actionstream/model/
COPY docker/bin/ /usr/local/bin/

# Heap from the container's memory limit; the rest is ONNX Runtime's and RocksDB's native memory.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
WORKDIR /opt/actionstream
EXPOSE 8080
# serve closes the service on SIGTERM (shutdown hook, shutdown.timeout.ms) and exits 143
STOPSIGNAL SIGTERM
ENTRYPOINT ["actionstream-service"]
CMD ["--help"]
