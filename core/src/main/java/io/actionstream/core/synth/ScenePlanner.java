package io.actionstream.core.synth;

import io.actionstream.core.synth.Scene.Background;
import io.actionstream.core.synth.Scene.StaticObject;
import io.actionstream.core.synth.Scene.TargetPath;
import io.actionstream.core.synth.Vocabulary.Colour;
import io.actionstream.core.synth.Vocabulary.ShapeKind;
import io.actionstream.core.synth.Vocabulary.Size;
import io.actionstream.core.synth.Vocabulary.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the random parameters of a clip ({@link Scene}) from a per-clip random stream. Every draw
 * happens in a fixed order, so a clip depends only on that stream's seed. Stateless.
 */
final class ScenePlanner {
  /** Relative jitter of the object diameter: ±8%. */
  static final double SIZE_JITTER = 0.08;

  /** Jitter of each colour channel: ±12 levels. */
  static final int COLOUR_JITTER = 12;

  /** Slide distance as a fraction of the frame along the motion: 35..45%. */
  static final double SLIDE_MIN = 0.35;

  static final double SLIDE_MAX = 0.45;

  /** Jump height as a fraction of the frame height: 25..35%. */
  static final double JUMP_MIN = 0.25;

  static final double JUMP_MAX = 0.35;

  /** Total rotation, either direction: 200..320 degrees. */
  static final double SPIN_MIN = Math.toRadians(200);

  static final double SPIN_MAX = Math.toRadians(320);
  static final double GROW_SCALE = 1.6;
  static final double SHRINK_SCALE = 0.6;

  /** Flat background level when background variation is off. */
  static final int FLAT_GREY = 120;

  /** Pixels kept free between an object and the frame border. */
  private static final double MARGIN = 1.0;

  private static final int PLACEMENT_TRIES = 30;

  private final GeneratorConfig config;

  ScenePlanner(GeneratorConfig config) {
    this.config = config;
  }

  Scene plan(Target target, SplittableRandom rng) {
    TargetPath path = planTarget(target, rng);
    Background background = planBackground(rng);
    List<StaticObject> distractors = planDistractors(target.colour(), path, rng);
    return new Scene(path, distractors, background);
  }

  private double nominalRadius(Size size, SplittableRandom rng) {
    double diameter = size.diameterFraction * Math.min(config.height(), config.width());
    return diameter / 2 * (1 + uniform(rng, -SIZE_JITTER, SIZE_JITTER));
  }

  private static int jitterColour(Colour colour, SplittableRandom rng) {
    int r = clamp(colour.r() + rng.nextInt(-COLOUR_JITTER, COLOUR_JITTER + 1));
    int g = clamp(colour.g() + rng.nextInt(-COLOUR_JITTER, COLOUR_JITTER + 1));
    int b = clamp(colour.b() + rng.nextInt(-COLOUR_JITTER, COLOUR_JITTER + 1));
    return (r << 16) | (g << 8) | b;
  }

  private TargetPath planTarget(Target target, SplittableRandom rng) {
    int w = config.width();
    int h = config.height();
    int rgb = jitterColour(target.colour(), rng);
    double radius = nominalRadius(target.size(), rng);
    double angle0 = uniform(rng, 0, 2 * Math.PI);
    double dx = 0;
    double dy = 0;
    double jump = 0;
    double spin = 0;
    double scaleEnd = 1;
    switch (target.action()) {
      case SLIDES_LEFT -> dx = -uniform(rng, SLIDE_MIN, SLIDE_MAX) * w;
      case SLIDES_RIGHT -> dx = uniform(rng, SLIDE_MIN, SLIDE_MAX) * w;
      case SLIDES_UP -> dy = -uniform(rng, SLIDE_MIN, SLIDE_MAX) * h;
      case SLIDES_DOWN -> dy = uniform(rng, SLIDE_MIN, SLIDE_MAX) * h;
      case ROTATES -> spin = uniform(rng, SPIN_MIN, SPIN_MAX) * (rng.nextBoolean() ? 1 : -1);
      case JUMPS -> jump = uniform(rng, JUMP_MIN, JUMP_MAX) * h;
      case GROWS -> scaleEnd = GROW_SCALE;
      case SHRINKS -> scaleEnd = SHRINK_SCALE;
    }
    // Keep the largest extent of the object inside the frame over the whole path.
    double b = radius * Shapes.BOUNDING_RADIUS * Math.max(1, scaleEnd) + MARGIN;
    double x0 = uniform(rng, b + Math.max(0, -dx), w - b - Math.max(0, dx));
    double y0 = uniform(rng, b + Math.max(0, -dy) + jump, h - b - Math.max(0, dy));
    return new TargetPath(
        target.shape(), rgb, radius, x0, y0, angle0, dx, dy, jump, spin, scaleEnd);
  }

