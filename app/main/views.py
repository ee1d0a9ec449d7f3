"""The home page, which explains the desks, and the language switch."""

from flask import Blueprint, current_app, render_template, request, session, url_for

from app.web.redirects import redirect_back

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    return render_template("main/home.html")


@bp.post("/taal")
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    # Only back to a path on this site.
    return redirect_back(request.form.get("next"), url_for("main.home"))


@bp.get("/healthz")
def health():
    return {"status": "ok"}
