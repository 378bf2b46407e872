package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.mapping.FastPathCheck.Case;

/**
 * The compiler's semantics, one topic at a time: each expression must compile to the fast path and give the
 * interpreter's outcome on every document and every set of bindings below (documents with arrays at every level,
 * JSON nulls, an array message, scalars, nothing).
 */
class FastPathSemanticsTests {

    private static final ObjectMapper JSON = MappingEngine.resultMapper(MappingFixtures.json());
    private static final ResultTrees TREES = new ResultTrees(JSON);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private static final List<String> DOCUMENTS = List.of(
            """
            {"a": 1, "b": "x", "c": null, "d": true, "e": [1, 2, 3], "obj": {}, "empty": [],
             "f": {"g": "h", "i": [{"j": 1}, {"j": 2}, {"k": null}, {"j": [3, 4]}]},
             "items": [{"name": "A", "n": 1, "tags": ["t1", "t2"]}, {"name": "B", "n": 2.5, "tags": []}, {"name": null}],
             "nested": [[1, 2], [3], [], [[4]]], "big": 12345678901234, "half": 0.5, "neg": -3, "s": "  Mixed Ünï  "}
            """,
            """
            {"a": [1], "b": ["x", "y"], "c": [null], "e": [[1]], "items": {"name": "single", "tags": "t"},
             "f": [{"g": "h1"}, {"g": "h2", "i": {"j": 9}}], "nested": [], "obj": {"a": {"a": 1}}}
            """,
            """
            [{"a": 1, "b": "p"}, {"a": 2, "b": "q"}, {"c": 3}, [{"a": 4}], 5, null]
            """,
            "[]", "[[]]", "{}", "\"text\"", "5", "null", "true",
            """
            {"a": "1", "b": 2, "c": {"d": null}, "d": "true", "e": "1,2", "items": [], "f": {"g": null}}
            """);

    private static final List<String> BINDINGS = List.of(
            """
            {"config": {"currency": "MDL", "n": 2, "list": [1, 2], "nested": {"x": 1}}, "headers": {"h": "v", "num": 3},
             "bindings": {}}
            """,
            """
            {"config": {}, "headers": {}, "bindings": {"request": {"number": "42", "x": [1, 2]}, "card": {"program": "p"}, "x": 7}}
            """,
            """
            {"config": {"currency": 5}, "headers": {"h": null}, "bindings": {"config": "override", "headers": [1], "y": null}}
            """);

    @Test
    void pathsAndSequences() {
        assertSameAsInterpreter("a", "e", "f.g", "f.i.j", "f.i.k", "items.name", "items.tags", "items.n", "nested", "nested.$",
                "$", "$$", "$.a", "$$.a", "$.items.name", "$$.e", "missing", "missing.x", "e.x", "a.b", "obj.x", "empty",
                "empty.x", "c", "c.x", "f.i", "items.tags.$", "\"a\"", "f.\"g\"", "`a`", "`items`.name", "obj.a.a",
                "items.$.name", "in", "and.or");
    }

    @Test
    void variablesAndBindings() {
        assertSameAsInterpreter("$config", "$config.currency", "$config.list", "$config.nested.x", "$headers", "$headers.h",
                "$request", "$request.x", "$card.program", "$missing", "$x", "$y", "$$.items.name", "$config.missing.deeper");
    }

    @Test
    void literals() {
        assertSameAsInterpreter("null", "true", "false", "1", "1.5", "-2", "-0", "1e3", "0.1", "12345678901234", "1e300",
                "\"str\"", "'single'", "\"\\u00e9\\n\\t\\\"\"", "-a", "-missing", "-b", "-half", "-e", "-(a)", "- -a", "/* c */ 1");
    }

