"""The password check at «ورود» (issue 22): argon2id at OWASP's minimum (19 MiB, two
passes, one lane), and a hash made with the former cost (argon2-cffi's default, 64 MiB)
still signs in and is rewritten with the new one."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import update

from desktop_app.models import User
from desktop_app.services.accounts import accounts

PASSWORD = "sanjesh-1405-miz"


def test_new_hashes_are_argon2id_at_the_owasp_minimum():
    assert accounts.hash_password(PASSWORD).startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_of_the_former_cost_signs_in_and_is_rewritten(ctx):
    accounts.create_first_administrator(ctx, "modir", "مدیر", PASSWORD, PASSWORD)
    former = PasswordHasher().hash(PASSWORD)  # m=65536, t=3, p=4
    with ctx.session() as session:
        session.execute(update(User).values(password_hash=former))
    accounts.sign_in(ctx, "modir", PASSWORD)
    with ctx.session() as session:
        stored = session.query(User).one().password_hash
    assert stored != former and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    accounts.sign_in(ctx, "modir", PASSWORD)  # and the new hash signs in
