package io.actionstream.core.synth;

import io.actionstream.core.synth.Vocabulary.ShapeKind;
import java.util.List;

/**
 * Everything random about one clip, drawn before any pixel is: the moving target, the static
 * distractors and the background. Coordinates are in pixels with (0, 0) the top-left corner of the
 * frame; angles in radians, clockwise on screen.
 *
 * @param target the moving object
 * @param distractors static objects drawn behind the target
 * @param background the background of every frame
 */
record Scene(TargetPath target, List<StaticObject> distractors, Background background) {

  /** An object that never moves. */
  record StaticObject(ShapeKind shape, int rgb, double radius, double cx, double cy, double angle) {
    double boundingRadius() {
      return radius * Shapes.BOUNDING_RADIUS;
    }
  }

  /**
   * The target's pose as a function of clip time u in [0, 1] (frame t of T has u = t/(T-1)): centre
   * moves linearly by (dx, dy) and is lifted by a parabola of peak {@code jump} at u = 0.5, the
   * angle turns linearly by {@code spin} and the scale goes linearly from 1 to {@code scaleEnd}.
   */
  record TargetPath(
      ShapeKind shape,
      int rgb,
      double radius,
      double x0,
      double y0,
      double angle0,
      double dx,
      double dy,
      double jump,
      double spin,
      double scaleEnd) {

    double cx(double u) {
      return x0 + dx * u;
    }

    double cy(double u) {
      return y0 + dy * u - jump * 4 * u * (1 - u);
    }

    double angle(double u) {
      return angle0 + spin * u;
    }

    double scale(double u) {
      return 1 + (scaleEnd - 1) * u;
    }

    double boundingRadius(double u) {
      return radius * scale(u) * Shapes.BOUNDING_RADIUS;
    }
  }

  /**
   * A background of base colour (r, g, b) plus a linear gradient: value = base + amplitude · ((x -
   * W/2)·cos(direction) + (y - H/2)·sin(direction)) / max(H, W), per channel.
   */
  record Background(int r, int g, int b, double direction, double amplitude) {}
}
