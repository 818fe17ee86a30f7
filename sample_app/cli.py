"""Flask CLI commands: ``flask --app sample_app init-db | seed | create-admin``."""

import click
from flask import Flask
from flask.cli import with_appcontext

from . import accounts
from .extensions import db
from .models import Post, User


@click.command("init-db")
@with_appcontext
@click.option("--drop", is_flag=True, help="Drop existing tables first (loses all data).")
def init_db_command(drop: bool) -> None:
    """Create the database tables."""
    if drop:
        db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")


# --8<-- [start:seed-command]
@click.command("seed")
@with_appcontext
@click.option("--users", default=3, show_default=True, type=click.IntRange(1, 1000))
@click.option("--posts-per-user", default=2, show_default=True, type=click.IntRange(0, 1000))
def seed_command(users: int, posts_per_user: int) -> None:
    """Fill an empty database with demo users (password: password123) and posts."""
    db.create_all()
    if db.session.scalar(db.select(db.func.count()).select_from(User)):
        raise click.ClickException("The database already has users; seed only an empty one.")
    for number in range(1, users + 1):
        user = User(username=f"user{number}", email=f"user{number}@example.com")
        user.set_password("password123")
        for post_number in range(1, posts_per_user + 1):
            user.posts.append(Post(title=f"Post {post_number} by user{number}", content=f"Demo content {post_number}."))
        db.session.add(user)
    db.session.commit()
    click.echo(f"Seeded {users} users and {users * posts_per_user} posts.")


# --8<-- [end:seed-command]


@click.command("create-admin")
@with_appcontext
@click.argument("username")
@click.option("--email", required=True)
@click.password_option(help="Prompted for (twice) when not given.")
def create_admin_command(username: str, email: str, password: str) -> None:
    """Create an administrator account (the same account rules as the sign-up form)."""
    checks = {
        "username": (accounts.username, username),
        "--email": (accounts.email, email),
        "--password": (accounts.new_password, password),
    }
    cleaned = {}
    for name, (check, value) in checks.items():
        try:
            cleaned[name] = check(value)
        except accounts.FieldError as error:
            raise click.BadParameter(str(error), param_hint=name) from None
    db.create_all()
    try:
        accounts.create_user(cleaned["username"], cleaned["--email"], cleaned["--password"], is_admin=True)
    except accounts.AccountTaken:
        raise click.ClickException(f"A user named {username!r} or with that email already exists.") from None
    click.echo(f"Created admin {username}.")


def register(app: Flask) -> None:
    for command in (init_db_command, seed_command, create_admin_command):
        app.cli.add_command(command)
