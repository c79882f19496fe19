package io.actionstream.deployment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The chart in helm/actionstream rendered by real Helm (helm-java runs Helm's own Go code) with
 * some values set, and the manifests parsed into fabric8's typed Kubernetes objects.
 */
final class RenderedChart {
  static final Path CHART = Path.of("..", "helm", "actionstream");

  /** The Kubernetes version rendered for (the chart needs 1.25 or newer). */
  static final String KUBE_VERSION = "1.30.0";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "ConfigMap", ConfigMap.class,
          "Service", Service.class,
          "Deployment", Deployment.class,
          "StatefulSet", StatefulSet.class,
          "CronJob", CronJob.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "PodDisruptionBudget", PodDisruptionBudget.class);

  final String yaml;
  final List<HasMetadata> objects = new ArrayList<>();
  final List<JsonNode> untyped = new ArrayList<>();

  private RenderedChart(String yaml) throws IOException {
    this.yaml = yaml;
    List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    for (JsonNode doc : docs) {
      if (doc == null || doc.isNull() || !doc.has("kind")) {
        continue;
      }
      Class<? extends HasMetadata> type = KINDS.get(doc.get("kind").asText());
      if (type == null) {
        untyped.add(doc);
      } else {
        objects.add(JSON.treeToValue(doc, type));
      }
    }
  }

  /** Renders the chart with {@code values} set ({@code --set key=value}). */
  static RenderedChart render(Map<String, Object> values) throws IOException {
    TemplateCommand template =
        new Helm(CHART).template().withName("as").withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return new RenderedChart(template.call());
  }

  /** Renders the chart with a values file, as {@code helm template -f FILE}. */
  static RenderedChart renderWithValues(Path valuesFile) throws IOException {
    return new RenderedChart(
        new Helm(CHART)
            .template()
            .withName("as")
            .withKubeVersion(KUBE_VERSION)
            .withValuesFile(valuesFile)
            .call());
  }

  static RenderedChart render(Object... keyValues) throws IOException {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put((String) keyValues[i], keyValues[i + 1]);
    }
    return render(values);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", got " + found.size());
    }
    return found.get(0);
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** Every pod spec the chart renders: the workload and the cron job. */
  List<PodSpec> podSpecs() {
    List<PodSpec> specs = new ArrayList<>();
    all(Deployment.class).forEach(d -> specs.add(d.getSpec().getTemplate().getSpec()));
    all(StatefulSet.class).forEach(d -> specs.add(d.getSpec().getTemplate().getSpec()));
    all(CronJob.class)
        .forEach(c -> specs.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
    return specs;
  }

  /** Every container and init container. */
  List<Container> containers() {
    List<Container> all = new ArrayList<>();
    for (PodSpec p : podSpecs()) {
      all.addAll(p.getContainers());
      if (p.getInitContainers() != null) {
        all.addAll(p.getInitContainers());
      }
    }
    return all;
  }

  /** The service's settings file from a ConfigMap. */
  static Map<String, String> properties(ConfigMap map) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(map.getData().get("service.properties")));
    Map<String, String> out = new HashMap<>();
    p.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return out;
  }
}
