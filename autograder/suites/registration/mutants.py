"""Realistic bugs planted in the reference `registration` app to measure the learner's tests.

Each description is shown to learners whose tests did not notice the bug.
"""

from autograder.material.mutants import Mutant

MUTANTS = [
    Mutant(
        id="token_never_expires",
        description="confirmation links never expire: CONFIRM_TOKEN_MAX_AGE is ignored",
        replacements=[
            (
                'confirm_serializer().loads(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])',
                "confirm_serializer().loads(token)",
            )
        ],
    ),
    Mutant(
        id="signature_not_checked",
        description="the link's signature is not verified, so altered or forged links confirm accounts",
        replacements=[
            (
                'return confirm_serializer().loads(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])',
                'return confirm_serializer().loads_unsafe(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])[1]',
            )
        ],
    ),
    Mutant(
        id="expired_reported_as_invalid",
        description="an expired link is reported as token_invalid instead of token_expired",
        replacements=[
            (
                (
                    "    except SignatureExpired:\n"
                    '        raise ApiError(400, "token_expired", "This confirmation link has expired; ask for a new one.")'
                    " from None\n"
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="reused_token_accepted",
        description="a confirmation link can be used again after the account is confirmed",
        replacements=[
            (
                (
                    "    if user.confirmed:\n"
                    '        raise ApiError(409, "already_confirmed", "This email address is already confirmed.")\n'
                    "    user.confirmed_at"
                ),
                "    user.confirmed_at",
            )
        ],
    ),
    Mutant(
        id="email_case_sensitive",
        description="emails are compared case-sensitively, so Alice@Example.com can register twice",
        replacements=[("return address.normalized.lower()", "return address.normalized")],
    ),
    Mutant(
        id="password_confirm_ignored",
        description="password_confirm is required but never compared with password",
        replacements=[
            (
                (
                    "    elif confirmation != password:\n"
                    '        details["password_confirm"] = "Does not match the password."\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="digit_not_required",
        description="a password without any digit is accepted",
        replacements=[
            (
                "if not any(char.isalpha() for char in password) or not any(char.isdigit() for char in password):",
                "if not any(char.isalpha() for char in password):",
            )
        ],
    ),
    Mutant(
        id="eight_characters_refused",
        description="a password of exactly 8 characters is refused (off by one)",
        replacements=[("if len(password) < MIN_PASSWORD_LENGTH:", "if len(password) <= MIN_PASSWORD_LENGTH:")],
    ),
    Mutant(
        id="password_hash_in_response",
        description="the account's JSON includes the password hash",
        replacements=[
            (
                'return {"id": self.id, "email": self.email, "confirmed": self.confirmed}',
                (
                    'return {"id": self.id, "email": self.email, "confirmed": self.confirmed,'
                    ' "password_hash": self.password_hash}'
                ),
            )
        ],
    ),
    Mutant(
        id="email_sent_to_sender",
        description="the confirmation email goes to the sender address instead of the new account",
        replacements=[("recipients=[user.email],", 'recipients=[current_app.config["MAIL_DEFAULT_SENDER"]],')],
    ),
    Mutant(
        id="resend_confirms_directly",
        description="asking for a new confirmation email confirms the account without any link",
        replacements=[
            (
                "    if user is not None:\n        send_confirmation_email(user)\n",
                (
                    "    if user is not None:\n"
                    "        user.confirmed_at = datetime.now(timezone.utc)\n"
                    "        db.session.commit()\n"
                ),
            )
        ],
    ),
    Mutant(
        id="resend_reveals_unknown_emails",
        description="resending for an unknown email answers 404, which lets anyone probe which emails have accounts",
        replacements=[
            (
                "    if user is not None:\n        send_confirmation_email(user)\n",
                (
                    "    if user is None:\n"
                    '        raise ApiError(404, "not_found", "No account uses this email address.")\n'
                    "    send_confirmation_email(user)\n"
                ),
            )
        ],
    ),
    Mutant(
        id="resend_to_confirmed_accounts",
        description="resending for an already confirmed account sends another email instead of answering 409",
        replacements=[
            (
                (
                    "    if user is not None and user.confirmed:\n"
                    '        raise ApiError(409, "already_confirmed", "This email address is already confirmed.")\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="login_before_confirmation",
        description="an unconfirmed account can log in",
        replacements=[
            (
                (
                    "    if not user.confirmed:\n"
                    '        raise ApiError(403, "unconfirmed", "Confirm your email address before logging in.")\n'
                ),
                "",
            )
        ],
    ),
    Mutant(
        id="any_password_logs_in",
        description="login checks only that the email exists, not the password",
        replacements=[
            (
                "if user is None or not check_password_hash(user.password_hash, password):",
                "if user is None:",
            )
        ],
    ),
    Mutant(
        id="unconfirmed_revealed_before_password",
        description="login answers 403 unconfirmed before checking the password, revealing the account to anyone",
        replacements=[
            (
                "    if user is None or not check_password_hash(user.password_hash, password):\n",
                (
                    "    if user is not None and not user.confirmed:\n"
                    '        raise ApiError(403, "unconfirmed", "Confirm your email address before logging in.")\n'
                    "    if user is None or not check_password_hash(user.password_hash, password):\n"
                ),
            )
        ],
    ),
]
