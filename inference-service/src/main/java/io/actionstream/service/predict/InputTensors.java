package io.actionstream.service.predict;

import io.actionstream.core.clip.Clip;
import io.actionstream.core.model.ModelManifest;
import io.actionstream.core.schema.SlotMask;
import io.actionstream.streams.predictor.ModelInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's two inputs for a batch: clips as normalised float32 {@code [B,T,3,H,W]} and masks as
 * float32 {@code [B,K]}, in direct native-order buffers that ONNX Runtime reads without a copy.
 * Buffers are kept per calling thread and batch size, so concurrent calls never share one, and
 * reused by that thread's next call of the same size (read them before the next {@link #fill}).
 */
final class InputTensors {
  /**
   * One filled batch.
   *
   * @param clips {@code [B,T,3,H,W]} floats
   * @param masks {@code [B,K]} floats
   * @param clipShape the clips' shape
   * @param maskShape the masks' shape
   */
  record Filled(FloatBuffer clips, FloatBuffer masks, long[] clipShape, long[] maskShape) {}

  private final ModelInput input;
  private final int slots;

  /** Normalised value of each uint8 per channel: {@code (u8/255 - mean[c]) / std[c]}. */
  private final float[][] normalised = new float[3][256];

  private final ThreadLocal<Map<Integer, Buffers>> buffers = ThreadLocal.withInitial(HashMap::new);

  /** Inputs of {@code input}'s shape and {@code slots} mask entries, normalised by {@code norm}. */
  InputTensors(ModelInput input, int slots, ModelManifest.Normalisation norm) {
    this.input = input;
    this.slots = slots;
    ModelManifest.Normalisation n = norm == null ? ModelManifest.Normalisation.unit() : norm;
    for (int c = 0; c < 3; c++) {
      float scale = 1f / (255f * n.std()[c]);
      float offset = -n.mean()[c] / n.std()[c];
      for (int v = 0; v < 256; v++) {
        normalised[c][v] = v * scale + offset;
      }
    }
  }

  /** Fills this thread's buffers for {@code clips.size()} clips (already checked) and masks. */
  Filled fill(List<Clip> clips, List<SlotMask> masks) {
    Buffers buf = buffers.get().computeIfAbsent(clips.size(), this::allocate);
    fillClips(clips, buf.clips, buf.plane);
    buf.masks.clear();
    for (SlotMask mask : masks) {
      buf.masks.put(mask.toFloats());
    }
    buf.masks.flip();
    return new Filled(buf.clips, buf.masks, buf.clipShape, buf.maskShape);
  }

  /**
   * Writes {@code [B,T,3,H,W]} normalised floats from {@code [t][y][x][rgb]} uint8 pixels: each
   * colour plane is de-interleaved through the per-channel lookup table into {@code plane} (a heap
   * array, so the loop has no buffer bookkeeping) and copied into {@code dst} in one bulk put.
   */
  private void fillClips(List<Clip> clips, FloatBuffer dst, float[] plane) {
    int t = input.frames();
    int hw = plane.length;
    dst.clear();
    for (Clip clip : clips) {
      byte[] px = clip.pixels();
      for (int f = 0; f < t; f++) {
        int base = clip.frameOffset(f);
        for (int c = 0; c < 3; c++) {
          float[] table = normalised[c];
          for (int i = 0, src = base + c; i < hw; i++, src += 3) {
            plane[i] = table[px[src] & 0xFF];
          }
          dst.put(plane, 0, hw);
        }
      }
    }
    dst.flip();
  }

  private Buffers allocate(int batch) {
    long[] clipShape = {batch, input.frames(), 3, input.height(), input.width()};
    long[] maskShape = {batch, slots};
    int clipFloats = Math.multiplyExact(batch, 3 * input.frames() * input.height() * input.width());
    return new Buffers(
        direct(clipFloats),
        direct(batch * slots),
        new float[input.height() * input.width()],
        clipShape,
        maskShape);
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /** One thread's input buffers for one batch size. */
  private record Buffers(
      FloatBuffer clips, FloatBuffer masks, float[] plane, long[] clipShape, long[] maskShape) {}
}
