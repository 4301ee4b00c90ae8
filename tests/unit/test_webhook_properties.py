"""Issue 9: whatever Twilio (or someone pretending to be it) posts, the webhook never answers
5xx, and every message with a sender and an id is stored before anything else. Properties
over the form fields (hypothesis), through the signed webhook with a stubbed Rasa."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import store
from tests.unit.test_webhook import make_form, post

_ids = itertools.count()

# Text as people and machines send it: any unicode (emoji, Javanese script, control
# characters, lone surrogates excluded by Werkzeug), long bodies, SQL and HTML look-alikes.
BODIES = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=50),
    st.sampled_from(["'; DROP TABLE messages; --", "<script>alert(1)</script>", "%00%ff", "\u202e\u200b", "🤰🚑" * 80,
                     "ꦱꦼꦭꦩꦠ꧀", "x" * 5000, ""]),
)
FROMS = st.one_of(
    st.just("VALID"), st.just("whatsapp:VALID"),  # a new contact each time (no flood limit across examples)
    st.sampled_from(["+6281234567890", "whatsapp:+6281234567890", "081234567890", "+1 (555) 010-0000", "", "abc",
                     "whatsapp:", "+62", "+628123456789012345", "sms:+6281234567890"]),
    st.text(max_size=30),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, sender=FROMS, media=st.integers(min_value=0, max_value=3),
       lat=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8)))
def test_never_a_5xx_and_every_message_is_kept(app, client, rasa, body, sender, media, lat):
    n = next(_ids)
    sid = f"SM{n:032d}"
    sender = sender.replace("VALID", f"+62813{n:07d}")
    extra = {"NumMedia": str(media)}
    extra.update({f"MediaUrl{i}": f"https://api.twilio.com/m/{i}" for i in range(media)})
    if lat is not None:
        extra.update({"Latitude": str(lat), "Longitude": "114.2"})
    form = make_form(phone="+6281234567890", body=body, sid=sid, **extra)
    form["From"] = sender
    response = post(client, form)
    assert response.status_code < 500, response.data[:200]
    assert response.status_code in (200, 400), response.status_code
    db = store.open_db(app.config["SETTINGS"].db_path)
    try:
        kept = list(db["messages"].rows_where("message_sid = ? AND direction = 'in'", [sid]))
        if "VALID" in form.get("From", "") or sender.startswith(("+62813", "whatsapp:+62813")):
            assert kept and kept[0]["status"] != "limited"
    finally:
        db.close()
    assert kept, "the message was not stored"
    if response.status_code == 200:
        assert response.mimetype == "text/xml"
        assert kept[0]["status"] in ("processed", "pending", "limited", "duplicate"), kept[0]["status"]
