"""accounts.py on its own: the account rules, the "taken" lookups, logging in and creating users.

The forms, the API and the CLI reach these through HTTP or Click; here each rule is
checked directly, at its boundaries, without a request.
"""

import pytest

from sample_app import accounts
from sample_app.accounts import AccountTaken, FieldError
from sample_app.extensions import db
from sample_app.models import User

from .helpers import count_rows


@pytest.mark.parametrize(
    ("check", "value", "cleaned"),
    [
        (accounts.username, "abc", "abc"),
        (accounts.username, "a" * 30, "a" * 30),
        (accounts.username, "Mixed_9.x-y", "Mixed_9.x-y"),
        (accounts.email, " Bob@Example.COM ", "bob@example.com"),
        (accounts.email, "a" * 60 + "@" + "b" * 47 + ".example.com", "a" * 60 + "@" + "b" * 47 + ".example.com"),
        (accounts.new_password, "abcdefg1", "abcdefg1"),
        (accounts.new_password, "a1" * 64, "a1" * 64),
        (accounts.new_password, " spaced 1 ", " spaced 1 "),
        (accounts.new_password, "pässwörd1", "pässwörd1"),
    ],
    ids=[
        "username-shortest",
        "username-longest",
        "username-all-allowed-characters",
        "email-spaces-and-capitals",
        "email-longest",
        "password-shortest",
        "password-longest",
        "password-spaces-kept",
        "password-non-ascii-letters",
    ],
)
def test_rule_accepts_a_good_value_and_cleans_it(check, value, cleaned):
    """A good value passes; only an email changes, so that one mailbox is one account."""
    assert check(value) == cleaned


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (accounts.username, "ab", "Must be 3 to 30 characters long."),
        (accounts.username, "a" * 31, "Must be 3 to 30 characters long."),
        (accounts.username, "has space", "Use only letters, digits, '_', '.' and '-'."),
        (accounts.username, "../etc", "Use only letters, digits, '_', '.' and '-'."),
        (accounts.username, "Admin", "This username is reserved."),
        (accounts.username, 42, "Must be a string."),
        (accounts.email, "not-an-email", "An email address must have an @-sign."),
        (accounts.email, "a" * 60 + "@" + "b" * 48 + ".example.com", "Must be at most 120 characters long."),
        (accounts.email, ["bob@example.com"], "Must be a string."),
        (accounts.new_password, "abcdef1", "Must be at least 8 characters long."),
        (accounts.new_password, "a1" * 64 + "x", "Must be at most 128 characters long."),
        (accounts.new_password, "onlyletters", "Must contain at least one letter and one digit."),
        (accounts.new_password, "1234567890", "Must contain at least one letter and one digit."),
        (accounts.new_password, "________1", "Must contain at least one letter and one digit."),
        (accounts.new_password, None, "Must be a string."),
    ],
    ids=[
        "username-too-short",
        "username-too-long",
        "username-space",
        "username-path",
        "username-reserved-any-case",
        "username-not-a-string",
        "email-no-at-sign",
        "email-too-long",
        "email-not-a-string",
        "password-too-short",
        "password-too-long",
        "password-no-digit",
        "password-no-letter",
        "password-underscore-is-not-a-letter",
        "password-null",
    ],
)
def test_rule_refuses_a_bad_value_with_a_reason(check, value, message):
    """Each broken rule raises FieldError with a message meant for the person who typed the value."""
    with pytest.raises(FieldError) as refused:
        check(value)

    assert str(refused.value) == message


class TestTaken:
    @pytest.mark.parametrize("name", ["testuser", "TestUser"], ids=["same-case", "other-case"])
    def test_username_taken_ignores_case(self, app, user, name):
        """An existing username is taken in any letter case; a new one is free."""
        with app.app_context():
            assert accounts.username_taken(name)
            assert not accounts.username_taken("newcomer")

    @pytest.mark.parametrize("address", ["test@example.com", "TEST@EXAMPLE.COM"], ids=["same-case", "other-case"])
    def test_email_taken_ignores_case(self, app, user, address):
        """An existing email is taken in any letter case; a new one is free."""
        with app.app_context():
            assert accounts.email_taken(address)
            assert not accounts.email_taken("free@example.com")

    def test_email_taken_can_leave_out_one_user(self, app, user, other_user):
        """A user's own address is not taken from their point of view; someone else's is."""
        with app.app_context():
            assert not accounts.email_taken(user.email, exclude_user_id=user.id)
            assert accounts.email_taken(other_user.email, exclude_user_id=user.id)


class TestAuthenticate:
    def test_returns_the_user_for_the_right_password(self, app, user):
        """The right username and password give that user."""
        with app.app_context():
            found = accounts.authenticate(user.username, user.password)
            assert found is not None and found.id == user.id

    @pytest.mark.parametrize(
        ("username", "password"),
        [("testuser", "wrong-password"), ("nobody", "password123"), ("TESTUSER", "password123")],
        ids=["wrong-password", "unknown-user", "username-in-other-case"],
    )
    def test_returns_none_for_any_mistake(self, app, user, username, password):
        """A wrong password and an unknown (or differently cased) username look the same."""
        with app.app_context():
            assert accounts.authenticate(username, password) is None

    # --8<-- [start:dummy-hash]
    @pytest.mark.parametrize("username", ["testuser", "nobody"], ids=["known-user", "unknown-user"])
    def test_every_attempt_costs_one_hash_check(self, app, user, mocker, username):
        """Known or not, a username costs one check against a hash of the configured method.

        Counting the checks, not timing them: the test cannot be flaky, and it fails
        the moment an unknown name returns early.
        """
        spy = mocker.spy(accounts, "check_password_hash")

        with app.app_context():
            assert accounts.authenticate(username, "wrong-password") is None

        assert spy.call_count == 1
        stored_hash = spy.call_args.args[0]
        assert stored_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")

    # --8<-- [end:dummy-hash]


class TestCreateUser:
    def test_stores_the_account_with_a_hashed_password(self, app):
        """The new row holds a hash that checks against the password, never the password."""
        with app.app_context():
            user = accounts.create_user("newuser", "new@example.com", "StrongPass123!", is_admin=True)

            assert (user.username, user.email, user.is_admin) == ("newuser", "new@example.com", True)
            assert user.password_hash != "StrongPass123!"
            assert user.check_password("StrongPass123!")

    @pytest.mark.parametrize(
        ("name", "address"),
        [("testuser", "new@example.com"), ("newuser", "test@example.com")],
        ids=["username", "email"],
    )
    def test_refuses_a_duplicate_and_keeps_the_original(self, app, user, name, address):
        """The unique constraints raise AccountTaken, and the existing account is untouched."""
        with app.app_context():
            with pytest.raises(AccountTaken):
                accounts.create_user(name, address, "StrongPass123!")

            original = db.session.get_one(User, user.id)
            assert (original.username, original.email) == (user.username, user.email)
            assert original.check_password(user.password)
        assert count_rows(app, User) == 1
