"""The home page, which explains the desks, the language switch and the health check."""

from flask import current_app, render_template, request, session, url_for

from app.web.redirects import redirect_back


def home():
    return render_template("main/home.html")


def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    # Only back to a path on this site.
    return redirect_back(request.form.get("next"), url_for("main.home"))


def health():
    return {"status": "ok"}
