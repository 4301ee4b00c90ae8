"""GET /api/cases, GET /healthz, `flask cases export`, `flask chat`."""
from __future__ import annotations

import json
import threading

from werkzeug.serving import make_server

from bot import rasa_client
from bot.core import store
from bot.health import check_parts


def make_cases(app):
    db = store.open_db(app.config["SETTINGS"].db_path)
    store.create_case(db, "document", "+6281234567890", "sms", village="Jambewangi", district="Sempu",
                      data={"document_type": "ktp"})
    store.create_case(db, "emergency", "whatsapp:+6281234567891", "whatsapp", data={"risk_level": "KRST"})


def test_api_cases_needs_the_bearer_token(app, client):
    make_cases(app)
    assert client.get("/api/cases").status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Basic test-admin-token"}).status_code == 401
    response = client.get("/api/cases", headers={"Authorization": "Bearer test-admin-token"})
    assert response.status_code == 200
    cases = response.get_json()
    assert [c["ref"] for c in cases] == ["DOK-0001", "DRT-0001"]
    assert set(cases[0]) == {"ref", "kind", "status", "phone", "channel", "village", "district", "created_at",
                             "updated_at", "data"}
    assert cases[0]["data"] == {"document_type": "ktp"}


def test_api_closed_without_configured_token(settings_env):
    from bot import create_app

    app = create_app({**settings_env, "ADMIN_API_TOKEN": ""})
    assert app.test_client().get("/api/cases", headers={"Authorization": "Bearer "}).status_code == 401


def test_cases_export_prints_one_json_object_a_line(app, runner):
    make_cases(app)
    result = runner.invoke(args=["cases", "export"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["ref"] == "DOK-0001" and first["kind"] == "document" and first["status"] == "new"
    assert first["phone"] == "+6281234567890" and first["village"] == "Jambewangi"
    assert json.loads(lines[1])["phone"] == "+6281234567891"


def test_healthz_503_until_every_part_answers(client):
    # Redis and the database answer; Rasa and the action server (port 9) do not.
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["redis"] == "ok" and body["database"] == "ok"
    assert body["rasa"].startswith("error") and body["actions"].startswith("error")


def test_healthz_200_when_all_answer(app, client, monkeypatch):
    monkeypatch.setattr(rasa_client, "status", lambda settings, server=None: {"model_file": "x"})
    monkeypatch.setattr(rasa_client, "action_server_health", lambda settings: {"status": "ok"})
    response = client.get("/healthz")
    assert response.status_code == 200
    assert {k: response.get_json()[k] for k in ("redis", "rasa", "actions", "database")} == dict.fromkeys(
        ("redis", "rasa", "actions", "database"), "ok")
    assert check_parts(app.config["SETTINGS"])["database"] == "ok"


def test_chat_sends_signed_requests_over_http(app, runner, rasa):
    rasa.replies = [{"text": "Halo Bapak/Ibu, ketik MENU."}, {"text": "Salam 🙏"}]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        result = runner.invoke(args=["chat", "--phone", "081234567890", "--url", url], input="halo\n")
        result_wa = runner.invoke(args=["chat", "--phone", "+6281234567890", "--whatsapp", "--url", url],
                                  input="halo\n")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "Halo Bapak/Ibu, ketik MENU." in result.output
    assert "[1 SMS, GSM-7," in result.output
    assert "Salam\n" in result.output  # the emoji was transliterated away on SMS
    assert [t["sender"] for t in rasa.turns] == ["+6281234567890", "+6281234567890"]
    assert rasa.turns[1]["metadata"]["channel"] == "whatsapp"
    assert "Salam 🙏" in result_wa.output and "UCS-2" in result_wa.output


def test_chat_rejects_a_bad_phone(runner):
    result = runner.invoke(args=["chat", "--phone", "halo"])
    assert result.exit_code != 0 and "phone" in result.output.lower()


def test_chat_finds_the_development_token_the_run_command_saved(settings_env, rasa, tmp_path):
    from bot import create_app

    data_dir = tmp_path / "run-data"
    data_dir.mkdir()
    (data_dir / "dev.env").write_text("# generated\nTWILIO_AUTH_TOKEN=from-dev-env\nRASA_TOKEN=x\n")
    server_app = create_app({**settings_env, "TWILIO_AUTH_TOKEN": "from-dev-env"})
    chat_app = create_app({**settings_env, "TWILIO_AUTH_TOKEN": "", "DATA_DIR": str(data_dir)})
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = chat_app.test_cli_runner().invoke(
            args=["chat", "--phone", "+6281234567890", "--url", f"http://127.0.0.1:{server.server_port}"],
            input="halo\n")
    finally:
        server.shutdown()
    assert "Halo Bapak/Ibu." in result.output, result.output
    no_token = create_app({**settings_env, "TWILIO_AUTH_TOKEN": "", "DATA_DIR": str(tmp_path / "empty")})
    result = no_token.test_cli_runner().invoke(args=["chat", "--phone", "+6281234567890"])
    assert result.exit_code != 0 and "TWILIO_AUTH_TOKEN" in result.output


def test_chat_sends_a_pin_and_a_photo_as_twilio_would(app, runner, rasa):
    """`/pin LAT,LON words` and `/foto caption` lines: the exploratory rounds can send what phones send."""
    rasa.replies = [{"text": "Ok."}]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        result = runner.invoke(args=["chat", "--phone", "+6281234567890", "--whatsapp", "--url", url],
                               input="/pin -8.2934,114.3072 iki omahku\n/foto jalane rusak\n")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    with app.app_context():
        from bot.db import get_db

        rows = list(get_db()["messages"].rows_where("direction = 'in'", order_by="id"))
    assert rows[-2]["body"] == "iki omahku" and (rows[-2]["latitude"], rows[-2]["longitude"]) == (-8.2934, 114.3072)
    assert rows[-1]["body"] == "jalane rusak" and "MEchat" in rows[-1]["media"]
