"""The OpenAPI schema and its Swagger page are served."""

from __future__ import annotations


def test_schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/regions/{id}/" in schema["paths"]
    assert "409" in schema["paths"]["/api/regions/{id}/"]["patch"]["responses"]
    assert "409" in schema["paths"]["/api/regions/{id}/"]["delete"]["responses"]


def test_swagger_page(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
