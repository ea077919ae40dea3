"""schemathesis, a tool no one here wrote, fuzzes every operation of /api/openapi.json against the app.

Its default checks run on every response: no 5xx, a documented status code, the documented content type
and headers, a body that conforms to the response schema, and valid requests accepted. Requests are made
from the schema (positive: data the document allows) and against it (negative: data it forbids); for the
negative ones ``negative_data_rejection`` is left out, since ``page``, ``year`` and ``lang`` are documented
as forgiving (an odd page reads as page 1, as /archive has always read it) rather than refused.
Bounded: ``MAX_EXAMPLES`` per operation and mode, on the demo data, derandomised so a run can be repeated.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from talkshow_app.cli import DEMO_LOADERS

MAX_EXAMPLES = 25


def fuzz(operation, mode: GenerationMode) -> int:
    """Run schemathesis's checks on ``MAX_EXAMPLES`` generated requests; the number of requests made."""
    excluded = [negative_data_rejection] if mode is GenerationMode.NEGATIVE else []
    calls = []

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        calls.append(case)
        case.call_and_validate(excluded_checks=excluded)

    check()
    return len(calls)


def test_schemathesis_finds_nothing_wrong(app, db, capsys):
    for load in DEMO_LOADERS:
        load()
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    ran = {
        f"{operation.label} ({mode.value})": fuzz(operation, mode)
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    }
    with capsys.disabled():
        print(f"\nschemathesis: {len(operations)} operations, {sum(ran.values())} requests")
        for label, count in ran.items():
            print(f"  {label}: {count}")
    assert all(count > 0 for count in ran.values())
