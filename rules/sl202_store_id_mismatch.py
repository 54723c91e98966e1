"""SL202 store-id-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from stagelint.model.deployment import EnvFile, Variable
from stagelint.model.diagnostics import Related, Severity, Violation
from stagelint.model.values import int_of
from stagelint.policy.context import Context
from stagelint.policy.facts import judged_literal
from stagelint.policy.rule import Rule

from ._modes import role_names


class StoreIdMismatch(Rule):
    """The frontend and the backend must sell from the same Lemon Squeezy store.

    ## What it checks
    In the judged environment, every frontend `NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID` (in a
    Vercel service) against every backend `LEMON_SQUEEZY_STORE_ID` (in a Railway service),
    and the two variables when one service holds both. Numeric ids compare as numbers
    (`048213` is `48213`). Placeholders (SL102) and references are not compared. The finding
    points at the frontend's value and relates the backend's.

    ## Why
    The frontend builds checkout links for its store; the backend verifies orders, webhooks
    and subscriptions against its own. With two stores, customers pay in one and the backend
    never finds their order: staging tests pass on the frontend and fail at fulfilment.

    ## Example
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    LEMON_SQUEEZY_STORE_ID=48213
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID=51877
    ```

    ## Use instead
    ```json path="backend/railway.json"
    {}
    ```
    ```dotenv path="backend/.env.staging"
    LEMON_SQUEEZY_STORE_ID=48213
    ```
    ```json path="frontend/vercel.json"
    {}
    ```
    ```dotenv path="frontend/.env.preview"
    NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID=48213
    ```

    ## How to fix
    Copy the store id from Lemon Squeezy (Settings → Stores) into both variables of the
    environment. In test mode the store id is the same; the products differ.

    ## Guide
    Railway Step 4 → Lemon Squeezy (`LEMON_SQUEEZY_STORE_ID=<test-store-id>`); Vercel Step 4 →
    Lemon Squeezy (`NEXT_PUBLIC_LEMON_SQUEEZY_STORE_ID=<test-store-id>`).
    """

    code = "SL202"
    name = "store-id-mismatch"
    default_severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Violation]:
        frontend_keys = role_names(ctx, "frontend-store-id")
        backend_keys = role_names(ctx, "backend-store-id")
        frontends: list[tuple[EnvFile, Variable, str]] = []
        backends: list[tuple[EnvFile, Variable, str]] = []
        for env_file, var in ctx.judged_bindings(frontend_keys | backend_keys):
            text = judged_literal(var)
            if text is None:
                continue
            if var.key in frontend_keys:
                frontends.append((env_file, var, text))
            elif var.key in backend_keys:
                backends.append((env_file, var, text))
        backend_ids = {back_id.strip() for _, _, back_id in backends}
        for front_file, front, front_id in frontends:
            if _same_as_all(front_id, backend_ids):
                continue
            differing = [
                (back_file, back, back_id)
                for back_file, back, back_id in backends
                if _paired(ctx, front_file, back_file) and not _same_id(front_id, back_id)
            ]
            if not differing:
                continue
            back_file, back, back_id = differing[0]
            yield Violation(
                message=(
                    f"{front.key} is {_quote(front_id)} but {back_file.service}'s {back.key} is "
                    f"{_quote(back_id)}; the frontend and the backend must use one store"
                ),
                location=front.location,
                related=tuple(
                    Related(var.location, f"{var.key} of {env_file.service}")
                    for env_file, var, _ in differing
                ),
                environment=front_file.environment,
                service=front_file.service,
                variable=front.key,
            )


def _paired(ctx: Context, frontend: EnvFile, backend: EnvFile) -> bool:
    """A frontend (Vercel) service and a backend (Railway) one, or one service holding both."""
    if frontend.service == backend.service:
        return True
    front = ctx.service_of(frontend)
    back = ctx.service_of(backend)
    return (
        front is not None
        and back is not None
        and "vercel" in front.platforms
        and "railway" in back.platforms
    )


def _same_as_all(store_id: str, others: set[str]) -> bool:
    """Whether ``store_id`` is the same as each of ``others``: then no backend differs,
    whatever the pairing, and the frontend need not be paired with every backend (pairing
    each frontend with each backend grew with the square of the services)."""
    return all(_same_id(store_id, other) for other in others)


def _same_id(a: str, b: str) -> bool:
    """Equal ids, as numbers when both are (``048213`` is ``48213``; decimal digits only:
    ``²`` is a digit that is no number), else as text."""
    a, b = a.strip(), b.strip()
    if a.isdecimal() and b.isdecimal():
        return int_of(a) == int_of(b)
    return a == b


def _quote(store_id: str) -> str:
    """Store ids are numeric and public; anything else is described, never quoted."""
    text = store_id.strip()
    return (
        f"'{text}'" if text.isdigit() and text.isascii() and len(text) <= 20 else "not a numeric id"
    )
