package io.actionstream.core.synth;

import io.actionstream.core.schema.PropertySchema;
import io.actionstream.core.schema.SchemaException;
import io.actionstream.core.schema.Sentence;
import io.actionstream.core.schema.Slot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The words the generator knows how to render, and the binding of a {@link PropertySchema} to them.
 * A schema is renderable when it has exactly the slots {@code size}, {@code colour}, {@code shape}
 * and {@code action} (in any order) and every word of each is known here.
 */
final class Vocabulary {
  static final String SIZE = "size";
  static final String COLOUR = "colour";
  static final String SHAPE = "shape";
  static final String ACTION = "action";

  /** Nominal object diameter as a fraction of min(H, W). */
  enum Size {
    SMALL("small", 0.18),
    LARGE("large", 0.32);

    final String word;
    final double diameterFraction;

    Size(String word, double diameterFraction) {
      this.word = word;
      this.diameterFraction = diameterFraction;
    }
  }

  /** Saturated, well separated RGB values; the background is near-grey. */
  enum Colour {
    RED("red", 0xDC2828),
    GREEN("green", 0x28B43C),
    BLUE("blue", 0x2850E6),
    YELLOW("yellow", 0xEBD228),
    PURPLE("purple", 0x963CC8),
    CYAN("cyan", 0x28C8D2);

    final String word;
    final int rgb;

    Colour(String word, int rgb) {
      this.word = word;
      this.rgb = rgb;
    }

    int r() {
      return (rgb >> 16) & 0xFF;
    }

    int g() {
      return (rgb >> 8) & 0xFF;
    }

    int b() {
      return rgb & 0xFF;
    }
  }

  /** Outline shapes; geometry lives in {@link Shapes}. */
  enum ShapeKind {
    SQUARE("square"),
    CIRCLE("circle"),
    TRIANGLE("triangle"),
    STAR("star");

    final String word;

    ShapeKind(String word) {
      this.word = word;
    }
  }

  /** The motions; trajectories are planned in {@link ScenePlanner}. */
  enum Action {
    SLIDES_LEFT("slides left"),
    SLIDES_RIGHT("slides right"),
    SLIDES_UP("slides up"),
    SLIDES_DOWN("slides down"),
    ROTATES("rotates"),
    JUMPS("jumps"),
    GROWS("grows"),
    SHRINKS("shrinks");

    final String word;

    Action(String word) {
      this.word = word;
    }
  }

  /** A sentence resolved to renderable properties. */
  record Target(Size size, Colour colour, ShapeKind shape, Action action) {}

  private final int sizeSlot;
  private final int colourSlot;
  private final int shapeSlot;
  private final int actionSlot;
  private final Size[] sizes;
  private final Colour[] colours;
  private final ShapeKind[] shapes;
  private final Action[] actions;

  private Vocabulary(PropertySchema schema) {
    if (schema.slotCount() != 4) {
      throw new SchemaException(
          "the synthetic generator renders exactly the slots [size, colour, shape, action], "
              + "the schema has "
              + schema.slotNames());
    }
    sizeSlot = schema.slotIndex(SIZE);
    colourSlot = schema.slotIndex(COLOUR);
    shapeSlot = schema.slotIndex(SHAPE);
    actionSlot = schema.slotIndex(ACTION);
    sizes = bind(schema.slot(sizeSlot), Size.values(), s -> s.word, Size[]::new);
    colours = bind(schema.slot(colourSlot), Colour.values(), c -> c.word, Colour[]::new);
    shapes = bind(schema.slot(shapeSlot), ShapeKind.values(), s -> s.word, ShapeKind[]::new);
    actions = bind(schema.slot(actionSlot), Action.values(), a -> a.word, Action[]::new);
  }

  /**
   * Binds {@code schema} to the renderable words.
   *
   * @throws SchemaException naming the slot and word that cannot be rendered
   */
  static Vocabulary bind(PropertySchema schema) {
    return new Vocabulary(schema);
  }

  private static <E> E[] bind(
      Slot slot,
      E[] known,
      Function<E, String> word,
      java.util.function.IntFunction<E[]> newArray) {
    Map<String, E> byWord =
        Arrays.stream(known).collect(Collectors.toMap(word, Function.identity()));
    E[] bound = newArray.apply(slot.size());
    for (int i = 0; i < slot.size(); i++) {
      E e = byWord.get(slot.word(i));
      if (e == null) {
        List<String> knownWords = Arrays.stream(known).map(word).toList();
        throw new SchemaException(
            "the synthetic generator cannot render "
                + slot.name()
                + " word '"
                + slot.word(i)
                + "'; it knows "
                + knownWords);
      }
      bound[i] = e;
    }
    return bound;
  }

  /** Resolves a sentence of the bound schema. */
  Target resolve(Sentence sentence) {
    return new Target(
        sizes[sentence.wordId(sizeSlot)],
        colours[sentence.wordId(colourSlot)],
        shapes[sentence.wordId(shapeSlot)],
        actions[sentence.wordId(actionSlot)]);
  }
}
