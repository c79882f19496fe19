/**
 * The property schema: slots and their words, sentences made of one word per slot, and the per-slot
 * mask of the masking approach. Everything that names a property or a word goes through these
 * types, so unknown words and wrong slot counts fail in one place with one kind of error ({@link
 * io.actionstream.core.schema.SchemaException}).
 */
package io.actionstream.core.schema;
