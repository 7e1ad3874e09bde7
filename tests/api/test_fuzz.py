"""Schemathesis fuzzes every operation of the served OpenAPI schema, in
process against Django's WSGI app and the PostgreSQL test database, as a
manager with a token and as a consultant with a session: no answer is a
server error, and every answer is documented (status code, content type,
body schema). Schema-driven: endpoints other apps add are fuzzed too.

Bounded and deterministic: a few derandomized examples per operation,
generation mode and source of path parameters (generated, or the ids the
operation's list endpoint shows the same person, so actions reach real rows).
Valid cases also draw, some of the time, real values for the fields named
after a listed resource (`customer` from /api/customers/, `store`), so that
writes get past their lookups.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WerkzeugClient

from followups.services import followups_on_grade_change
from inventory.models import VehicleDocument, VehicleKey
from scoring.services import violation_record
from tests.factories import WarehouseFactory
from tests.inventory.factories import VehicleFactory
from tests.sales.factories import CustomerFactory, OrderFactory, TestCarFactory

pytestmark = pytest.mark.django_db

# Per operation, generation mode and path-parameter source; raise it for a
# deeper run (API_FUZZ_EXAMPLES=200 takes tens of minutes).
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI app on the test database. Like django.test.Client, the
    per-request connection cleanup is off, or the first answer would close
    the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(store, manager, consultant_a, consultant_b, clerk, finance):
    """Rows of every kind the API lists, for both consultants."""
    yard = WarehouseFactory(store=store, code="main", name="主库")
    WarehouseFactory(store=store, code="far", name="外库")
    TestCarFactory(store=store)
    for consultant in (consultant_a, consultant_b):
        for grade in ("H", "A"):
            customer = CustomerFactory(consultant=consultant, grade=grade)
            followups_on_grade_change(customer=customer, by=consultant)
        OrderFactory(customer=customer, price=Decimal("150000.00"))
        violation_record(
            store=store,
            person=consultant,
            rule_code="PTS-3-DRESS",
            fact_date=timezone.localdate(),
            fact_key=f"fuzz-{consultant.pk}",
        )
    car = VehicleFactory(store=store, warehouse=yard, bay="A-01")
    for kind in ("coc", "warranty", "manual"):
        VehicleDocument.objects.create(vehicle=car, kind=kind, custody="in_custody")
    VehicleKey.objects.create(store=store, vehicle=car, number="K1")
    VehicleFactory(store=store, warehouse=None, arrival_date=None, state="in_transit")


@dataclass
class Actor:
    headers: dict[str, str]
    cookies: dict[str, str]
    store_ids: list[int]


def token_actor(user) -> Actor:
    token, _ = Token.objects.get_or_create(user=user)
    stores = list(user.stores.values_list("pk", flat=True))
    return Actor(headers={"Authorization": f"Token {token.key}"}, cookies={}, store_ids=stores)


def session_actor(user) -> Actor:
    """A logged-in browser session; writes carry the CSRF token as pages do."""
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    return Actor(
        headers={"X-CSRFToken": csrf},
        cookies={"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        store_ids=list(user.stores.values_list("pk", flat=True)),
    )


@dataclass
class Known:
    """What exists for this person, as the API's own list endpoints show it."""

    rows: dict[str, list[dict]]  # list path -> its first page of rows
    references: dict[str, list]  # field name -> real values ("customer" -> ids)

    def path_values(self, path: str) -> tuple[str, list] | None:
        """For /api/things/{param}/...: the `param` values of /api/things/."""
        prefix, brace, rest = path.partition("{")
        name = rest.partition("}")[0]
        if not brace or "{" in rest:
            return None
        values = [row[name] for row in self.rows.get(prefix, []) if name in row]
        return (name, values) if values else None