    @Test
    void objectConstructors() {
        assertSameAsInterpreter("{\"x\": a, \"y\": missing, \"z\": c}", "{\"x\": items.name}", "{\"x\": {\"y\": a, \"z\": {}}}",
                "{}", "{\"a\": 1, \"a\": 2}", "{b: a}", "{a: b}", "{\"k\": $}", "{\"k\": $$}", "{\"n\": null, \"m\": missing}",
                "{\"x\": e, \"y\": [e]}", "{\"names\": b}", "{\"k\": a, \"k\": b}", "{b: 1, \"x\": 2}", "{$string(a): 1}",
                "{\"outer\": {\"inner\": $}}", "{\"v\": f.i.j}");
    }

    @Test
    void arrayConstructorsAndIndexes() {
        assertSameAsInterpreter("[a, b]", "[a, missing, c]", "[e]", "[e, e]", "[[e]]", "[nested]", "[items.name]", "[]",
                "[a, [b, c], e]", "[1, 2, 3][1]", "[a, b][0]", "[a, b][-1]", "[a, b][5]", "[a, b][-5]", "[missing, a][0]",
                "[[1, 2], 3][0]", "[e][0]", "[nested][0]", "[[a, b]][0][1]", "[e, a][1.7]", "[e, a][0][0]", "[\"[\", a]",
                "[f.i]", "[f.i.j]", "[items.tags][2]", "[$]", "[$$][0]", "[[]]", "[[], []]", "[null, c]", "[obj, empty]",
                "[c, a][0]", "[c][0]", "[e, c][3]", "[$, a][1]", "[f.i.j][2]", "[items.name, a][2]", "[f.i.k, a][0]", "[nested, e][4]",
                "[[e], e][0]", "[empty, a][0]", "[$$][1]");
    }

    @Test
    void conditions() {
        assertSameAsInterpreter("a ? \"y\" : \"n\"", "missing ? 1", "c ? 1 : 2", "e ? 1 : 2", "empty ? 1 : 2", "obj ? 1 : 2",
                "\"\" ? 1 : 2", "0 ? 1 : 2", "b = \"x\" ? 1 : b = \"y\" ? 2", "items ? items : \"none\"", "a ? b ? 1 : 2 : 3",
                "nested ? 1 : 2", "[0] ? 1 : 2", "[c] ? 1 : 2");
    }

    @Test
    void equalityAcrossTypes() {
        assertSameAsInterpreter("a = 1", "a = \"1\"", "a = 1.0", "c = null", "missing = null", "missing != null", "c != null",
                "e = [1, 2, 3]", "e = e", "obj = {}", "d = true", "d = 1", "b != \"x\"", "items.name = \"A\"", "f = f", "null = null",
                "big = 12345678901234", "half = 0.5", "-0 = 0", "b = b", "missing = missing", "missing != missing", "[] = []",
                "e != e");
    }

    @Test
    void comparisons() {
        assertSameAsInterpreter("a < 2", "a <= 1", "b > \"a\"", "b >= \"x\"", "a < \"2\"", "d < 1", "c < 1", "missing < 1",
                "e < 1", "1.5 > a", "big > a", "\"a\" < \"B\"", "obj > 1", "a > missing");
    }

    @Test
    void logic() {
        assertSameAsInterpreter("a and b", "missing or a", "c and true", "e and obj", "false or missing", "empty or \"\"",
                "a and $decimalAdd(\"x\", 1)", "false and $decimalAdd(\"x\", 1)", "true and $error(\"boom\")",
                "a or $error(\"never\")", "missing and $error(\"never\")", "$decimalAdd(\"x\", 1) and true",
                "true or $lowercase(1)", "false or $lowercase(1)", "a and (b or c)");
    }

    @Test
    void concatenationAndMembership() {
        assertSameAsInterpreter("a & b", "b & missing", "e & \"x\"", "obj & f", "c & \"!\"", "d & 1.5", "half & big", "items & 1",
                "a in e", "\"A\" in items.name", "missing in e", "a in 1", "1 in [1, \"1\"]", "c in [null]", "2.0 in e", "e in e",
                "b in missing", "$ & \"\"", "s & s");
    }

