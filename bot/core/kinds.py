"""The one table of case kinds: reference prefix, labels and the nouns villagers and
officers read. Every message about a case takes its words from here."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # as in CONTRACT.md section 4
    prefix: str  # typed on a keypad: PREFIX-NNNN
    label: str  # the officer's notice: "Smart Kampung DOK-0001 Permohonan dokumen ..."
    noun: str  # the villager's notice: "permohonan DOK-0001 Bapak/Ibu sudah diterima"
    word: str  # the officer's case list: "DOK-0001 dokumen Jambewangi (baru)"
    # Roles whose TERIMA acknowledges the case (and stops its escalation) and who may close
    # it; () = any officer of the case. Others told of it (the police of an obstetric
    # emergency) help, but the medical follow-up is not theirs to stop.
    lead_roles: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("document", "DOK", "Permohonan dokumen", "permohonan", "dokumen"),
    Kind("pregnancy", "HML", "Laporan ibu hamil", "laporan", "ibu hamil"),
    Kind("emergency", "DRT", "DARURAT ibu hamil", "laporan darurat", "DARURAT",
         lead_roles=("bidan", "puskesmas", "piket_darurat", "admin")),  # admin: the console's regency admin
    Kind("transport", "JEK", "Jemput JEK-MIL", "permintaan jemput", "JEK-MIL"),
    Kind("rantang_kasih", "RKS", "Rantang Kasih", "pendaftaran", "Rantang Kasih"),
    Kind("complaint", "ADU", "Pengaduan", "pengaduan", "pengaduan"),
    Kind("handover", "OPR", "Warga minta bicara dengan petugas", "pesan", "minta petugas"),
)}
CASE_KINDS = tuple(KINDS)

CASE_STATUSES = ("new", "in_progress", "done", "rejected")
# The one list of statuses in which a case is still open.
OPEN_STATUSES = ("new", "in_progress")
# What villagers and officers read for a status.
STATUS_WORD = {"new": "baru", "in_progress": "diproses", "done": "selesai", "rejected": "ditolak"}


def kind(name: str) -> Kind:
    return KINDS[name]