  private Background planBackground(SplittableRandom rng) {
    if (!config.backgroundVariation()) {
      return new Background(FLAT_GREY, FLAT_GREY, FLAT_GREY, 0, 0);
    }
    int grey = rng.nextInt(60, 181);
    int r = clamp(grey + rng.nextInt(-14, 15));
    int g = clamp(grey + rng.nextInt(-14, 15));
    int b = clamp(grey + rng.nextInt(-14, 15));
    double direction = uniform(rng, 0, 2 * Math.PI);
    double amplitude = uniform(rng, 10, 40);
    return new Background(r, g, b, direction, amplitude);
  }

  private List<StaticObject> planDistractors(
      Colour targetColour, TargetPath path, SplittableRandom rng) {
    int count = rng.nextInt(config.maxDistractors() + 1);
    List<StaticObject> placed = new ArrayList<>(count);
    Colour[] colours = Colour.values();
    ShapeKind[] shapes = ShapeKind.values();
    Size[] sizes = Size.values();
    for (int i = 0; i < count; i++) {
      Colour colour = colours[rng.nextInt(colours.length - 1)];
      if (colour.ordinal() >= targetColour.ordinal()) {
        colour = colours[colour.ordinal() + 1]; // never the target's colour
      }
      ShapeKind shape = shapes[rng.nextInt(shapes.length)];
      double radius = nominalRadius(sizes[rng.nextInt(sizes.length)], rng);
      int rgb = jitterColour(colour, rng);
      double angle = uniform(rng, 0, 2 * Math.PI);
      double b = radius * Shapes.BOUNDING_RADIUS + MARGIN;
      for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
        double cx = uniform(rng, b, config.width() - b);
        double cy = uniform(rng, b, config.height() - b);
        StaticObject candidate = new StaticObject(shape, rgb, radius, cx, cy, angle);
        if (isFree(candidate, path, placed)) {
          placed.add(candidate);
          break;
        }
      }
    }
    return List.copyOf(placed);
  }

  /** Whether {@code o} keeps clear of the target's whole path and of the other distractors. */
  private static boolean isFree(StaticObject o, TargetPath path, List<StaticObject> others) {
    double b = o.boundingRadius();
    for (int k = 0; k <= 16; k++) {
      double u = k / 16.0;
      if (Math.hypot(o.cx() - path.cx(u), o.cy() - path.cy(u)) < b + path.boundingRadius(u) + 1) {
        return false;
      }
    }
    for (StaticObject other : others) {
      if (Math.hypot(o.cx() - other.cx(), o.cy() - other.cy()) < b + other.boundingRadius() + 1) {
        return false;
      }
    }
    return true;
  }

  /** Uniform in [lo, hi); the midpoint if the range is empty. */
  private static double uniform(SplittableRandom rng, double lo, double hi) {
    if (hi <= lo) {
      rng.nextDouble(); // keep the number of draws fixed
      return (lo + hi) / 2;
    }
    return lo + (hi - lo) * rng.nextDouble();
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
