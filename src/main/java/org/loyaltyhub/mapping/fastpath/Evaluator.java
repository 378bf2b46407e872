package org.loyaltyhub.mapping.fastpath;

/**
 * One compiled piece of an expression: given the context item ({@code $}) and the evaluation's state, the value the
 * interpreter's evaluation of the same piece gives (after its unwrapping of sequences).
 */
abstract class Evaluator {

    abstract Object evaluate(Object input, Context context);
}
