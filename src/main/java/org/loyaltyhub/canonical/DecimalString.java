package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.math.BigDecimal} that the canonical model carries as a decimal JSON string ("5166.00"),
 * never as a JSON number, so no system in between can round it through a double.
 *
 * <p>Reading keeps the scale as written ("5166.00" stays scale 2). Writing always uses plain notation, because
 * {@code BigDecimal.toString()} switches to exponents (100.00 stripped of trailing zeros prints "1E+2"), which the
 * canonical decimal pattern refuses.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonFormat(shape = JsonFormat.Shape.STRING)
@JsonSerialize(using = PlainDecimalSerializer.class)
public @interface DecimalString {
}
