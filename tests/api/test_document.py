"""/api/openapi.json: a valid OpenAPI 3.1 document, made from the models the endpoints serialise with,
naming every field the contract promises; and /api, the same description for people."""

from __future__ import annotations

import re
from pathlib import Path

from openapi_spec_validator import validate

from talkshow_app.api import schemas

ROOT = Path(__file__).resolve().parents[2]
# The interface contract lives beside the repository (shared/), the README inside it.
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"
ENUM_VALUES = {"published", "cancelled", "offer", "lab"}


def open_data_fields(markdown: str) -> set[str]:
    """Every `field` named in the table of a Markdown file's "Open data" section (enum values left out)."""
    section = re.search(r"^## Open data.*?(?=^## |\Z)", markdown, re.S | re.M)
    assert section, "no '## Open data' section"
    text = "\n".join(line for line in section.group(0).splitlines() if line.startswith("|"))  # the table
    names = set(re.findall(r"`([a-z_]+)`", text)) | set(re.findall(r'"([a-z_]+)"(?=\s*[:,}\]])', text))
    values = set(re.findall(r"`([a-z_]+)`\\?\|", text)) | set(re.findall(r"\|`([a-z_]+)`", text))
    return names - values - ENUM_VALUES


def schema_properties(document: dict) -> set[str]:
    found: set[str] = set()
    for component in document["components"]["schemas"].values():
        found |= set(component.get("properties", {}))
    return found


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_operation_is_there_with_parameters_errors_and_an_example(client):
    document = client.get("/api/openapi.json").get_json()
    paths = set(document["paths"])
    assert {
        "/api/talkshows",
        "/api/talkshows/{slug}",
        "/api/labs",
        "/api/archive",
        "/api/questions",
        "/api/questions/{slug}/matches",
        "/api/offers",
        "/api/speakers",
        "/api/themes",
    } <= paths
    for path, item in document["paths"].items():
        operation = item["get"]
        assert {"200", "304", "400", "405", "429"} <= set(operation["responses"]), path
        assert operation["responses"]["429"]["headers"]["Retry-After"]
        if "{slug}" in path:
            assert "404" in operation["responses"]
        body = operation["responses"]["200"]["content"]["application/json"]
        if path not in ("/api/impact", "/api/openapi.json"):  # free-form objects
            assert body["example"], path
            assert body["schema"]["$ref"].startswith("#/components/schemas/")
        names = {p["name"] for p in operation["parameters"]}
        if body["schema"].get("$ref", "").endswith("List"):  # every list pages
            assert {"page", "per_page"} <= names and "Link" in operation["responses"]["200"]["headers"], path


def test_the_schemas_are_the_models_the_endpoints_use(client):
    document = client.get("/api/openapi.json").get_json()
    components = document["components"]["schemas"]
    talkshow = schemas.Talkshow.model_json_schema(mode="serialization")
    assert set(components["Talkshow"]["properties"]) == set(talkshow["properties"])
    assert components["Error"]["properties"]["error"]["$ref"] == "#/components/schemas/ErrorDetail"


def test_the_readme_and_the_contract_name_only_fields_the_schema_has(client):
    properties = schema_properties(client.get("/api/openapi.json").get_json())
    readme = open_data_fields((ROOT / "README.md").read_text(encoding="utf-8"))
    assert {
        "slug",
        "starts_at",
        "registration_closes_at",
        "seats_taken",
        "published_at",
        "disciplines_covered",
    } <= readme
    assert readme - properties == set()
    if CONTRACT.exists():  # beside every checkout the lead and CI make; the README repeats its fields anyway
        assert open_data_fields(CONTRACT.read_text(encoding="utf-8")) - properties == set()


def test_the_readme_points_to_the_description(client):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "/api/openapi.json" in readme and "`/api`" in readme


def test_the_page_lists_every_operation_without_scripts(client):
    document = client.get("/api/openapi.json").get_json()
    response = client.get("/api")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<h1>Open data</h1>" in html and "Voorbeeld" in html and "Parameters" in html
    for path, item in document["paths"].items():
        assert f"GET {path}" in html
        assert f'id="{item["get"]["operationId"]}"' in html
    assert "per_page" in html and "not_found" in html
    assert "cdn" not in html.lower() and "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    english = client.get("/api?lang=en").get_data(as_text=True)
    assert "Example" in english and "Answers" in english
