"""Sign in and out. Failed sign-ins are throttled per account and per client (``models.sign_in``)."""
from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from models.sign_in import note_failure, note_success, seconds_to_wait, throttle_keys
from models.users import HashingBusy, authenticate, hashing_slot
from review.auth import csrf_protect, sign_in, sign_out
from review.db_session import db_session
from review.web import render

router = APIRouter(dependencies=[Depends(csrf_protect)])


def _local_path(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return render(request, "login.html", next=_local_path(next), error=None, username="")


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/"),
          session: Session = Depends(db_session)):
    keys = throttle_keys(username=username, client=request.client.host if request.client else None)
    try:
        with hashing_slot():  # the check and the count of a failure happen in one slot (see hashing_slot)
            wait = seconds_to_wait(session=session, keys=keys)
            if wait > 0:  # refused before hashing: a locked account costs the server nothing
                return _refused(request, username, next, 429,
                                f"Too many failed sign-ins. Try again in {_shown(wait)}.", retry_after=wait)
            user = authenticate(session=session, username=username, password=password)
            if user is None:
                note_failure(session=session, keys=keys)
                session.commit()
                return _refused(request, username, next, 401, "Unknown user name or wrong password.")
    except HashingBusy:
        return _refused(request, username, next, 503, "The server is busy signing others in. Try again shortly.",
                        retry_after=5)
    note_success(session=session, username=username)
    session.commit()
    sign_in(request, user)
    return RedirectResponse(_local_path(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: Session = Depends(db_session)):
    sign_out(request, session)
    session.commit()  # before the answer: the next request, maybe to another process, must see it
    return RedirectResponse("/login", status_code=303)


def _refused(request: Request, username: str, next: str, status: int, error: str, retry_after: float | None = None):
    response = render(request, "login.html", status_code=status, next=_local_path(next), error=error,
                      username=username)
    if retry_after:
        response.headers["Retry-After"] = str(math.ceil(retry_after))
    return response


def _shown(seconds: float) -> str:
    return f"{math.ceil(seconds)} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
