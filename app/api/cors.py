"""Cross-origin reads of the OpenAPI document only (NL API Design Rule /core/publish-openapi): every
other endpoint stays same-origin, so no other site's script reads a case with a user's token."""

from flask import request

PUBLIC_ENDPOINTS = ("api.openapi_document",)


def allow_public_reads(response):
    if request.endpoint in PUBLIC_ENDPOINTS:
        response.headers["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            # The preflight: a plain GET with any request header; no credentials are involved.
            response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "*"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response