def known_for(wsgi_app, schema, actor: Actor) -> Known:
    client = WerkzeugClient(wsgi_app)
    for key, value in actor.cookies.items():
        client.set_cookie(key, value)
    rows: dict[str, list[dict]] = {}
    for path, item in schema.raw_schema["paths"].items():
        if "get" in item and "{" not in path:
            response = client.get(path, headers=actor.headers)
            body = response.json if response.status_code == 200 and response.is_json else []
            if isinstance(body, dict):  # paginated, or not a list at all
                body = body.get("results", [])
            rows[path] = [row for row in body if isinstance(row, dict)]
    references: dict[str, list] = {"store": actor.store_ids}
    for path, found in rows.items():
        # /api/customers/ -> "customer", /api/test-drives/ -> "test_drive"
        name = re.sub(r"ies$", "y", path.strip("/").rpartition("/")[2].replace("-", "_"))
        ids = [row["id"] for row in found if "id" in row]
        if ids:
            references[name.removesuffix("s")] = ids
    return Known(rows=rows, references=references)


def with_references(strategy, references: dict[str, list]):
    """Cases whose fields named after a resource (customer, store, ...) hold,
    some of the time, a real id, so that writes get past their lookups."""
    picks = st.fixed_dictionaries(
        {}, optional={name: st.sampled_from(values) for name, values in references.items()}
    )

    def patch(drawn):
        case, chosen = drawn
        for fields in (case.body, case.query):
            if isinstance(fields, dict):
                fields.update({name: chosen[name] for name in fields.keys() & chosen.keys()})
        return case

    return st.tuples(strategy, picks).map(patch)


def _can_negate(definition: dict, fixed: str | None = None) -> bool:
    """Whether anything of the request can be made invalid: a body, or a
    parameter other than a free-text one (hypothesis gives up slowly otherwise)."""
    if "requestBody" in definition:
        return True
    return any(
        set(parameter["schema"]) - {"type", "title", "description"}
        or parameter["schema"].get("type", "string") != "string"
        for parameter in definition.get("parameters", [])
        if parameter["name"] != fixed
    )


def operation_strategies(operation, known: Known) -> Iterator[tuple[str, object]]:
    """Positive and negative cases, with generated path parameters and with
    real ones; positive cases also draw real references."""
    path_values = known.path_values(operation.path)
    definition = operation.definition.raw
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        negative = mode == GenerationMode.NEGATIVE
        strategies = []
        # Generated ids rarely exist: with real ones at hand, generated path
        # parameters are tried only when made invalid.
        if (negative and _can_negate(definition)) or (not negative and not path_values):
            strategies.append(("", operation.as_strategy(generation_mode=mode)))
        if path_values and (not negative or _can_negate(definition, path_values[0])):
            name, values = path_values
            strategies.append(
                (
                    f", real {name}",
                    st.sampled_from(values).flatmap(
                        lambda value, mode=mode, name=name: operation.as_strategy(
                            generation_mode=mode, path_parameters={name: value}
                        )
                    ),
                )
            )
        for label, strategy in strategies:
            if not negative:
                strategy = with_references(strategy, known.references)
            yield f"{mode.value}{label}", strategy


def fuzz(wsgi_app, actor: Actor) -> tuple[list[str], int]:
    """Every operation of the served schema; the failures and the number of operations."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    known = known_for(wsgi_app, schema, actor)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for label, strategy in operation_strategies(operation, known):

            @FUZZ_SETTINGS
            @given(case=strategy)
            def run(case):
                response = case.call(headers=actor.headers, cookies=actor.cookies)
                case.validate_response(response, checks=CHECKS, headers=actor.headers)

            try:
                run()
            except (Exception, FailureGroup) as exc:  # collected, reported below
                failures.append(f"{operation.label} ({label}):\n{exc}")
    return failures, len(operations)


def test_fuzz_as_manager_with_token_no_server_error_and_all_documented(wsgi_app, api_data, manager):
    failures, count = fuzz(wsgi_app, token_actor(manager))
    assert count >= 19
    assert failures == [], "\n\n".join(failures)


def test_fuzz_as_consultant_with_session_no_server_error_and_all_documented(
    wsgi_app, api_data, consultant_a
):
    failures, count = fuzz(wsgi_app, session_actor(consultant_a))
    assert count >= 19
    assert failures == [], "\n\n".join(failures)
