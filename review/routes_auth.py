"""Sign in and out."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from models.users import authenticate
from review.auth import csrf_protect, sign_in, sign_out
from review.web import db_session, render

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
    user = authenticate(session=session, username=username, password=password)
    session.commit()
    if user is None:
        return render(request, "login.html", status_code=401, next=_local_path(next),
                      error="Unknown user name or wrong password.", username=username)
    sign_in(request, user)
    return RedirectResponse(_local_path(next), status_code=303)


@router.post("/logout")
def logout(request: Request):
    sign_out(request)
    return RedirectResponse("/login", status_code=303)
