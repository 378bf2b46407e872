/**
 * The wallet sandbox: the wallet-card platform of {@code shared/vendor-apis/wallet-card-platform.txt} (customers,
 * cards, templates and the card-type-specific operations) under {@code /sandbox/wallet/api/v2/}, with paths and
 * bodies from the project's contract ({@code shared/contracts/wallet.openapi.yaml}), since the document gives none.
 * What is left open, and the reading taken, is in {@code NOTES.md} next to these classes.
 */
package org.loyaltyhub.sandbox.wallet;
