/**
 * The compiled fast path of the mapping engine: a parser and compiler for the subset of JSONata the hub's mappings
 * use, whose evaluators follow the dashjoin interpreter's rules step for step over its own value model and public
 * helpers, so that a compiled mapping gives the interpreter's results and errors. Anything outside the subset is
 * reported as such and stays on the interpreter; {@code CompiledMapping} decides per mapping at load.
 */
package org.loyaltyhub.mapping.fastpath;
