"""Realistic bugs planted in the reference `auth_middleware` app to measure the learner's tests.

Each description is shown to learners whose tests did not notice the bug.
"""

from autograder.material.mutants import Mutant

LOADS = 'token_serializer().loads(token, max_age=current_app.config["TOKEN_MAX_AGE"])'

MUTANTS = [
    Mutant(
        id="signature_not_checked",
        description="the token's signature is not verified, so altered or forged tokens are accepted",
        replacements=[
            (LOADS, 'token_serializer().loads_unsafe(token, max_age=current_app.config["TOKEN_MAX_AGE"])[1]')
        ],
    ),
    Mutant(
        id="token_never_expires",
        description="tokens never expire: TOKEN_MAX_AGE is ignored when a token is checked",
        replacements=[(LOADS, "token_serializer().loads(token)")],
    ),
    Mutant(
        id="expired_reported_as_invalid",
        description="an expired token is reported as token_invalid instead of token_expired",
        replacements=[
            (
                (
                    "    except SignatureExpired:\n"
                    '        raise invalid_token("token_expired", "The access token has expired; ask for a new one.") from None\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="lifetime_not_from_config",
        description="POST /tokens always reports expires_in 900, whatever TOKEN_MAX_AGE says",
        replacements=[('expires_in=current_app.config["TOKEN_MAX_AGE"]', "expires_in=900")],
    ),
    Mutant(
        id="scheme_case_sensitive",
        description="only 'Bearer' with a capital B is accepted; 'bearer <token>' answers 401",
        replacements=[('scheme.lower() != "bearer"', 'scheme != "Bearer"')],
    ),
    Mutant(
        id="any_scheme_accepted",
        description="the scheme is not checked: 'Basic <token>' or 'Token <token>' opens protected routes",
        replacements=[('if scheme.lower() != "bearer" or not token or " " in token:', 'if not token or " " in token:')],
    ),
    Mutant(
        id="header_split_crashes",
        description="the header is split with split(' '), so 'Bearer' alone or two tokens cause a 500",
        replacements=[
            (
                '    scheme, _, token = header.partition(" ")\n    token = token.strip()\n',
                '    scheme, token = header.split(" ")\n',
            )
        ],
    ),
    Mutant(
        id="no_challenge_header",
        description="a 401 comes without its WWW-Authenticate: Bearer header",
        replacements=[('return {"WWW-Authenticate": "Bearer " + ", ".join(parts)}', "return {}")],
    ),
    Mutant(
        id="forbidden_answers_401",
        description="a valid token without the needed role answers 401 instead of 403",
        replacements=[('raise ApiError(403, "forbidden",', 'raise ApiError(401, "forbidden",')],
    ),
    Mutant(
        id="any_token_opens_user_routes",
        description="user routes only check that the token is valid, so guest (no roles) gets in",
        replacements=[("    if level not in user.roles:\n", "    if level == ADMIN and ADMIN not in user.roles:\n")],
    ),
    Mutant(
        id="admin_route_open_to_users",
        description="GET /admin/users is marked as a user route, so every member lists the users",
        replacements=[('@bp.get("/admin/users")\n@access(ADMIN)', '@bp.get("/admin/users")\n@access(USER)')],
    ),
    Mutant(
        id="health_needs_a_token",
        description="GET /health is not exempt: without a token it answers 401",
        replacements=[('@bp.get("/health")\n@access(PUBLIC)\n', '@bp.get("/health")\n')],
    ),
    Mutant(
        id="public_routes_check_tokens",
        description="public routes check any token they are sent, so a broken or old one answers 401 there",
        replacements=[
            (
                "    if level == PUBLIC:\n        return\n",
                '    if level == PUBLIC and not request.headers.get("Authorization"):\n        return\n',
            )
        ],
    ),
    Mutant(
        id="any_password_accepted",
        description="POST /tokens does not check the password: a known username is enough",
        replacements=[
            (
                "if user is None or not check_password_hash(user.password_hash, password):",
                "if user is None:",
            )
        ],
    ),
    Mutant(
        id="owner_not_checked_on_read",
        description="GET /drafts/<id> shows any draft to any member, not only to its author",
        replacements=[
            ("return jsonify(own_draft(draft_id).to_json())", "return jsonify(find_draft(draft_id).to_json())")
        ],
    ),
    Mutant(
        id="owner_not_checked_on_delete",
        description="DELETE /drafts/<id> lets any member delete someone else's draft",
        replacements=[("drafts().delete(own_draft(draft_id).id)", "drafts().delete(find_draft(draft_id).id)")],
    ),
    Mutant(
        id="admin_reads_every_draft",
        description="admins pass the owner check, so they read and delete other people's drafts",
        replacements=[("    if draft.owner != g.user:\n", "    if draft.owner != g.user and ADMIN not in g.roles:\n")],
    ),
    Mutant(
        id="list_shows_every_draft",
        description="GET /drafts lists every member's drafts, not only the caller's",
        replacements=[
            (
                "return [draft for draft in self._drafts.values() if draft.owner == owner]",
                "return list(self._drafts.values())",
            )
        ],
    ),
]
