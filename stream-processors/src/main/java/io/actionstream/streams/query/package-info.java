/**
 * Masked-property queries: {@link io.actionstream.streams.query.QueryProcessor} answers a query
 * from the asked stream's latest clip, or with an error status.
 */
package io.actionstream.streams.query;
