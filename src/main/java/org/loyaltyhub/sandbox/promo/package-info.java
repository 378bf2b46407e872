/**
 * The promo sandbox: promo-code attach of {@code shared/vendor-apis/promo-code-attach.txt}, JSON or XML, under
 * {@code /sandbox/promo/api/v1.1/promocodes/attach}. What the document leaves open, and the reading taken, is in
 * {@code NOTES.md} next to these classes.
 */
package org.loyaltyhub.sandbox.promo;
