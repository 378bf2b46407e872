/**
 * The codes sandbox: the discount-code admin API of {@code shared/vendor-apis/codes-discount-code-admin.txt} (the
 * paged list as a GET with a JSON body, create, update, delete) under
 * {@code /sandbox/codes/api/v2/admin/discount-codes}. What the document leaves open, and the reading taken, is in
 * {@code NOTES.md} next to these classes.
 */
package org.loyaltyhub.sandbox.codes;
