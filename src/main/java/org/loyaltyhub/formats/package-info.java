/**
 * Body formats the hub reads and writes at its edges: JSON, and XML read as the equivalent JSON tree and
 * written from one by Jackson XML ({@link org.loyaltyhub.formats.XmlTrees}), so one mapping serves a vendor's JSON
 * and XML. XML is read safely (any DOCTYPE refused, nesting and size bounded).
 */
package org.loyaltyhub.formats;
