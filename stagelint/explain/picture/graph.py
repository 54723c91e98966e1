"""The deployment as a graph: what runs where, what talks to what, and what is wrong on it.

Built once from a :class:`~stagelint.explain.survey.Survey` (the model ``stagelint check`` lints and
its diagnostics) and rendered three ways. Per environment — the one the policy judges, then
the one it compares with — it holds:

- a **service** node for every service (platform, framework, config files);
- a node for every **data store or third party** a service's variables point at: Postgres
  (Neon endpoints by branch; pooled or direct is said on the edge), Redis (Upstash, Railway),
  a Sanity project and dataset, a Lemon Squeezy store (test or live mode), Sentry, and
  another service (``NEXT_PUBLIC_API_URL``) or a web host;
- an **edge** for the variables that connect them (``DATABASE_URL``, CORS allowing the
  frontend), and an edge **crossing** from the judged environment to the compared one for
  what they share (SL104 a secret, SL304 a database or cache, SL406 a host).

Every node and edge carries a :class:`Verdict`: ``ok``, ``failing`` (the rule codes that
fired on it), ``not checkable`` (why: a reference, a placeholder, no env file) or, in the
compared environment, ``not judged`` (the policy reads it only to compare).

Nothing here holds a value. Names come from URLs' hosts (as rule messages print them:
hosts are addresses, not credentials), and from datasets, project and store IDs and
Sentry environments that pass :func:`shown`: name-shaped, and not looking like a secret.
A password, a token, a user name or a DSN's key never reaches a node or an edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from stagelint.explain.document import compact_codes
from stagelint.explain.picture.urls import urls
from stagelint.model.deployment import EnvFile, IacVariables, Service, Variable
from stagelint.model.diagnostics import Diagnostic, Severity
from stagelint.model.regex import lazy
from stagelint.model.tuples import NamedTuple
from stagelint.model.values import is_placeholder, looks_random, parse_bool
from stagelint.policy.rule import literal

if TYPE_CHECKING:
    from stagelint.explain.survey import Survey
    from stagelint.policy.catalogue import Catalogue

NodeKind = Literal["service", "postgres", "redis", "sanity", "payments", "sentry", "web"]
EdgeKind = Literal["uses", "calls", "cors", "shared"]
State = Literal["ok", "failing", "not checkable", "not judged"]

STORE_KINDS: tuple[NodeKind, ...] = ("postgres", "redis", "sanity", "payments", "sentry")
CROSSING_CODES = ("SL104", "SL304", "SL406")
"""Findings about something staging shares with production: drawn as a crossing edge."""
NODE_CODES = frozenset({"SL201", "SL202", "SL203", "SL204", "SL304"})
"""Findings about *which* store an edge reaches (live payments, the production dataset, a
production database): they mark the store itself, not only the connection."""
CORS_CODES = frozenset({"SL404"})
"""What a frontend's public URL contributes to the CORS edge (not allowed by the backend)."""
PLATFORM_TITLES = {"railway": "Railway", "vercel": "Vercel", "sanity": "Sanity"}
_NAME = lazy(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")
_HOST = lazy(r"[a-z0-9._-]{1,253}")
_SENTRY_ORG = lazy(r"o[0-9]{1,20}")
_SENTRY_PROJECT = lazy(r"[0-9]{1,20}")


class Verdict(NamedTuple):
    """The status of a node or an edge."""

    state: State
    codes: tuple[str, ...] = ()
    """The rules that fired on it, in code order."""
    severity: Severity | None = None
    """The worst of those findings."""
    reason: str | None = None
    """Why it is not checkable or not judged (Markdown inline: code spans)."""


OK = Verdict("ok")


class Node(NamedTuple):
    """A service or a store in one environment. Records are ``NamedTuple`` s (cheap to
    define at import: ``explain`` pays for the picture, ``check`` never loads it)."""

    id: str
    """Safe in every rendering (letters, digits, ``_``)."""
    environment: str
    kind: NodeKind
    title: str
    """``backend``, ``Neon Postgres``, ``Upstash Redis``, ``Sanity``, ``Lemon Squeezy``..."""
    subtitle: str = ""
    """What identifies it: ``Railway · Next.js``, an endpoint, ``k7x9p2qd / staging``."""
    files: tuple[str, ...] = ()
    """A service's config files (or the file it was found by), relative to the root."""
    short: str = ""
    """Title and identity in few words, for a terminal's narrow boxes."""
    verdict: Verdict = OK
    service: str | None = None
    """The service a service node stands for."""
    identity: tuple[str, ...] = ()
    """What makes two nodes of one environment the same store."""
    values: str = ""
    """Where a service's values in this environment come from, when not (only) from the
    repository: ``pulled from Vercel``, ``deployed (railway variables)``."""


class Edge(NamedTuple):
    """A connection: the variables of ``source`` that reach ``target``."""

    id: str
    source: str
    target: str
    kind: EdgeKind
    variables: tuple[str, ...]
    """The variables that make the connection, in the order they were found."""
    qualifier: str = ""
    """``pooled``, ``direct``, ``test mode``, ``environment staging``..."""
    verdict: Verdict = OK
    slot: str = ""
    """``service:variable`` (or ``service:group``): the same connection in every
    environment, so that renderings line environments up."""

    @property
    def primary(self) -> str:
        """The variable that names the connection (the dataset, the DSN, the URL)."""
        return self.variables[0] if self.variables else ""

    @property
    def label(self) -> str:
        """The primary variable and the qualifier: ``DATABASE_URL (pooled)``."""
        return f"{self.primary} ({self.qualifier})" if self.qualifier else self.primary


class Picture:
    """The graph of one project, environments side by side."""

    def __init__(self, judged: str, compared: str | None, policy: str) -> None:
        self.judged = judged
        self.compared = compared
        self.policy = policy
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.services: list[str] = []
        """Service names in drawing order: frontends, backends, Studios, the rest."""
        self._from: dict[str, list[Edge]] = {}
        self._into: dict[str, list[Edge]] = {}
        self._service_index: dict[str, int] = {}
        self.elsewhere: list[tuple[str, str]] = []
        """(code, path) of findings about no service drawn (a file of the project's)."""

    def add_edge(self, edge: Edge) -> None:
        self.edges.append(edge)
        if edge.kind != "shared":
            self._from.setdefault(edge.source, []).append(edge)
        self._into.setdefault(edge.target, []).append(edge)

    @property
    def environments(self) -> tuple[str, ...]:
        return (self.judged, self.compared) if self.compared else (self.judged,)

    def nodes_in(self, environment: str, kinds: Iterable[NodeKind] | None = None) -> list[Node]:
        wanted = set(kinds) if kinds is not None else None
        return [
            n
            for n in self.nodes.values()
            if n.environment == environment and (wanted is None or n.kind in wanted)
        ]

    def service_node(self, environment: str, service: str) -> Node | None:
        return self.nodes.get(service_node_id(self, environment, service))

    def edges_from(self, node_id: str) -> list[Edge]:
        """The connections of a node (what it shares across environments apart)."""
        return self._from.get(node_id, [])

    def edges_into(self, node_id: str) -> list[Edge]:
        return self._into.get(node_id, [])

    def crossing(self) -> list[Edge]:
        return [e for e in self.edges if e.kind == "shared"]

    def counts(self) -> dict[State, int]:
        """How many nodes and edges are in each state."""
        result: dict[State, int] = {}
        verdicts = [n.verdict for n in self.nodes.values()] + [e.verdict for e in self.edges]
        for verdict in verdicts:
            result[verdict.state] = result.get(verdict.state, 0) + 1
        return result


def service_node_id(picture: Picture, environment: str, service: str) -> str:
    index = 0 if environment == picture.judged else 1
    if len(picture._service_index) != len(picture.services):
        picture._service_index = {name: n for n, name in enumerate(picture.services)}
    return f"e{index}_svc_{picture._service_index[service]}"


def shown(text: str | None) -> str | None:
    """``text`` when a picture may show it (a dataset, a project or store ID, an
    environment name): name-shaped and not looking like a secret. Otherwise None."""
    if text is None:
        return None
    stripped = text.strip()
    if not _NAME.fullmatch(stripped) or looks_random(stripped):
        return None
    return stripped


def shown_host(host: str) -> str | None:
    """A host as rule messages print it (lower case, name-shaped), else None."""
    return host if _HOST.fullmatch(host) else None


# --- Building ---------------------------------------------------------------------------


def build_picture(survey: Survey) -> Picture:
    """The picture of the surveyed project (see the module docstring)."""
    return _Builder(survey).build()


_ROLE_ORDER = {"vercel": 0, "railway": 1, "sanity": 2}


class _Slot(NamedTuple):
    """One connection of one service in one environment, before it becomes an edge."""

    group: str
    slot: str
    bindings: tuple[tuple[str, Variable], ...]
    """(service, binding) pairs whose findings belong to the edge."""


class _Builder:
    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.project = survey.project
        self.catalogue: Catalogue = survey.catalogue
        policy = survey.policy
        self.picture = Picture(policy.environment, policy.compare_with, policy.name)
        self.by_variable: dict[tuple[str | None, str | None, str | None], list[Diagnostic]] = {}
        for diag in survey.diagnostics:
            key = (diag.environment, diag.service, diag.variable)
            self.by_variable.setdefault(key, []).append(diag)
        self.bindings = {
            environment: self.project.variables(environment)
            for environment in self.picture.environments
        }
        self.stores: dict[tuple[str, str, tuple[str, ...]], str] = {}
        self.groups: dict[str, str | None] = {}
        self.of_service: dict[str | None, list[Diagnostic]] = {}
        for diag in survey.diagnostics:
            self.of_service.setdefault(diag.service, []).append(diag)
        self.attached: set[int] = set()
        """ids of the diagnostics drawn on an edge."""
        self.counter = 0

    # -- the whole picture

    def build(self) -> Picture:
        picture = self.picture
        picture.services = self._service_order()
        for environment in picture.environments:
            bindings = self.bindings[environment]
            for name in picture.services:
                self._service(environment, name)
            for name in picture.services:
                self._connections(environment, name, bindings)
        for environment in picture.environments:
            for name in picture.services:
                self._service_verdict(environment, name)
            for node in picture.nodes_in(environment, (*STORE_KINDS, "web")):
                picture.nodes[node.id] = node._replace(verdict=self._store_verdict(node))
        self._crossings()
        drawn = set(picture.services)
        picture.elsewhere = sorted(
            {(d.code, d.location.path) for d in self.survey.diagnostics if d.service not in drawn}
        )
        return picture

    def _service_order(self) -> list[str]:
        """Services in drawing order. Env files outside any service directory make a
        service of the project's name; it is drawn only when it feeds a drawn environment
        (a root ``.env`` for local development or ``.env.example`` is no deployment)."""
        services = self.project.services
        shown_environments = set(self.picture.environments)
        loose = sorted(
            {
                f.service
                for f in self.project.env_files
                if not f.template and f.environment in shown_environments
            }
            - set(services)
        )

        def rank(name: str) -> tuple[int, str]:
            service = services.get(name)
            platform = service.platform if service is not None else "unknown"
            return (_ROLE_ORDER.get(platform, 3), name)

        return sorted([*services, *loose], key=rank)

    def _id(self, environment: str, kind: str) -> str:
        self.counter += 1
        index = self.picture.environments.index(environment)
        return f"e{index}_{kind}_{self.counter}"

    # -- services

    def _service(self, environment: str, name: str) -> None:
        service = self.project.services.get(name)
        node_id = service_node_id(self.picture, environment, name)
        files = service_files(self.project.root, service) if service is not None else ()
        self.picture.nodes[node_id] = Node(
            node_id,
            environment,
            "service",
            name,
            describe_service(service),
            files,
            service=name,
            identity=("service", name),
            values=self._values_from(environment, name),
        )

    def _values_from(self, environment: str, name: str) -> str:
        """``pulled from Vercel``, ``deployed (--env-file)``: the service's values that come
        from the platform rather than from files written by hand (short enough for a
        terminal's box; the tour's text says which file and format)."""
        sources = []
        for env_file in self.project.env_files_for(environment, name):
            if env_file.deployed is not None:
                sources.append("deployed (--env-file)")
            elif env_file.pulled:
                sources.append("pulled from Vercel")
        return ", ".join(dict.fromkeys(sources))

    def _service_verdict(self, environment: str, name: str) -> None:
        picture = self.picture
        node = picture.nodes[service_node_id(picture, environment, name)]
        diags = [
            d
            for d in self.of_service.get(name, [])
            if id(d) not in self.attached
            and (
                d.environment == environment
                or (d.environment is None and environment == picture.judged)
            )
        ]
        if diags:
            verdict = failing(diags)
        elif environment != picture.judged:
            verdict = self._not_judged()
        elif not self.project.env_files_for(environment, name) and self._has_values(name):
            verdict = Verdict(
                "not checkable",
                reason=f"no {environment} env file for `{name}`: its values live in the platform",
            )
        else:
            return
        picture.nodes[node.id] = node._replace(verdict=verdict)

    def _has_values(self, name: str) -> bool:
        """Whether the service has env files at all (a service without any is judged on
        its config alone, and that is no reason to call it not checkable)."""
        return any(f.service == name for f in self.project.env_files)

    def _not_judged(self) -> Verdict:
        picture = self.picture
        return Verdict(
            "not judged",
            reason=f"the `{picture.policy}` policy judges {picture.judged} and only compares "
            f"{picture.compared} with it (`--policy {picture.compared}` judges it)",
        )

    # -- connections

    def _connections(
        self, environment: str, name: str, bindings: dict[str, dict[str, Variable]]
    ) -> None:
        own = bindings.get(name, {})
        source = service_node_id(self.picture, environment, name)
        if not own:
            self._template_connections(environment, source, name, bindings)
            own = {}
        for slot in self._slots(name, own):
            if slot.group in ("postgres", "redis"):
                self._url_edge(environment, source, slot)
            elif slot.group == "sanity":
                self._sanity_edge(environment, source, name, slot)
            elif slot.group == "payments":
                self._payments_edge(environment, source, slot)
            elif slot.group == "sentry":
                self._sentry_edge(environment, source, slot)
            elif slot.group == "api":
                self._api_edge(environment, source, name, slot)
            elif slot.group == "cors":
                self._cors_edges(environment, source, name, slot, bindings)
        service = self.project.services.get(name)
        if (
            service is not None
            and service.sanity
            and not any(self._group(key, var) == "sanity" for key, var in own.items())
        ):
            self._sanity_edge(environment, source, name, _Slot("sanity", f"{name}:sanity", ()))

    def _template_connections(
        self,
        environment: str,
        source: str,
        name: str,
        bindings: dict[str, dict[str, Variable]],
    ) -> None:
        """Without an env file for ``environment``, what the service's template lists still
        says what it connects to: drawn as not checkable (the values live in the platform),
        never from the template's values, which are placeholders or examples."""
        templates = sorted(
            (f for f in self.project.env_files if f.template and f.service == name),
            key=lambda f: (f.environment not in (None, environment), f.path),
        )
        listed: dict[str, Variable] = {}
        for template in reversed(templates):  # the closest template's line wins
            listed.update(template.effective())
        for slot in self._slots(name, listed):
            path = slot.bindings[0][1].location.path if slot.bindings else ""
            reason = (
                f"`{path}` lists `{slot.bindings[0][1].key}`; its {environment} value lives "
                "in the platform"
            )
            if slot.group == "cors":
                self._cors_edges(environment, source, name, slot, bindings, reason)
                continue
            if slot.group == "api":
                backend = self._backend_for(name, None)
                target = (
                    service_node_id(self.picture, environment, backend)
                    if backend is not None
                    else self._store(environment, "web", ("web", "?", slot.slot), "API", "")
                )
                self._edge(environment, source, target, "calls", slot, reason=reason)
                continue
            kind: NodeKind = _GROUP_KINDS[slot.group]
            title = _GROUP_TITLES[slot.group]
            target = self._store(environment, kind, (kind, "unknown", slot.slot), title, "")
            self._edge(environment, source, target, "uses", slot, reason=reason)

    def _slots(self, name: str, own: dict[str, Variable]) -> list[_Slot]:
        """The service's connections: one per URL or API variable, one per third party."""
        grouped: dict[str, list[tuple[str, Variable]]] = {}
        slots: list[_Slot] = []
        for key, var in own.items():
            group = self._group(key, var)
            if group is None:
                continue
            if group in ("postgres", "redis", "api", "cors"):
                slots.append(_Slot(group, f"{name}:{key}", ((name, var),)))
            else:
                if group not in grouped:
                    slots.append(_Slot(group, f"{name}:{group}", ()))
                grouped.setdefault(group, []).append((name, var))
        return [
            s._replace(bindings=tuple(sorted(grouped[s.group], key=self._priority)))
            if s.group in grouped
            else s
            for s in slots
        ]

    def _priority(self, binding: tuple[str, Variable]) -> int:
        """The variable that names a third party's connection comes first (it labels the
        edge): the dataset, the store and its mode, the DSN."""
        info = self.catalogue.get(binding[1].key)
        role = info.role if info else None
        kind = info.kind if info else None
        order = _PRIMARY_ROLES.get(role or "", _PRIMARY_KINDS.get(kind or "", 9))
        return order

    def _group(self, key: str, var: Variable | None) -> str | None:
        """What a variable connects its service to (None: nothing the picture draws)."""
        if key in self.groups:
            return self.groups[key]
        group, by_value = self._group_of(key, var)
        if not by_value:
            self.groups[key] = group
        return group

    def _group_of(self, key: str, var: Variable | None) -> tuple[str | None, bool]:
        """The group, and whether the value decided it (then it is not remembered)."""
        by_value = self.catalogue.get(key) is None and var is not None
        group = self._classify(key, var)
        return group, by_value

    def _classify(self, key: str, var: Variable | None) -> str | None:
        info = self.catalogue.get(key)
        kind = info.kind if info else None
        role = info.role if info else None
        if kind == "postgres-url":
            return "postgres"
        if kind == "redis-url":
            return "redis"
        if kind is None and var is not None:
            text = literal(var)
            family = urls.family_of_scheme(urls.scheme_of(text)) if text else None
            if family is not None:
                return family
        if role in ("sanity-dataset", "sanity-project-id"):
            return "sanity"
        if role in ("payments-test-mode", "payments-api-key", "backend-store-id"):
            return "payments"
        if role == "frontend-store-id" or key.startswith(_PAYMENT_PREFIXES):
            return "payments"
        if kind == "sentry-dsn" or role in ("sentry-environment", "sentry-sample-rate"):
            return "sentry"
        if role == "api-url":
            return "api"
        if role == "cors-origins":
            return "cors"
        secret = self.catalogue.is_secret(key)
        if secret and key.startswith(("SENTRY_", "NEXT_PUBLIC_SENTRY_")):
            return "sentry"
        if secret and key.startswith(("SANITY_", "NEXT_PUBLIC_SANITY_")):
            return "sanity"
        return None

    def _store(
        self,
        environment: str,
        kind: NodeKind,
        identity: tuple[str, ...],
        title: str,
        subtitle: str,
        short: str = "",
    ) -> str:
        """The node of a store, shared by every edge of the environment that reaches it."""
        known = self.stores.get((environment, kind, identity))
        if known is not None:
            return known
        node_id = self._id(environment, kind)
        self.stores[(environment, kind, identity)] = node_id
        self.picture.nodes[node_id] = Node(
            node_id,
            environment,
            kind,
            title,
            subtitle,
            identity=identity,
            short=short or f"{title} {subtitle}".strip(),
        )
        return node_id

    def _edge(
        self,
        environment: str,
        source: str,
        target: str,
        kind: EdgeKind,
        slot: _Slot,
        qualifier: str = "",
        codes: frozenset[str] | None = None,
        variables: tuple[str, ...] | None = None,
        reason: str | None = None,
        extra: tuple[tuple[str, Variable], ...] = (),
    ) -> Edge:
        """An edge for ``slot``, with the findings of its bindings (and those of ``extra``
        bindings in :data:`CORS_CODES`: a frontend's URL the backend does not allow)."""
        diags: list[Diagnostic] = []
        wanted = [(s, v.key, codes) for s, v in slot.bindings]
        wanted += [(s, v.key, CORS_CODES) for s, v in extra]
        if slot.group in ("sanity", "payments", "sentry"):
            owner = slot.slot.split(":", 1)[0]
            wanted += [(owner, key, codes) for key in self._unbound(environment, owner, slot.group)]
        for service, key, only in wanted:
            for diag in self.by_variable.get((environment, service, key), []):
                if (only is None or diag.code in only) and id(diag) not in self.attached:
                    diags.append(diag)
                    self.attached.add(id(diag))
        if diags:
            verdict = failing(diags)
        elif environment != self.picture.judged:
            verdict = self._not_judged()
        else:
            reason = reason or self._unknown_value(environment, slot)
            verdict = Verdict("not checkable", reason=reason) if reason else OK
        names = variables if variables is not None else tuple(v.key for _, v in slot.bindings)
        edge = Edge(
            self._id(environment, "edge"),
            source,
            target,
            kind,
            names,
            qualifier,
            verdict,
            slot.slot,
        )
        self.picture.add_edge(edge)
        return edge

    def _unbound(self, environment: str, service: str, group: str) -> list[str]:
        """Variables of ``group`` that findings name but the service does not set in
        ``environment`` (a missing dataset, a Studio config's unset variable)."""
        bound = self.bindings[environment].get(service, {})
        return sorted(
            {
                d.variable
                for d in self.of_service.get(service, [])
                if d.environment == environment
                and d.variable
                and d.variable not in bound
                and self._group(d.variable, None) == group
            }
        )

    def _unknown_value(self, environment: str, slot: _Slot) -> str | None:
        """Why none of the slot's values can be judged (a reference, a placeholder...),
        or None when one of them can."""
        from stagelint.explain.variable import describe_binding

        reasons = []
        for service, var in slot.bindings:
            found = describe_binding(var, service, environment, False, var.location.path)
            if found.state in ("set", "partial-reference"):
                return None
            reasons.append(_state_words(var.key, found.state, found.references))
        if not reasons:
            return None
        return reasons[0] + (f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else "")

    # -- each kind of connection

    def _url_edge(self, environment: str, source: str, slot: _Slot) -> None:

        ((_, var),) = slot.bindings
        kind: NodeKind = "postgres" if slot.group == "postgres" else "redis"
        what = "Postgres" if kind == "postgres" else "Redis"
        text = literal(var)
        qualifier = ""
        reason: str | None = None
        target: str | None = None
        if text is None and var.is_reference and var.references[0].kind == "railway":
            ref = var.references[0]
            owner = shown(ref.service) if ref.service else None
            declared = self._iac_database(environment, owner) if owner else None
            if owner is not None and declared is not None:
                engine, path = declared
                title = f"Railway {engine.capitalize() if engine != 'postgres' else 'Postgres'}"
                target = self._store(
                    environment,
                    kind,
                    (kind, "iac", owner, path),
                    title,
                    f"{owner} · {path.rsplit('/', 1)[-1]}",
                    title,
                )
                reason = (
                    f"`{var.key}` is the URL of `{owner}`, a database `{path}` declares: "
                    "Railway gives each environment its own and holds its URL"
                )
            elif owner is not None:
                target = self._store(
                    environment,
                    kind,
                    (kind, "railway", owner),
                    what,
                    f"Railway service {owner}",
                    f"Railway {owner}",
                )
        elif text is not None and text.strip() and not is_placeholder(text):
            try:
                url = urls.parse_url(text)
            except urls.InvalidURL:
                url = None
            host = (
                shown_host(url.hosts[0].host) if url and url.hosts and not url.placeholder else None
            )
            if url is not None and host is not None:
                database = shown(url.database) or ""
                if kind == "postgres" and urls.neon_domain(host):
                    branch = urls.neon_direct_host(host).split(".", 1)[0]
                    qualifier = "pooled" if urls.is_neon_pooler(host) else "direct"
                    subtitle = f"{branch}/{database}" if database else branch
                    target = self._store(
                        environment,
                        kind,
                        (kind, "neon", branch, database),
                        "Neon Postgres",
                        subtitle,
                        f"Neon {branch}",
                    )
                else:
                    title, subtitle, short = _host_title(what, host, urls.is_private_host(host))
                    port = url.port_of(url.hosts[0])
                    identity = (kind, host, str(port), database)
                    target = self._store(environment, kind, identity, title, subtitle, short)
        if target is None:
            target = self._store(environment, kind, (kind, "unknown", slot.slot), what, "")
        self._edge(environment, source, target, "uses", slot, qualifier, reason=reason)

    def _iac_database(self, environment: str, name: str) -> tuple[str, str] | None:
        """(engine, file) of a database ``.railway/railway.ts`` declares for ``environment``
        under ``name`` (``postgres("Postgres")``), else None."""
        for iac in getattr(self.project, "iac_files", ()):
            evaluated = iac.environments.get(environment)
            if evaluated is None:
                continue
            for resource in evaluated.resources:
                if resource.name == name and resource.kind == "database":
                    return resource.engine or "database", iac.path
        return None

    def _sanity_edge(self, environment: str, source: str, name: str, slot: _Slot) -> None:
        project: str | None = None
        dataset: str | None = None
        for _, var in slot.bindings:
            role = self.catalogue.get(var.key)
            text = shown(literal(var))
            if role is not None and role.role == "sanity-project-id" and text:
                project = project or text
            elif role is not None and role.role == "sanity-dataset" and text:
                dataset = dataset or text
        service = self.project.services.get(name)
        files: tuple[str, ...] = ()
        if service is not None and service.sanity:
            own = self.bindings[environment].get(name, {})
            studio_first = sorted(service.sanity, key=lambda c: c.kind != "studio")
            for config in studio_first:
                files += (config.path,)
                for workspace in config.workspaces:
                    project = project or _sanity_value(workspace.project_id, own)
                    dataset = dataset or _sanity_value(workspace.dataset, own)
        short = " ".join(["Sanity", "/".join(p for p in (project, dataset) if p)]).strip()
        if project and dataset:
            subtitle = f"{project} / {dataset}"
        elif dataset:
            subtitle = f"dataset {dataset}"
        elif project:
            subtitle = f"project {project}"
        else:
            subtitle = ""
        identity: tuple[str, ...] = ("sanity", project or "?", dataset or "?")
        if not (project or dataset):
            identity += (slot.slot,)
        target = self._store(environment, "sanity", identity, "Sanity", subtitle, short)
        names = tuple(v.key for _, v in slot.bindings) or tuple(Path(f).name for f in files)
        reason = None if dataset else "no Sanity dataset is set in the repository"
        self._edge(environment, source, target, "uses", slot, variables=names, reason=reason)

    def _payments_edge(self, environment: str, source: str, slot: _Slot) -> None:
        store: str | None = None
        mode = ""
        for _, var in slot.bindings:
            info = self.catalogue.get(var.key)
            role = info.role if info else None
            text = literal(var)
            if role in ("backend-store-id", "frontend-store-id") and store is None:
                store = shown(text)
            elif role == "payments-test-mode" and text is not None:
                flag = parse_bool(text)
                mode = "" if flag is None else "test mode" if flag else "live mode"
        subtitle = f"store {store}" if store else ""
        identity = ("payments", store) if store else ("payments", "?", slot.slot)
        short = f"Lemon Squeezy {store}" if store else ""
        target = self._store(environment, "payments", identity, "Lemon Squeezy", subtitle, short)
        node = self.picture.nodes[target]
        if mode and mode not in node.subtitle:
            subtitle = " · ".join(p for p in (node.subtitle, mode) if p)
            self.picture.nodes[target] = node._replace(subtitle=subtitle)
        self._edge(environment, source, target, "uses", slot, mode)

    def _sentry_edge(self, environment: str, source: str, slot: _Slot) -> None:

        org = project = ""
        qualifier = ""
        for _, var in slot.bindings:
            info = self.catalogue.get(var.key)
            text = literal(var)
            if text is None:
                continue
            if info is not None and info.kind == "sentry-dsn" and not org:
                try:
                    url = urls.parse_url(text)
                except urls.InvalidURL:
                    continue
                host = url.hosts[0].host if url.hosts else ""
                first = host.split(".", 1)[0]
                org = first if _SENTRY_ORG.fullmatch(first) else ""
                path = url.path.strip("/")
                project = path if _SENTRY_PROJECT.fullmatch(path) else ""
            elif info is not None and info.role == "sentry-environment":
                name = shown(text)
                qualifier = f"env {name}" if name else qualifier
        subtitle = " · ".join(p for p in (org, f"project {project}" if project else "") if p)
        identity = ("sentry", org, project) if org or project else ("sentry", "?", slot.slot)
        short = f"Sentry {org}/{project}" if org and project else f"Sentry {org}".strip()
        target = self._store(environment, "sentry", identity, "Sentry", subtitle, short)
        self._edge(environment, source, target, "uses", slot, qualifier)

    def _api_edge(self, environment: str, source: str, name: str, slot: _Slot) -> None:

        ((_, var),) = slot.bindings
        text = literal(var)
        host = None
        if text:
            try:
                url = urls.parse_url(text)
            except urls.InvalidURL:
                url = None
            if url is not None and url.hosts:
                host = shown_host(url.hosts[0].host)
        backend = self._backend_for(name, host)
        if backend is not None:
            target = service_node_id(self.picture, environment, backend)
        elif host is not None:
            target = self._store(environment, "web", ("web", host), host, "")
        else:
            target = self._store(environment, "web", ("web", "?", slot.slot), "API", "")
        self._edge(environment, source, target, "calls", slot)

    def _backend_for(self, caller: str, host: str | None) -> str | None:
        """The service an API URL points at: the only backend, else the one whose name is
        part of the host (``api-0001`` in ``api-0001-staging.up.railway.app``), else the
        only backend with env files."""
        backends = [
            s.name
            for s in self.project.services.values()
            if s.name != caller and not s.is_client_side
        ]
        if len(backends) == 1:
            return backends[0]
        if host is not None:
            padded = f".{host.replace('-', '.')}."
            named = [b for b in backends if f".{b.lower().replace('-', '.')}." in padded]
            if named:  # the longest name: api-0001 rather than api
                return max(named, key=len)
        configured = [b for b in backends if any(f.service == b for f in self.project.env_files)]
        if len(configured) > 1:  # env files the team keeps, before variables an IaC file lists
            configured = [
                b
                for b in configured
                if any(
                    f.service == b and not isinstance(f, IacVariables)
                    for f in self.project.env_files
                )
            ]
        return configured[0] if len(configured) == 1 else None

    def _cors_edges(
        self,
        environment: str,
        source: str,
        name: str,
        slot: _Slot,
        bindings: dict[str, dict[str, Variable]],
        reason: str | None = None,
    ) -> None:
        """CORS: the backend lets the frontends that call it in (findings of the backend's
        list, and SL404 on a frontend's public URL). Frontends are drawn first, so their
        calls are known; without any, the only Vercel frontend, if there is one."""
        callers = [
            self.picture.nodes[e.source].service
            for e in self.picture.edges_into(source)
            if e.kind == "calls"
        ]
        frontends = [c for c in dict.fromkeys(callers) if c is not None]
        if not frontends:
            vercel = [
                s.name
                for s in self.project.services.values()
                if "vercel" in s.platforms and s.name != name
            ]
            frontends = vercel if len(vercel) == 1 else []
        for frontend in frontends:
            app_urls = tuple(
                (frontend, var)
                for key, var in bindings.get(frontend, {}).items()
                if (info := self.catalogue.get(key)) is not None and info.role == "app-url"
            )
            own = slot._replace(slot=f"{slot.slot}:{frontend}")
            target = service_node_id(self.picture, environment, frontend)
            self._edge(environment, source, target, "cors", own, extra=app_urls, reason=reason)

    # -- verdicts of stores

    def _store_verdict(self, node: Node) -> Verdict:
        incoming = self.picture.edges_into(node.id)
        codes = [c for e in incoming for c in e.verdict.codes if c in NODE_CODES]
        if codes:
            severity = max(
                (e.verdict.severity for e in incoming if e.verdict.severity), default=None
            )
            return Verdict("failing", tuple(sorted(set(codes))), severity)
        if node.environment != self.picture.judged:
            return self._not_judged()
        if "unknown" in node.identity or "?" in node.identity:
            missing = _MISSING.get(node.kind, "its address is not in the repository")
        elif node.identity[1:2] == ("iac",):
            missing = (
                f"`{node.identity[2]}` is a database that `{node.identity[3]}` declares: "
                "Railway gives each environment its own and holds its URL"
            )
        elif node.identity[1:2] == ("railway",):
            missing = f"a Railway service (`{node.identity[2]}`): its URL lives in Railway"
        else:
            return OK
        # why its edges could not be checked, else why the store itself cannot be
        reasons = [e.verdict.reason for e in incoming if e.verdict.reason]
        return Verdict("not checkable", reason=reasons[0] if reasons else missing)

    # -- what staging shares with production

    def _crossings(self) -> None:
        picture = self.picture
        if picture.compared is None:
            return
        merged: dict[tuple[str, str], tuple[list[Diagnostic], list[str]]] = {}
        for diag in self.survey.diagnostics:
            if diag.code not in CROSSING_CODES or diag.environment != picture.judged:
                continue
            if diag.service is None or diag.service not in picture.services:
                continue
            source = self._end(picture.judged, diag.service, diag.variable)
            other = self._compared_binding(diag)
            if other is not None:
                target = self._end(picture.compared, other[0], other[1])
            else:
                target = service_node_id(picture, picture.compared, diag.service)
            diags, names = merged.setdefault((source, target), ([], []))
            diags.append(diag)
            if diag.variable and diag.variable not in names:
                names.append(diag.variable)
        for (source, target), (diags, names) in merged.items():
            self.picture.add_edge(
                Edge(
                    self._id(picture.judged, "shared"),
                    source,
                    target,
                    "shared",
                    tuple(names),
                    f"shared with {picture.compared}",
                    failing(diags),
                    slot=f"shared:{source}",
                )
            )

    def _end(self, environment: str, service: str, variable: str | None) -> str:
        """The node a variable leads to: the store of its edge, else its service."""
        node = service_node_id(self.picture, environment, service)
        if variable is None:
            return node
        for edge in self.picture.edges:
            if edge.source == node and edge.kind == "uses" and variable in edge.variables:
                return edge.target
        return node

    def _compared_binding(self, diag: Diagnostic) -> tuple[str, str] | None:
        """(service, variable) of the compared environment's binding a finding relates to."""
        compared = self.picture.compared
        files: dict[str, EnvFile] = {
            f.path: f
            for f in self.project.env_files
            if f.environment == compared and not f.template
        }
        for related in diag.related:
            env_file = files.get(related.location.path)
            if env_file is None or env_file.service not in self.picture.services:
                continue
            for var in env_file.variables:
                if var.location.line == related.location.line:
                    return env_file.service, var.key
            return env_file.service, diag.variable or ""
        return None


_GROUP_KINDS: dict[str, NodeKind] = {
    "postgres": "postgres",
    "redis": "redis",
    "sanity": "sanity",
    "payments": "payments",
    "sentry": "sentry",
}
_GROUP_TITLES = {
    "postgres": "Postgres",
    "redis": "Redis",
    "sanity": "Sanity",
    "payments": "Lemon Squeezy",
    "sentry": "Sentry",
}


def deployed_format_words(fmt: str) -> str:
    """``railway variables --json``: how a file of deployed values was written."""
    return _DEPLOYED_FORMATS.get(fmt, "a file")


_DEPLOYED_FORMATS = {
    "railway-json": "railway variables --json",
    "railway-kv": "railway variables --kv",
    "vercel-pull": "vercel env pull",
    "dotenv": "a dotenv file",
}
_MISSING: dict[str, str] = {
    "sanity": "no Sanity dataset is set in the repository",
    "payments": "no store ID is set in the repository",
    "sentry": "no Sentry DSN is set in the repository",
    "web": "the URL is not in the repository",
}
_PRIMARY_ROLES = {
    "sanity-dataset": 0,
    "sanity-project-id": 1,
    "payments-test-mode": 0,
    "backend-store-id": 1,
    "frontend-store-id": 1,
    "sentry-environment": 1,
}
_PRIMARY_KINDS = {"sentry-dsn": 0}
_PAYMENT_PREFIXES = (
    "LEMON_SQUEEZY_",
    "LEMONSQUEEZY_",
    "NEXT_PUBLIC_LEMON_SQUEEZY_",
    "NEXT_PUBLIC_LEMONSQUEEZY_",
)


def _state_words(key: str, state: str, references: tuple[str, ...]) -> str:
    """Why a binding cannot be judged, in words (never any part of its value)."""
    if state == "reference":
        listed = ", ".join(f"`{r}`" for r in references) or "another variable"
        home = "Railway" if "{{" in listed else "the platform"
        return f"`{key}` is a reference to {listed}: its value lives in {home}"
    words = {
        "empty": "is empty",
        "placeholder": "holds a placeholder",
        "no-value": "is declared without a value",
        "malformed-reference": "holds a malformed reference",
        "preserved": "is kept as set in Railway (`preserve()`): its value is not in the repository",
        "generated": "is generated by Railway: its value is not in the repository",
        "derived": "is computed by ctx.randomString from the committed file: anyone with the "
        "repository can compute it",
        "in-platform": "is set on the platform (a sensitive value is pulled as "
        "`[SENSITIVE]`): its value is not in the repository",
        "not-checkable": "is computed by code stagelint does not run",
    }
    return f"`{key}` {words.get(state, 'cannot be judged')}"


def failing(diags: list[Diagnostic]) -> Verdict:
    codes = tuple(sorted({d.code for d in diags}))
    return Verdict("failing", codes, max(d.severity for d in diags))


def _host_title(what: str, host: str, private: bool) -> tuple[str, str, str]:
    """Title, subtitle and short form of a store known by its host."""
    if host.endswith(".upstash.io"):
        name = host.split(".", 1)[0]
        return f"Upstash {what}", name, f"Upstash {name}"
    if host.endswith(".railway.internal"):
        return f"Railway {what}", "private network", f"Railway {what} (private)"
    if host.endswith(".rlwy.net"):
        return f"Railway {what}", "public proxy", f"Railway {what} (proxy)"
    if private:
        return what, f"{host} (private)", f"{what} {host}"
    return what, host, f"{what} {host}"


def _sanity_value(value: object, own: dict[str, Variable]) -> str | None:
    """A Sanity config value: its literal, else the env variable it reads, else its
    default."""
    from stagelint.model.deployment import SanityValue

    if not isinstance(value, SanityValue):
        return None
    if value.literal is not None:
        return shown(value.literal)
    for name in (value.env_var, *value.fallbacks):
        var = own.get(name) if name else None
        if var is not None and literal(var):
            return shown(literal(var))
    return shown(value.default)


def describe_service(service: Service | None) -> str:
    """``Railway``, ``Vercel · Next.js``, ``Railway, Vercel``: what it runs on, and the
    framework when stagelint detected one."""
    if service is None:
        return "env files only"
    platforms = ", ".join(PLATFORM_TITLES[p] for p in service.platforms if p in PLATFORM_TITLES)
    framework = getattr(service, "framework", None)
    framework_name = getattr(framework, "title", None) or (
        framework if isinstance(framework, str) else None
    )
    parts = [p for p in (platforms, framework_name) if p]
    return " · ".join(parts) or "platform unknown"


def service_files(root: Path, service: Service) -> tuple[str, ...]:
    """The files that make a directory a service: ``.railway/railway.ts`` when it declares
    the service, its config files, else the ``next.config.*`` it was found by (read from the
    directory, never opened)."""
    paths = tuple(source.path for source in service.config_files())
    if service.iac is not None:  # declared in .railway/railway.ts
        paths = (service.iac.path, *paths)
    if paths or "vercel" not in service.platforms:
        return paths
    directory = root if service.root == "." else root / service.root
    try:
        names = sorted(p.name for p in directory.iterdir() if p.name.startswith("next.config."))
    except OSError:
        return ()
    prefix = "" if service.root == "." else f"{service.root}/"
    return tuple(f"{prefix}{name}" for name in names[:1])


def connection(edge: Edge, target: Node) -> tuple[State, tuple[str, ...], str | None]:
    """The state, codes and reason of a connection: the edge's, and the store's own
    (a store in live mode fails whatever the edge); a service reached is judged apart."""
    if target.kind == "service":
        return edge.verdict.state, edge.verdict.codes, edge.verdict.reason
    state = worse(edge.verdict.state, target.verdict.state)
    codes = tuple(sorted(set(edge.verdict.codes) | set(target.verdict.codes)))
    return state, codes, edge.verdict.reason or target.verdict.reason


def codes_text(codes: Iterable[str]) -> str:
    """``SL101 SL104-SL106``: runs of codes shortened."""
    return " ".join(compact_codes(list(codes)).split(", "))


def example_code(picture: Picture) -> str | None:
    """A rule code the picture shows, for the legend to say how to read one
    (``stagelint explain SL301``): the first of a failing connection, else of a node."""
    verdicts = [e.verdict for e in picture.edges] + [n.verdict for n in picture.nodes.values()]
    return next((v.codes[0] for v in verdicts if v.codes), None)


def worse(a: State, b: State) -> State:
    order: dict[State, int] = {"ok": 0, "not judged": 1, "not checkable": 2, "failing": 3}
    return a if order[a] >= order[b] else b


def notes(picture: Picture) -> tuple[str, ...]:
    """Why each "not checkable" part of the picture could not be judged: distinct reasons,
    services first, in drawing order (renderings number them ``[1]``, ``[2]``...)."""
    found: list[str] = []
    for environment in picture.environments:
        for node, edges in walk(picture, environment):
            states = [(node.verdict.state, node.verdict.reason)]
            for edge in edges:
                state, _, reason = connection(edge, picture.nodes[edge.target])
                target = picture.nodes[edge.target].verdict
                states += [(state, reason), (target.state, target.reason)]
            for state, reason in states:
                if state == "not checkable" and reason and reason not in found:
                    found.append(reason)
    return tuple(found)


def walk(picture: Picture, environment: str) -> Iterator[tuple[Node, list[Edge]]]:
    """Each service node of ``environment`` with its outgoing edges, in drawing order."""
    for name in picture.services:
        node = picture.service_node(environment, name)
        if node is not None:
            yield node, picture.edges_from(node.id)
