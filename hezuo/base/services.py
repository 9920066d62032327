"""The one set of service helpers every app's ``services.py`` writes through.

A service is a keyword-only function taking ``acting_user``: a signed-in user, or :data:`SYSTEM`
for commands, jobs and the demo builder. ``None`` is not an actor: a service called without one
fails loudly instead of silently skipping the access check (as five drifting copies of these
helpers once did in different ways).

- :func:`attribute` names the actor and the reason in the record's history
  (:func:`recorded_user`: the actor for a record's own user field);
- :func:`require` / :func:`require_any` check the role matrix (``base.access``) for a record or
  a model;
- :func:`save_checked` validates, saves and checks that the actor may hold the saved record;
- :func:`check_version` refuses a write made on an old version (:class:`Conflict`, HTTP 409);
- :func:`locked` reads a record again under a write lock (``base.access.lock_for_update``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from hezuo.core.access import Action

from .access import lock_for_update, may, may_on

#: The longest change reason kept in a record's history (simple-history's column is 100).
REASON_LENGTH = 100


class SystemActor:
    """The system itself acting: a command, a background job, the demo builder.

    It may do everything (``base.access`` treats it as a superuser) and appears in history as
    nobody (``history_user`` empty) with the reason it gives.
    """

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    is_anonymous = False
    pk = None
    id = None
    username = "system"
    preferred_language = ""
    email = ""

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "system"

    def get_username(self) -> str:
        return self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True


#: The one system actor.
SYSTEM = SystemActor()


def is_system(user: Any) -> bool:
    return isinstance(user, SystemActor)


def actor(user: Any) -> Any:
    """Return ``user`` if it is an actor; raise TypeError for ``None`` (a programming error)."""
    if user is None:
        raise TypeError("acting_user is required: pass base.services.SYSTEM for the system")
    return user


def recorded_user(user: Any) -> Any:
    """Return the user to store in a record's own user field (``decided_by``,
    ``expressed_by``): the user, or nobody for the system (which is no row of the user table)."""
    return None if is_system(actor(user)) else user


def reason_text(reason: str) -> str:
    """Return ``reason`` on one line, cut to what history keeps."""
    return " ".join(str(reason).split())[:REASON_LENGTH]


def attribute(obj: Any, user: Any, reason: str) -> None:
    """Make the next save of ``obj`` appear in its history as done by ``user`` for ``reason``."""
    actor(user)
    if not is_system(user):
        obj._history_user = user
    obj._change_reason = reason_text(reason)


def refusal() -> PermissionDenied:
    return PermissionDenied(_("You may not do this with this record."))


def require(user: Any, obj: models.Model, action: str) -> None:
    """Refuse unless ``user`` may ``action`` this saved record."""
    if not may_on(actor(user), obj, action):
        raise refusal()


def require_any(user: Any, model: type[models.Model], action: str) -> None:
    """Refuse unless ``user`` may ``action`` some records of ``model`` (e.g. add one)."""
    if not may(actor(user), model, action):
        raise refusal()


def save_checked(obj: models.Model, user: Any, reason: str, *, action: str = Action.ADD) -> None:
    """Validate, save under ``user`` and ``reason``, then check ``user`` may ``action`` it.

    Call inside ``transaction.atomic()``: a refusal after the save rolls the save back.
    """
    obj.full_clean()
    attribute(obj, user, reason)
    obj.save()
    require(user, obj, action)


class Conflict(ValidationError):
    """A write made on an old version of a record (the API answers 409).

    ``current`` and ``sent`` are the record's version and the one the write was made on, so
    that the API's 409 body (``base.api.ConflictSerializer``) can name both.
    """

    def __init__(
        self,
        message: Any,
        code: str | None = "conflict",
        params: Any = None,
        *,
        current: int | None = None,
        sent: int | None = None,
    ) -> None:
        super().__init__(message, code=code, params=params)
        self.current = current
        self.sent = sent


def check_version(obj: Any, version: int | None) -> None:
    """Refuse a write made on another version than ``obj``'s current one (None: not checked)."""
    if version is not None and obj.version != version:
        raise Conflict(
            _(
                "Someone else saved this record in the meantime (version %(theirs)s, you "
                "started from %(yours)s). Nothing was saved."
            )
            % {"theirs": obj.version, "yours": version},
            code="conflict",
            current=obj.version,
            sent=version,
        )


def locked(obj_or_queryset: Any, pk: Any = None) -> Any:
    """Return a record read again under a write lock, the one locking idiom of the services.

    ``locked(record)`` or ``locked(queryset, pk)``; see ``base.access.lock_rows`` (SQLite takes
    the database's write lock, PostgreSQL a row lock).
    """
    if isinstance(obj_or_queryset, models.Model):
        obj = obj_or_queryset
        return lock_for_update(type(obj)._default_manager.all(), obj.pk)
    return lock_for_update(obj_or_queryset, pk)
