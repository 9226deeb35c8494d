"""Pydantic records for everything that crosses a boundary: applications, documents, decisions."""
