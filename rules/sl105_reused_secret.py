"""SL105 reused-secret."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from stagelint.model.deployment import Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.values import is_placeholder
from stagelint.policy.context import Context
from stagelint.policy.facts import NO_SECRET, literal_facts
from stagelint.policy.rule import Rule, literal

from ._secrets import generated_keys, is_url, secret_keys, url_password

_URL_KINDS = frozenset({"url", "postgres-url", "redis-url"})
_MAX_DEPTH = 8


class ReusedSecret(Rule):
    """Two different secret variables with the same value in one service and environment.

    ## What it checks
    Within each service of the judged environment, secret variables whose effective values
    are equal: the same literal, an interpolation of another secret of the service
    (`SESSION_SECRET=${JWT_SECRET_KEY}`), or the same platform reference
    (`${{shared.APP_SECRET}}` twice). Names of one catalogue entry (`AUTH_SECRET` and
    `NEXTAUTH_SECRET`) are one variable, not two. Connection URLs are not compared (Vercel's
    Neon integration sets `DATABASE_URL` and `POSTGRES_URL` to the same URL on purpose), nor
    placeholders (SL102), nor values the platform holds (`[SENSITIVE]` in a file pulled from
    Vercel). The password inside one of the service's connection URLs is a datastore's
    credential, and the secrets that repeat it are that one credential under other names,
    not reuse: Upstash's REST token (`UPSTASH_REDIS_REST_TOKEN`, `KV_REST_API_TOKEN`) is
    the password in its `REDIS_URL`, and a password given apart (`DATABASE_PASSWORD`)
    repeat the one in `DATABASE_URL`. A generated secret (`JWT_SECRET_KEY`) equal to such
    a password, or to another secret, is still reuse.
    The same token in two services is not this rule.

    ## Why
    Each secret protects one thing. When the session cookie key is also the JWT signing
    key, a leak of either (a log line, a debug page) forges both, and rotating one silently
    breaks the other.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    SESSION_SECRET=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    SESSION_SECRET=LT2JohvQxyU9TFjFDk9I_rz-vzdwUn5S4-HKWY_HQ7oCnIxSnlJx8J6pMhvsTHsA
    ```

    ## How to fix
    Generate a separate random value for each secret (`openssl rand -base64 48` once per
    variable).

    ## Guide
    Railway Step 4 → Security (one `<generate-strong-staging-secret-32chars+>` per
    secret); Security Considerations → Secrets Management.
    """

    code = "SL105"
    name = "reused-secret"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        catalogue = ctx.catalogue
        secret, generated = secret_keys(ctx), generated_keys(ctx)
        for service, bindings in ctx.variables(ctx.environment).items():
            groups: dict[tuple[str, str], list[Variable]] = {}
            for key, var in bindings.items():
                if not secret[key] or catalogue.kind(key) in _URL_KINDS:
                    continue
                if literal_facts(var) & NO_SECRET:
                    continue  # CORS_ALLOW_CREDENTIALS=true twice is no reused secret
                identity = _identity(var, bindings, 0)
                if identity is not None:
                    groups.setdefault(identity, []).append(var)
            credentials: set[str] | None = None
            for identity, group in groups.items():
                if len(group) < 2:
                    continue  # one variable: nothing reused
                if identity[0] == "value":
                    if credentials is None:
                        credentials = _url_passwords(bindings)
                    if identity[1] in credentials:
                        group = _one_credential(group, generated)
                yield from _reuses(ctx, service, sorted(group, key=lambda v: v.location))


def _one_credential(group: list[Variable], generated: Mapping[str, bool]) -> list[Variable]:
    """A group holding a datastore's password: its names that are not generated secrets are
    one secret (the first stands for them); a generated secret equal to it is still reuse."""
    kept = []
    named = False
    for var in group:
        if not generated[var.key]:
            if named:
                continue
            named = True
        kept.append(var)
    return kept


def _reuses(ctx: Context, service: str, group: list[Variable]) -> Iterator[Violation]:
    """One violation per further variable of a group, relating the first one."""
    first = group[0]
    seen = {_canonical(ctx, first.key)}
    for var in group[1:]:
        name = _canonical(ctx, var.key)
        if name in seen:
            continue  # another name of a variable already reported (an alias)
        seen.add(name)
        yield Violation(
            message=(
                f"{var.key} has the same value as {first.key}; give each secret its own value"
            ),
            location=var.location,
            related=(Related(first.location, f"{first.key} holds the same value"),),
            environment=ctx.environment,
            service=service,
            variable=var.key,
        )


def _url_passwords(bindings: Mapping[str, Variable]) -> set[str]:
    """The passwords inside the service's literal connection URLs."""
    found = set()
    for var in bindings.values():
        text = literal(var)
        password = url_password(text) if text is not None and "://" in text else None
        if password is not None and not is_placeholder(password):
            found.add(password)
    return found


def _canonical(ctx: Context, key: str) -> str:
    info = ctx.catalogue.get(key)
    return info.name if info is not None and info.name else key


def _identity(
    var: Variable, bindings: Mapping[str, Variable], depth: int
) -> tuple[str, str] | None:
    """What decides the variable's value at run time: its literal text, or the variable a
    whole-value reference names (followed inside the service), or None when unknown."""
    if var.value is None or var.is_platform_value:
        return None  # unset, or held by the platform and unknown here ([SENSITIVE])
    if not var.references:
        text = var.value.reveal()
        return None if is_placeholder(text) or is_url(text) else ("value", text)
    if not var.is_reference or depth >= _MAX_DEPTH:
        return None
    ref = var.references[0]
    if ref.malformed:
        return None
    local = ref.kind != "railway" or ref.service is None
    target = bindings.get(ref.name) if local else None
    if target is not None and target is not var:
        return _identity(target, bindings, depth + 1)
    if local and ref.default is not None:
        return None if is_placeholder(ref.default) else ("value", ref.default)
    return ("reference", f"{ref.service or ''}.{ref.name}")
