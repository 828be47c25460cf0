"""The OpenAPI schema documents the error responses every endpoint can give."""

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "additionalProperties": True,
    "description": "`detail`, or for invalid input one list of messages per field.",
}


class RecheckAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        described = {
            "400": "Invalid input, or an action the rules refuse (the reason is in the body).",
            "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
            "403": "Signed in without the permission this endpoint needs.",
            "404": "No such object (or page).",
        }
        for code, description in described.items():
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": ERROR}},
                    "description": description,
                },
            )
        return responses
