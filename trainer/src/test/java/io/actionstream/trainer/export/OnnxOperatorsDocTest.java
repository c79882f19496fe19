package io.actionstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import io.actionstream.trainer.engine.Engines;
import io.actionstream.trainer.model.ActionModel;
import io.actionstream.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/model-package.md lists the ONNX operators a package may hold, for users whose runtime
 * supports only some: the list must be exactly what the exporter emits over every structural choice
 * (heads, mask inputs, poolings, stem downsampling, whole model and parts).
 */
class OnnxOperatorsDocTest {
  @Test
  void docShouldListExactlyTheOperatorsTheExporterEmits() throws IOException {
    TreeSet<String> emitted = new TreeSet<>();
    try (NDManager manager = Engines.pytorch().newBaseManager()) {
      for (ModelConfig config : structuralVariants()) {
        ActionModel model = TinyModels.create(manager, config, 3);
        OnnxExporter exporter = new OnnxExporter(model);
        List<OnnxMl.ModelProto> graphs = new ArrayList<>(List.of(exporter.model("ops", Map.of())));
        if (exporter.splittable()) {
          graphs.add(exporter.encoder("ops", Map.of()));
          graphs.add(exporter.head("ops", Map.of()));
        }
        for (OnnxMl.ModelProto graph : graphs) {
          graph.getGraph().getNodeList().forEach(n -> emitted.add(n.getOpType()));
        }
      }
    }
    assertEquals(documented(), emitted, "docs/model-package.md's operator list");
  }

  private static List<ModelConfig> structuralVariants() {
    List<ModelConfig> configs = new ArrayList<>();
    for (ModelConfig.Head head : ModelConfig.Head.values()) {
      for (ModelConfig.MaskInput mask : ModelConfig.MaskInput.values()) {
        for (ModelConfig.Pooling pooling : ModelConfig.Pooling.values()) {
          for (ModelConfig.StemDownsample stem : ModelConfig.StemDownsample.values()) {
            try {
              configs.add(
                  new ModelConfig(
                      4, 16, 16, new int[] {4}, new int[] {4, 6}, 3, head, mask, 8, pooling, stem));
            } catch (IllegalArgumentException refused) {
              // a combination the model does not build (the factored head with avg4, ...)
            }
          }
        }
      }
    }
    return configs;
  }

  /** The backticked names after "Only standard operators" up to the end of that bullet. */
  private static TreeSet<String> documented() throws IOException {
    Path path = Path.of("..", "docs", "model-package.md");
    if (!Files.exists(path)) {
      path = Path.of("docs", "model-package.md");
    }
    String doc = Files.readString(path);
    int start = doc.indexOf("Only standard operators");
    String bullet = doc.substring(start, doc.indexOf("\n- ", start));
    TreeSet<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`([A-Za-z]+)`").matcher(bullet);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
