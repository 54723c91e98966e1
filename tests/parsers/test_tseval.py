"""The bounded static evaluator of TypeScript/JavaScript (:mod:`stagelint.parsers.tseval`).

What it knows is computed exactly, with the position of the code that wrote it; what it
cannot know is :class:`Unknown` with a reason; nothing it is given runs longer than its
budget.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from stagelint.model.deployment import Location
from stagelint.model.source import SourceText
from stagelint.parsers import tseval, typescript
from stagelint.parsers.tseval import (
    UNDEFINED,
    Arr,
    Budget,
    BudgetExceeded,
    Evaluator,
    Func,
    Host,
    HostValue,
    JsValue,
    Obj,
    Prim,
    Thrown,
    Unknown,
)


def run(code: str, path: str = "config.ts", host: Host | None = None) -> tuple[Any, Evaluator]:
    parsed = typescript.parse(SourceText(path, code))
    evaluator = Evaluator(parsed, host or Host(), Budget.for_source(len(code)))
    module = evaluator.run_module()
    return module, evaluator


def default(code: str, host: Host | None = None) -> JsValue:
    module, _ = run(code, host=host)
    assert module.default is not None
    return module.default


def plain(value: JsValue) -> Any:
    """A JsValue as Python data; unknowns as ('?', reason)."""
    if isinstance(value, Prim):
        return value.value
    if isinstance(value, Obj):
        data = {key: plain(prop.value) for key, prop in value.entries.items()}
        if value.rest is not None:
            data["..."] = ("?", value.rest.reason)
        return data
    if isinstance(value, Arr):
        items = [plain(item) for item in value.items]
        if value.rest is not None:
            items.append(("?...", value.rest.reason))
        return items
    if isinstance(value, Unknown):
        return ("?", value.reason)
    return value


def where(evaluator: Evaluator, value: JsValue) -> tuple[int, int, int, int]:
    loc: Location = evaluator.parsed.location(value.node)
    return loc.line, loc.column, loc.end_line, loc.end_column


# -- literals and positions -----------------------------------------------------------------


def test_literals_are_decoded_as_javascript_does() -> None:
    value = default(
        'export default {a: "x\\ty", b: `multi\nline`, c: 0x1F, d: 1_000, e: 2.5e1, '
        "f: true, g: null, h: undefined, i: -3, j: 'é\\u{1F600}'};"
    )
    assert plain(value) == {
        "a": "x\ty",
        "b": "multi\nline",
        "c": 31,
        "d": 1000,
        "e": 25,
        "f": True,
        "g": None,
        "h": UNDEFINED,
        "i": -3,
        "j": "é\U0001f600",
    }


def test_values_keep_the_position_of_the_literal_that_wrote_them() -> None:
    code = 'const url = "https://x";\nexport default {\n  é: url,\n  "b": 1 };\n'
    module, evaluator = run(code)
    value = module.default
    assert isinstance(value, Obj)
    assert where(evaluator, value.entries["é"].value) == (1, 13, 1, 24)
    assert value.entries["é"].key is not None
    key = evaluator.parsed.location(value.entries["é"].key)
    assert (key.line, key.column, key.end_column) == (3, 3, 4)
    assert where(evaluator, value.entries["b"].value) == (4, 8, 4, 9)
    url = value.entries["é"].value
    assert isinstance(url, Prim) and url.literal


def test_positions_count_code_points_after_non_ascii_text() -> None:
    module, evaluator = run('// ünïcödé 🎉\nexport default {k: "v"};')
    assert isinstance(module.default, Obj)
    assert where(evaluator, module.default.entries["k"].value) == (2, 20, 2, 23)


# -- objects, arrays, spreads ----------------------------------------------------------------


def test_object_spreads_copy_and_override_in_order() -> None:
    value = default(
        "const base = {a: 1, b: 2};\nexport default {...base, b: 3, c: [...[1, 2], 3]};"
    )
    assert plain(value) == {"a": 1, "b": 3, "c": [1, 2, 3]}


def test_a_spread_of_an_import_makes_earlier_keys_unknown_but_not_later_ones() -> None:
    value = default('import x from "./x";\nexport default {a: 1, ...x, b: 2};')
    assert isinstance(value, Obj)
    assert set(value.entries) == {"b"}
    assert value.rest is not None and "imported from './x'" in value.rest.reason
    assert isinstance(value.get("a"), Unknown)


def test_a_conditional_spread_makes_only_the_keys_its_branches_set_unknown() -> None:
    value = default(
        "const flag = process.env.FLAG === '1';\n"
        "export default {a: 1, ...(flag ? {b: 2} : {}), ...(flag && {c: 3}), d: 4};"
    )
    data = plain(value)
    assert data["a"] == 1 and data["d"] == 4
    assert data["b"][0] == "?" and "environment variable FLAG" in data["b"][1]
    assert data["c"][0] == "?"


def test_computed_keys_from_constants_are_known() -> None:
    value = default('const REGION = "ams";\nexport default {[REGION]: 1, [`k${1 + 1}`]: 2};')
    assert plain(value) == {"ams": 1, "k2": 2}


def test_an_unknown_array_spread_keeps_the_known_items_and_marks_the_rest() -> None:
    value = default('import more from "m";\nexport default [1, ...more, 2];')
    data = plain(value)
    assert data[:2] == [1, 2]
    assert data[2][0] == "?..."


# -- conditions --------------------------------------------------------------------------------


class Env(Host):
    """A host whose ``env`` global is a known environment name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def global_value(self, name: str, node: Any) -> JsValue | None:
        return Prim(self.name, node) if name == "ENV" else None


