"""What the ``flask users`` commands (bot/admin/commands.py) and the console's account page
(bot/admin/users_views.py) share: the ONE check of an account's desa and kecamatan against
the official place list (``nlu.places``), the area each role keeps, and the password rule.
No Flask or click here: each caller words the refusal its own way (English on the command
line, Indonesian in the console) from the same ``AreaError``."""
from __future__ import annotations

MIN_PASSWORD = 8
MAX_PASSWORD = 256  # the login form accepts no longer password (auth.LoginForm)


class AreaError(ValueError):
    """The desa or kecamatan given is not one of Banyuwangi's, or the desa needs its kecamatan.

    ``field``: ``village`` or ``district``; ``reason``: ``no_district``, ``no_village`` or
    ``ambiguous``; ``name``: what was typed; ``district``: the official kecamatan the desa was
    looked for in (or None); ``options``: the desa suggested (``no_village``) or the kecamatan
    that have a desa of that name (``ambiguous``)."""

    def __init__(self, field: str, reason: str, name: str, *, district: str | None = None,
                 options: tuple[str, ...] = ()):
        self.field, self.reason, self.name, self.district, self.options = field, reason, name, district, options
        super().__init__(self.english())

    def english(self) -> str:
        if self.reason == "no_district":
            return f"no kecamatan named {self.name!r} in Banyuwangi"
        if self.reason == "ambiguous":
            return f"there is a desa {self.name} in " + " and ".join(self.options) + ": give --district"
        hint = ", ".join(self.options)
        return (f"no desa named {self.name!r}" + (f" in Kec. {self.district}" if self.district else "")
                + (f" (did you mean: {hint}?)" if hint else ""))

    def indonesian(self) -> str:
        if self.reason == "no_district":
            return f"Kecamatan “{self.name}” tidak ada di Kabupaten Banyuwangi."
        if self.reason == "ambiguous":
            return (f"Desa {self.name} ada di " + " dan ".join(f"Kec. {d}" for d in self.options)
                    + ": isi juga kecamatannya.")
        hint = ", ".join(self.options)
        return (f"Desa “{self.name}” tidak ditemukan" + (f" di Kec. {self.district}" if self.district else "")
                + "." + (f" Mungkin maksud Anda: {hint}?" if hint else ""))


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def resolve_area(village: str | None, district: str | None) -> tuple[str | None, str | None]:
    """The official names of the desa and kecamatan given (any case, any spacing), the
    kecamatan found from the desa when the desa's name is unique; ``AreaError`` otherwise."""
    from nlu import places

    village, district = (village or "").strip(), (district or "").strip()
    official_district = None
    if district:
        found = [p for p in places.all_districts() if _norm(p.name) == _norm(district)]
        if not found:
            raise AreaError("district", "no_district", district)
        official_district = found[0].name
    if not village:
        return None, official_district
    found = [p for p in places.all_villages() if _norm(p.name) == _norm(village)
             and (official_district is None or p.district == official_district)]
    if not found:
        hints = tuple(p.name for p in places.suggest(village, level="village"))
        raise AreaError("village", "no_village", village, district=official_district, options=hints)
    if len(found) > 1:
        raise AreaError("village", "ambiguous", found[0].name, options=tuple(p.district for p in found))
    return found[0].name, found[0].district


def area_for_role(role: str, village: str | None, district: str | None) -> tuple[str | None, str | None]:
    """What of the (resolved) area an account of ``role`` keeps: an admin none (the whole
    regency), a kecamatan account only its kecamatan."""
    if role == "admin":
        return None, None
    if role == "kecamatan":
        return None, district
    return village, district


def without_area(role: str, village: str | None, district: str | None) -> bool:
    """A non-admin account with neither desa nor kecamatan: it sees no case."""
    return role != "admin" and not (village or district)
