/**
 * The ecom sandbox: the discount-card API of {@code shared/vendor-apis/ecom-discount-cards.txt} (list, one card,
 * single PUT, bulk-create, bulk-update) under {@code /sandbox/ecom/external/discount-card/}. What the document
 * leaves open, and the reading taken, is in {@code NOTES.md} next to these classes.
 */
package org.loyaltyhub.sandbox.ecom;
