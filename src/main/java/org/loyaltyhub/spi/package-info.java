/**
 * The point-of-sale SPI (discount-card provider interface): the hub is the server here. Requests arrive
 * through the REST routes in {@code routes/spi.camel.yaml}, become canonical messages through
 * {@code mappings/spi/}, and are applied by the ledger ({@link org.loyaltyhub.spi.SpiLedger}) on canonical
 * transactions in PostgreSQL, with their events in the same database transaction. The only package besides
 * the sandbox that knows a vendor's vocabulary.
 */
package org.loyaltyhub.spi;