    @Test
    void arithmetic() {
        assertSameAsInterpreter("a + 1", "a * 2.5", "a - missing", "b + 1", "1 + b", "1 / 0", "7 % 3", "a / 3", "half * 2",
                "big * 1000", "-7 % 3", "e + 1", "c + 1", "missing + b", "0.1 + 0.2");
    }

    @Test
    void blocksAndShadowing() {
        assertSameAsInterpreter("($x := a; $x)", "($x := 1; ($x := 2; $x) & $x)", "($x := $config; $x.currency)",
                "($config := \"c\"; $config)", "($x := a; ($y := $x + 1; $y) + $x)", "($x := missing; $exists($x))",
                "($x := e; $x[1])", "()", "($a := 1; $b := 2)", "(a; b)", "($x := 1; {\"v\": $x, \"w\": ($x := 2; $x), \"u\": $x})",
                "$x := 5", "($string := \"s\"; $string)", "($error := 1; $error + 1)", "($y := $x; $x := 2; $y & $x)",
                "($x := $x; $x)", "(($x := 1); $x)", "($x := items; $x.name)", "($x := [1, 2]; $x[0] + $x[-1])",
                "($p := [1, 2, 3]; a in $p)", "($v := c; $v = null ? \"null\" : $v)", "($o := {\"k\": a}; $o.k)",
                "($o := {\"k\": items.name}; $o.k)", "($o := {\"k\": items.name}; [$o.k])", "($o := [f.i, e]; $o.j)",
                "($l := items.tags; $l[1])", "($l := [nested]; $l.$)");
    }

    @Test
    void functions() {
        assertSameAsInterpreter("$exists(a)", "$exists(missing)", "$exists(c)", "$exists(empty)", "$string(a)", "$string(b)",
                "$string(c)", "$string(e)", "$string(obj)", "$string(missing)", "$string(1.5)", "$string(d)", "$string(f)",
                "$string(big)", "$string(1e21)", "$string(half)", "$number(\"12\")", "$number(b)", "$number(a)", "$number(d)",
                "$number(missing)", "$number(c)", "$number(\"1.50\")", "$number(\"0x1F\")", "$number(\" 7 \")", "$number(e)",
                "$boolean(b)", "$boolean(e)", "$boolean(c)", "$boolean(0)", "$not(a)", "$not(missing)", "$not(\"\")", "$count(e)",
                "$count(a)", "$count(missing)", "$count(items)", "$count(nested)", "$lookup(f, \"g\")", "$lookup(items, \"name\")",
                "$lookup(f, a)", "$lookup($config, \"currency\")", "$lookup(obj, \"x\")", "$lookup({\"m\": 1, \"f\": 2.0}, b)",
                "$type(a)", "$type(c)", "$type(e)", "$type(obj)", "$type(missing)", "$type(items.name)", "$type(b)", "$type(d)",
                "$lowercase(b)", "$uppercase(\"ÄbC\")", "$trim(s)", "$length(b)", "$length(\"😀\")", "$lowercase(a)",
                "$lowercase(missing)", "$lowercase(e)", "$substring(\"abcdef\", 2)", "$substring(\"abcdef\", -2)",
                "$substring(\"abcdef\", 1, 2)", "$substring(b, a)", "$substring(\"abc\", 1.5)", "$substring(\"😀abc\", 1, 2)",
                "$substring(missing, 1)", "$substring(a, 1)", "$error(\"boom\")", "$error()", "$error(a)", "$error(missing)",
                "$merge([{\"a\": 1}, {\"b\": 2}])", "$sum(e)", "$join([\"a\", \"b\"], \"-\")", "$keys(f)", "$append(e, a)",
                "$round(2.555, 2)", "$floor(half)", "$abs(neg)", "$string()", "$lowercase()", "$count()", "$exists()",
                "$append(e, a)[0]", "$lookup(items, \"name\")[1]", "$string($string(a))", "$not($exists(c))",
                "$contains(b, \"x\")", "$split(\"a,b\", \",\")", "$replace(\"abc\", \"b\", \"x\")", "$toMillis(\"2024-01-01T00:00:00Z\")",
                "$fromMillis(0)", "$formatNumber(12.5, \"#0.00\")", "$distinct([1, 1, 2])", "$reverse(e)", "$spread(f)",
                "$max(e)", "$average(e)", "$power(2, 3)", "$sqrt(4)", "$ceil(half)", "$formatBase(255, 16)", "$pad(b, 4)",
                "$base64encode(\"x\")", "$encodeUrlComponent(\"a b\")", "$substringBefore(\"a-b\", \"-\")");
    }

