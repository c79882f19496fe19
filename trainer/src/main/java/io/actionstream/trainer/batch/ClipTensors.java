package io.actionstream.trainer.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.actionstream.core.clip.Clip;
import io.actionstream.core.clip.LabelledClip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.SlotMask;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Turns clips into model tensors. The clips' uint8 bytes are copied once into one direct buffer per
 * batch; conversion to float, scaling, normalisation and the {@code [B,T,H,W,C] → [B,T,C,H,W]}
 * transpose run inside the engine, so no per-pixel Java loop touches the data.
 */
public final class ClipTensors {
  private final int frames;
  private final int height;
  private final int width;
  private final float[] mean;
  private final float[] std;
  private final boolean unitNormalisation;

  /**
   * Creates the conversion for clips of T×H×W with the given normalisation.
   *
   * @throws IllegalArgumentException if a std value is not positive
   */
  public ClipTensors(int frames, int height, int width, ModelManifest.Normalisation norm) {
    this.frames = frames;
    this.height = height;
    this.width = width;
    this.mean = norm.mean().clone();
    this.std = norm.std().clone();
    boolean unit = true;
    for (int c = 0; c < 3; c++) {
      if (std[c] <= 0) {
        throw new IllegalArgumentException("normalisation std must be positive, got " + std[c]);
      }
      unit &= mean[c] == 0f && std[c] == 1f;
    }
    this.unitNormalisation = unit;
  }

  /**
   * The clip tensor {@code [B, T, 3, H, W]} float32 for {@code clips}.
   *
   * @throws IllegalArgumentException naming the clip whose size differs from T×H×W
   */
  public NDArray clips(NDManager manager, List<LabelledClip> clips) {
    int frameBytes = height * width * Clip.CHANNELS;
    int clipBytes = frames * frameBytes;
    ByteBuffer buffer =
        ByteBuffer.allocateDirect(clips.size() * clipBytes).order(ByteOrder.nativeOrder());
    for (LabelledClip labelled : clips) {
      Clip clip = labelled.clip();
      if (clip.frames() != frames || clip.height() != height || clip.width() != width) {
        throw new IllegalArgumentException(
            "clip "
                + labelled.id()
                + " is T="
                + clip.frames()
                + " H="
                + clip.height()
                + " W="
                + clip.width()
                + ", the model expects T="
                + frames
                + " H="
                + height
                + " W="
                + width);
      }
      buffer.put(clip.pixels(), 0, clipBytes);
    }
    buffer.flip();
    NDArray raw =
        manager.create(buffer, new Shape(clips.size(), frames, height, width, 3), DataType.UINT8);
    NDArray x = raw.toType(DataType.FLOAT32, false).div(255f);
    if (!unitNormalisation) {
      x = x.sub(manager.create(mean)).div(manager.create(std));
    }
    return x.transpose(0, 1, 4, 2, 3);
  }

  /** Word ids {@code [B, K]} int64 of the clips' sentences. */
  public static NDArray wordIds(NDManager manager, List<LabelledClip> clips) {
    int k = clips.get(0).sentence().schema().slotCount();
    long[] ids = new long[clips.size() * k];
    for (int b = 0; b < clips.size(); b++) {
      for (int s = 0; s < k; s++) {
        ids[b * k + s] = clips.get(b).sentence().wordId(s);
      }
    }
    return manager.create(ids, new Shape(clips.size(), k));
  }

  /** Masks {@code [B, K]} float32, one per clip. */
  public static NDArray masks(NDManager manager, List<SlotMask> masks) {
    int k = masks.get(0).size();
    float[] values = new float[masks.size() * k];
    for (int b = 0; b < masks.size(); b++) {
      System.arraycopy(masks.get(b).toFloats(), 0, values, b * k, k);
    }
    return manager.create(values, new Shape(masks.size(), k));
  }

  /** Model inputs {@code (clip, mask)} and labels {@code (wordIds, mask)} for one batch. */
  public Batch batch(NDManager manager, List<LabelledClip> clips, List<SlotMask> masks) {
    NDArray mask = masks(manager, masks);
    return new Batch(
        new NDList(clips(manager, clips), mask), new NDList(wordIds(manager, clips), mask));
  }

  /** Inputs and labels of one batch. */
  public record Batch(NDList inputs, NDList labels) {}
}
