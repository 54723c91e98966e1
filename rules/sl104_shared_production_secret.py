"""SL104 shared-production-secret."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from stagelint.model.deployment import EnvFile, Location, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.tuples import NamedTuple
from stagelint.policy.context import Context
from stagelint.policy.facts import secret_of
from stagelint.policy.rule import Rule

from ._secrets import SecretPart, is_url, secret_keys, url_password

if TYPE_CHECKING:
    from stagelint.policy.fingerprint import Fingerprint, Matcher


_Candidate = tuple[EnvFile, Variable, str]
"""A binding that may hold a secret, and the text that secret would have."""


class _Secret(NamedTuple):
    env_file: EnvFile
    var: Variable
    part: SecretPart


class SharedProductionSecret(Rule):
    """A staging secret equal to a production secret, URL passwords included.

    ## What it checks
    Every secret of the judged environment (the value of a secret variable, and the
    password inside any connection URL) against every secret of the comparison
    environment, whatever the variable: staging's `SESSION_SECRET` equal to production's
    `JWT_SECRET_KEY` counts too. Production's env files are compared by value. Production's
    values usually live in the platforms, not in the repository: a committed fingerprint
    file (salted scrypt hashes written by `stagelint fingerprint`, see docs/fingerprints.md)
    stands in for them, and is consulted for every secret that matched no env file. The
    `fingerprints` setting names it, else `.stagelint/production.fingerprints` is read when
    present. A URL is compared by its password only (its host is SL304's business);
    placeholders (SL102) and references are not compared. A secret literal of
    `.railway/railway.ts` that no condition on the environment chooses serves staging and
    production alike: that is this finding too.

    ## Why
    Staging is less guarded than production: more people can read its variables, debug
    tooling runs there, test data gets exported. A secret it shares with production turns
    any staging leak into a production breach. Neon copies a branch's roles and passwords
    from its parent, so a staging branch made from `main` keeps production's database
    password until someone resets it.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=f1Xw9H4H7EylzM_ZpnkE9wxNALovQaiNm6bJ2S8jiZYTZJPYJn1JHc2jK3MwFuDs
    ```
    ```dotenv path="backend/.env.production"
    JWT_SECRET_KEY=f1Xw9H4H7EylzM_ZpnkE9wxNALovQaiNm6bJ2S8jiZYTZJPYJn1JHc2jK3MwFuDs
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    JWT_SECRET_KEY=hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm
    ```
    ```dotenv path="backend/.env.production"
    JWT_SECRET_KEY=f1Xw9H4H7EylzM_ZpnkE9wxNALovQaiNm6bJ2S8jiZYTZJPYJn1JHc2jK3MwFuDs
    ```

    ## How to fix
    Generate a new staging secret (or a staging-only token in the vendor's dashboard;
    reset the role's password on the Neon staging branch) and set it in staging only.
    The production secret was exposed to everything staging runs: rotate it too.

    ## Guide
    Security Considerations → Secrets Management ("Different secrets for staging vs
    production", "No production secrets in staging").
    """

    code = "SL104"
    name = "shared-production-secret"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        catalogue = ctx.catalogue
        staging = _candidates(ctx, ctx.judged_bindings())
        other = ctx.compare_with
        if other is None or not any(secret_of(catalogue, var) for _, var, _ in staging):
            return
        texts = {text for _, _, text in staging}
        production: dict[str, list[tuple[EnvFile, Variable]]] = {}
        for env_file, var, text in _candidates(ctx, ctx.compared_bindings()):
            if text in texts:
                production.setdefault(text, []).append((env_file, var))
        matcher = _matcher(ctx)
        for env_file, var, text in staging:
            alike = production.get(text, [])
            if not alike and matcher is None:
                continue  # no production secret can be this one
            part = secret_of(catalogue, var)
            if part is None:
                continue
            secret = _Secret(env_file, var, part)
            twins = [_Secret(*twin, p) for twin in alike if (p := secret_of(catalogue, twin[1]))]
            if any(p.var.location == secret.var.location for p in twins):
                yield _one_literal(secret, ctx.environment, other)
                continue
            related = [_same(p, other) for p in twins]
            if not related and matcher is not None:
                found = matcher.matches(secret.part.text)
                related = [_fingerprinted(f, matcher.origin, other) for f in found]
            if not related:
                continue
            yield Violation(
                message=(
                    f"{_describe(secret.var.key, secret.part.kind)} is also a "
                    f"{other} secret; {ctx.environment} needs its own"
                ),
                location=secret.var.location,
                related=tuple(related),
                environment=secret.env_file.environment,
                service=secret.env_file.service,
                variable=secret.var.key,
            )
        if matcher is not None and matcher.skipped:
            yield _over_budget(matcher, ctx.environment)


def _over_budget(matcher: Matcher, environment: str) -> Violation:
    """The fingerprint file's parameters make hashing every secret cost more than a run
    may spend (:data:`stagelint.policy.fingerprint.HASH_BUDGET`): say so, rather than run long."""
    count = matcher.skipped
    return Violation(
        message=(
            f"{count} {environment} secret{'s' if count != 1 else ''} not compared with "
            f"{matcher.origin}: at its scrypt parameters (n*r*p = {matcher.file.params.work}) "
            "hashing them would exceed one run's budget; regenerate the file with "
            "stagelint fingerprint (default parameters)"
        ),
        location=Location.at(matcher.origin, 1),
    )


def _one_literal(secret: _Secret, environment: str, other: str) -> Violation:
    """``.railway/railway.ts`` gives both environments the same literal: no condition on the
    environment chooses it."""
    name = secret.var.location.path.rsplit("/", 1)[-1]
    what = _describe(secret.var.key, secret.part.kind)
    return Violation(
        message=(
            f"{what} is one literal in {name} for both {environment} and {other}; "
            f"{environment} needs its own: use preserve() and set each environment's value "
            "in Railway"
        ),
        location=secret.var.location,
        environment=secret.env_file.environment,
        service=secret.env_file.service,
        variable=secret.var.key,
    )


def _candidates(ctx: Context, bindings: Iterator[tuple[EnvFile, Variable]]) -> list[_Candidate]:
    """Each binding that may hold a secret, with the text its secret would have: a URL's
    password, else a secret key's value. Whether it holds one (not a placeholder, a
    boolean...) is :func:`~stagelint.policy.facts.secret_of`'s answer, whose text is this
    one: asked only of the staging candidates that production's may match, and of those."""
    secret = secret_keys(ctx)
    found = []
    for env_file, var in bindings:
        value = var.value
        if value is None or var.references:
            continue
        text = value.reveal()
        if "://" in text and is_url(text):
            password = url_password(text)
            if password is not None:
                found.append((env_file, var, password))
        elif secret[var.key]:
            found.append((env_file, var, text))
    return found


def _same(secret: _Secret, environment: str) -> Related:
    what = _describe(secret.var.key, secret.part.kind, environment, secret.env_file.service)
    return Related(secret.var.location, f"{what} is the same secret")


def _fingerprinted(found: Fingerprint, origin: str, environment: str) -> Related:
    what = _describe(found.variable, found.part, environment, found.service)
    return Related(Location.at(origin, found.line), f"fingerprint of {what}")


def _describe(
    key: str, kind: str, environment: str | None = None, service: str | None = None
) -> str:
    """``JWT_SECRET_KEY``, ``the password in DATABASE_URL``; with the environment and the
    service for the other side: ``production JWT_SECRET_KEY (backend)``."""
    name = f"{environment} {key} ({service})" if environment else key
    return f"the password in {name}" if kind == "url-password" else name


def _matcher(ctx: Context) -> Matcher | None:
    """A matcher over the fingerprint file of the comparison environment, or None."""
    from stagelint.model.source import DEFAULT_MAX_FILE_SIZE
    from stagelint.policy.fingerprint import Matcher, load, project_file

    settings = ctx.settings  # None: the defaults (no configured file, the default size limit)
    configured = settings.fingerprints if settings is not None else None
    max_size = settings.max_file_size if settings is not None else DEFAULT_MAX_FILE_SIZE
    root = ctx.project.root
    path = project_file(root, configured, str(ctx.compare_with))
    if path is None:
        return None
    origin = path.resolve().relative_to(root.resolve()).as_posix()
    file = load(path, origin, max_size)
    if file.environment != ctx.compare_with:
        return None
    return Matcher(file, origin)