    @Test
    void hubDecimalFunctions() {
        assertSameAsInterpreter("$decimalAdd(\"1.10\", \"2\")", "$decimalAdd(a, 1.5)", "$decimalSubtract(\"1\", \"0.01\")",
                "$decimalMultiply(\"1.5\", 2)", "$decimalPercent(\"10\", \"5\", 2)", "$decimalPercent(a, b, 0)",
                "$decimalFloor(\"5.9\")", "$decimalFloor(\"-5.1\")", "$decimalNumber(\"1.50\")", "$decimalToUnits(\"6.17\", 2)",
                "$decimalToUnits(\"6.175\", 2)", "$decimalRound(\"1.005\", 2)", "$decimalRound(\"1\", -1)", "$decimalAdd(missing, 1)",
                "$decimalNumber(c)", "$string($decimalFloor(\"7.2\"))", "{\"units\": $decimalToUnits(\"1\", 0)}");
    }

    @Test
    void errorsKeepTheirCodesAndPositions() {
        assertSameAsInterpreter("$error(\"boom\")", "(\n  $x := 1;\n  $error(\"at line 3\")\n)", "{\"k\": $number(\"abc\")}",
                "[1, $lowercase(2)]", "{a: 1}", "b + 1", "-b", "a < \"1\"", "true and $decimalFloor(\"x\")", "$decimalFloor(\"x\")",
                "$substring(1, 2, 3, 4)", "$lookup(1)", "$count(1, 2)");
    }

    @Test
    void arrayMessagesAreGroupedByObjectConstructors() {
        assertSameAsInterpreter("{\"all\": a}", "{\"first\": $[0]}", "{b: a}", "{\"k\": $}", "$", "a", "$.a", "[$]", "$[1]",
                "{\"x\": {\"y\": a}}");
    }

    private static void assertSameAsInterpreter(String... expressions) {
        List<String> interpreterOnly = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        int cases = 0;
        for (String source : expressions) {
            CompiledMapping expression = CompiledMapping.expression("test", "test", "test", source);
            if (!expression.compiled()) {
                interpreterOnly.add(source + " (" + expression.interpreterReason() + ")");
                continue;
            }
            for (String document : DOCUMENTS) {
                for (String bindings : BINDINGS) {
                    cases++;
                    Case example = example(document, bindings);
                    FastPathCheck.difference(expression, example, JSON, TREES)
                            .ifPresent(d -> differences.add(source + " on " + document.strip() + " with " + bindings.strip() + ":\n    " + d));
                }
            }
        }
        assertThat(interpreterOnly).as("expressions expected on the fast path").isEmpty();
        assertThat(differences).as(differences.size() + " of " + cases + " cases differ:\n" + String.join("\n", differences.stream().limit(10).toList()))
                .isEmpty();
    }

    private static Case example(String document, String bindings) {
        try {
            JsonNode input = JSON.readTree(document);
            JsonNode variables = JSON.readTree(bindings);
            Map<String, Object> extra = new HashMap<>();
            variables.get("bindings").fields().forEachRemaining(field -> extra.put(field.getKey(), field.getValue()));
            return new Case(document, input, JSON.convertValue(variables.get("headers"), JSON_OBJECT),
                    JSON.convertValue(variables.get("config"), JSON_OBJECT), extra);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