CONDITIONAL = """
const prod = ENV === "production";
const replicas = prod ? 3 : 1;
let label = "a";
if (!prod) { label = "b"; } else { label = "c"; }
const picked = ENV !== "staging" && "not-staging" || "staging";
export default { replicas, label, picked, both: prod ? "same" : "same", env: ENV ?? "" };
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("production", {"replicas": 3, "label": "c", "picked": "not-staging"}),
        ("staging", {"replicas": 1, "label": "b", "picked": "staging"}),
    ],
)
def test_conditions_on_a_known_value_are_decided(name: str, expected: dict[str, Any]) -> None:
    data = plain(default(CONDITIONAL, Env(name)))
    assert data == {**expected, "both": "same", "env": name}


def test_undecidable_conditions_make_what_they_choose_unknown() -> None:
    data = plain(default(CONDITIONAL.replace('ENV === "production"', "process.env.PROD")))
    assert data["replicas"][0] == "?"
    assert data["label"][0] == "?" and "changed under a condition" in data["label"][1]
    assert data["both"] == "same"  # both branches agree


def test_a_branch_that_only_throws_does_not_change_anything() -> None:
    code = (
        "let x = 1;\nif (!process.env.TARGET) { throw new Error('set TARGET'); }\nexport default x;"
    )
    assert plain(default(code)) == 1


def test_a_throw_the_condition_decides_is_reported() -> None:
    code = (
        "export default (env) => {\n"
        '  if (env !== "staging") throw new Error("staging only");\n'
        "  return 1;\n"
        "};"
    )
    module, evaluator = run(code)
    result = evaluator.call(module.default, [Prim("production", module.default.node)])
    assert isinstance(result, Thrown) and "line 2" in result.reason
    assert plain(evaluator.call(module.default, [Prim("staging", module.default.node)])) == 1


def test_switch_on_a_known_value_runs_the_matching_case() -> None:
    code = (
        "const env = 'staging'; let n = 0;\n"
        "switch (env) { case 'production': n = 3; break; case 'staging': n = 2; break;"
        " default: n = 1; }\n"
        "export default n;"
    )
    assert plain(default(code)) == 2


# -- functions ---------------------------------------------------------------------------------


def test_helpers_defined_in_the_file_are_called_with_their_arguments() -> None:
    code = (
        "const suffix = (name, prod = false) => prod ? name + '-production' : name;\n"
        "function make({ name, port = 80 }) { return { name: suffix(name, true), port }; }\n"
        "export default [make({ name: 'api' }), make({ name: 'web', port: 8080 })];"
    )
    assert plain(default(code)) == [
        {"name": "api-production", "port": 80},
        {"name": "web-production", "port": 8080},
    ]


def test_loops_over_known_arrays_run_and_other_loops_make_assigned_names_unknown() -> None:
    code = (
        "const out = [];\n"
        "for (const n of ['a', 'b']) { out.push(n.toUpperCase()); }\n"
        "let i = 0; while (i < 3) { i++; }\n"
        "export default { out, joined: out.join('+'), i };"
    )
    data = plain(default(code))
    assert data["out"] == ["A", "B"] and data["joined"] == "A+B"
    assert data["i"][0] == "?" and "loop" in data["i"][1]


def test_builtins_and_methods() -> None:
    code = (
        "const PORT = 8081;\n"
        "export default { s: String(PORT), keys: Object.keys({a: 1, b: 2}),"
        " frozen: Object.freeze({x: 1}), parts: 'a,b'.split(','),"
        " has: ['staging', 'production'].includes('staging'),"
        " tpl: `p-${PORT}`, upper: 'x'.toUpperCase(), n: Number('42') };"
    )
    assert plain(default(code)) == {
        "s": "8081",
        "keys": ["a", "b"],
        "frozen": {"x": 1},
        "parts": ["a", "b"],
        "has": True,
        "tpl": "p-8081",
        "upper": "X",
        "n": 42,
    }


def test_environment_reads_are_unknown_and_named() -> None:
    value = default("export default { a: process.env.API_KEY, b: import.meta.env.VITE_X };")
    assert isinstance(value, Obj)
    a, b = value.entries["a"].value, value.entries["b"].value
    assert isinstance(a, Unknown) and a.env_var == "API_KEY"
    assert isinstance(b, Unknown) and b.env_var == "VITE_X"


def test_host_values_get_their_meaning_from_the_host() -> None:
    class Railway(Host):
        def imported(self, module: str, name: str, node: Any) -> JsValue:
            return HostValue(f"fn:{name}", node)

        def call(self, callee: HostValue, args: list[JsValue], node: Any) -> JsValue:
            return HostValue("resource", node, (callee.kind, [plain(a) for a in args]))

    value = default(
        'import { service } from "railway/iac";\nexport default service("api", {start: "x"});',
        Railway(),
    )
    assert isinstance(value, HostValue)
    assert value.data == ("fn:service", ["api", {"start": "x"}])


def test_exports_named_and_commonjs() -> None:
    module, _ = run('export const partial = "beacon";\nexport default () => 1;')
    assert plain(module.exports["partial"]) == "beacon"
    assert isinstance(module.default, Func)
    module, _ = run("module.exports = { a: 1 };", path="config.cjs")
    assert plain(module.default) == {"a": 1}


def test_reasons_never_quote_string_values() -> None:
    value = default(
        'import h from "h";\nexport default { a: h("sk_live_abcdefghijklmnop"), '
        'b: "sk_live_abcdefghijklmnop".foo() };'
    )
    for reason in (plain(value)["a"][1], plain(value)["b"][1]):
        assert "sk_live" not in reason


# -- the budget ----------------------------------------------------------------------------------


def doubling(count: int) -> str:
    lines = ["const a0 = ['x'];"]
    lines += [f"const a{i} = [...a{i - 1}, ...a{i - 1}];" for i in range(1, count + 1)]
    lines.append(f"export default a{count};")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(doubling(40), id="array-doubling"),
        pytest.param(
            "let s = 'ab';\n" + "s = s + s;\n" * 60 + "export default s;", id="string-doubling"
        ),
        pytest.param(
            "const f = (n) => n <= 0 ? 1 : f(n - 1) + f(n - 1);\nexport default f(40);",
            id="exponential-calls",
        ),
        pytest.param(
            "let o = {a: 1};\n" + "o = {...o, ...o, b: o};\n" * 40 + "export default o;",
            id="object-nesting",
        ),
        pytest.param("export default " + "[" * 5000 + "]" * 5000 + ";", id="deep-nesting"),
        pytest.param("const f = (n) => f(n + 1);\nexport default f(0);", id="recursion"),
        pytest.param(
            doubling(12).replace(f"export default a{12};", "")
            + "\nconst big = Object.fromEntries(a12.map((x, i) => ['k' + i, x]));"
            + "\nconst {k0, ...rest} = big;"
            + "\nexport default a10.map(() => [Object.keys(big).length, a12.includes(2),"
            + " a12.join(',').length, ({...rest}).k1]);",
            id="builtins-on-big-values-in-a-loop",
        ),
    ],
)
def test_pathological_files_stop_at_the_budget_in_well_under_a_second(code: str) -> None:
    assert len(code.encode()) <= 31_000
    # CPU time: the machines that run the suite are shared, and wall time there varies tenfold
    started = time.process_time()
    try:
        run(code)
    except BudgetExceeded as exc:
        assert exc.message
    elapsed = time.process_time() - started
    assert elapsed < 0.8, elapsed


def test_the_one_kilobyte_doubling_file_is_stopped_with_a_clear_reason() -> None:
    code = doubling(40)
    assert len(code) < 1300
    with pytest.raises(BudgetExceeded, match="evaluation steps") as caught:
        run(code)
    assert caught.value.node is not None


def test_the_budget_grows_with_the_file() -> None:
    assert Budget.for_source(0).max_steps == tseval.MAX_STEPS
    assert Budget.for_source(1000).max_steps == tseval.MAX_STEPS + 1000 * tseval.STEPS_PER_BYTE


def test_a_syntax_error_still_evaluates_what_parses() -> None:
    module, _ = run("export default { a: 1, b: };")
    assert module.default is not None
