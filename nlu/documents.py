"""document_type synonyms -> the contract's values (pure, no Rasa).

Matching runs on normalised words (``nlu.text.normalise_word``: "ket" -> "keterangan",
"srt" -> "surat", "tdk" -> "tidak", "ktpnya" -> "ktp"), longest phrase first. Phrases mapped
to ``None`` block a shorter match: "akta nikah" / "buku nikah" come from the KUA and
"buku KIA" is the mother-and-child health book, not the Kartu Identitas Anak.
"""

from __future__ import annotations

from collections.abc import Sequence

DOCUMENT_TYPES = (
    "ktp", "kk", "akta_kelahiran", "akta_kematian", "kia", "sktm", "surat_domisili",
    "surat_keterangan_usaha", "surat_pindah", "surat_pengantar_nikah",
)

_AKTA = ("akta", "akte", "akt", "aktа", "akat")
_SURAT = ("surat", "suket", "sk")

_PHRASES: dict[str | None, list[str]] = {
    None: [
        "akta nikah", "akte nikah", "akta cerai", "akte cerai", "buku nikah", "buku kia",
        "akta perkawinan", "akte perkawinan", "akta tanah", "akte tanah", "surat tanah",
        "kartu kia buku", "surat kuasa", "surat sakit", "surat lamaran", "akta jual beli",
    ],
    "akta_kelahiran": [
        "{akta} kelahiran", "{akta} lahir", "{akta} kelairan", "{akta} lair", "{akta} lahiran",
        "{akta} anak", "{akta} bayi", "{akta}", "surat kelahiran", "surat lahir",
        "surat keterangan lahir", "surat keterangan kelahiran", "suket lahir", "suket kelahiran",
        "akta kelahiran anak", "kelahiran anak",
    ],
    "akta_kematian": [
        "{akta} kematian", "{akta} mati", "{akta} meninggal", "{akta} kematin", "{akta} kemaian",
        "surat kematian", "surat keterangan kematian", "surat keterangan meninggal",
        "surat meninggal", "surat mati", "suket kematian", "suket meninggal",
        "surat keterangan meninggal dunia", "surat kematian", "akte meninggal dunia",
    ],
    "kia": [
        "kia", "kartu identitas anak", "ktp anak", "kartu anak", "ktp bocah", "ktp untuk anak",
        "kartu identitas", "ktp anak anak",
    ],
    "ktp": [
        "ktp", "ektp", "e ktp", "ktp el", "ktpel", "ktp elektronik", "kartu tanda penduduk",
        "ktp e", "kartu penduduk", "e ktpnya", "ktp elektronik", "kartu ktp", "ktp ku",
    ],
    "kk": [
        "kk", "kartu keluarga", "kartu kk", "kartu kelurga", "kartu klg", "kartu keluarganya",
        "kartu kluarga", "kartu keluarga baru",
    ],
    "sktm": [
        "sktm", "surat keterangan tidak mampu", "surat tidak mampu", "keterangan tidak mampu",
        "suket tidak mampu", "surat keterangan miskin", "surat miskin", "keterangan miskin",
        "surat keterangan kurang mampu", "surat kurang mampu", "keterangan kurang mampu",
        "surat pernyataan miskin", "surat pernyataan tidak mampu", "sk tidak mampu",
        "surat ket tidak mampu", "surat keterangan orang tidak mampu", "surat tidak mampu",
    ],
    "surat_domisili": [
        "surat keterangan domisili", "surat domisili", "keterangan domisili", "domisili",
        "skd", "suket domisili", "surat keterangan tinggal", "surat keterangan tempat tinggal",
        "surat tempat tinggal", "keterangan tempat tinggal", "surat dom",
    ],
    "surat_keterangan_usaha": [
        "surat keterangan usaha", "surat usaha", "keterangan usaha", "sku", "suket usaha",
        "surat keterangan berusaha", "surat keterangan dagang", "surat usaha dagang",
        "keterangan berusaha", "sk usaha", "surat ijin usaha desa", "surat keterangan warung",
    ],
    "surat_pindah": [
        "surat pindah", "surat keterangan pindah", "keterangan pindah", "skpwni", "skpwni",
        "pindah domisili", "surat pindah domisili", "pindah alamat", "pindah penduduk",
        "pindah kependudukan", "surat pindahan", "surat pindah datang", "suket pindah",
        "pindah datang", "surat perpindahan", "surat pindah keluar", "surat pindah kk",
        "pindah kk", "surat pindah ktp",
    ],
    "surat_pengantar_nikah": [
        "surat pengantar nikah", "pengantar nikah", "surat pengantar menikah", "pengantar menikah",
        "surat nikah", "surat keterangan nikah", "n1", "surat n1", "model n1", "berkas n1",
        "surat pengantar kua", "pengantar kua", "surat numpang nikah", "numpang nikah",
        "rekomendasi nikah", "surat rekomendasi nikah", "surat pengantar kawin", "pengantar kawin",
        "surat kawin", "berkas nikah", "surat menikah", "surat untuk nikah", "surat buat nikah",
        "surat mau nikah", "surat pengantar perkawinan", "pengantar perkawinan", "surat nikahan",
    ],
}


def _expand(pattern: str) -> list[tuple[str, ...]]:
    if "{akta}" in pattern:
        return [tuple(pattern.replace("{akta}", a).split()) for a in _AKTA]
    return [tuple(pattern.split())]


def _build() -> dict[tuple[str, ...], str | None]:
    table: dict[tuple[str, ...], str | None] = {}
    for value, patterns in _PHRASES.items():
        for pattern in patterns:
            for words in _expand(pattern):
                table.setdefault(words, value)
    return table


PHRASES = _build()
_MAX = max(len(k) for k in PHRASES)


def find_documents(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """Document mentions in a list of normalised words: (start, end, value), end exclusive."""
    found: list[tuple[int, int, str]] = []
    i = 0
    n = len(words)
    while i < n:
        hit = None
        for size in range(min(_MAX, n - i), 0, -1):
            key = tuple(words[i : i + size])
            if key in PHRASES:
                hit = (size, PHRASES[key])
                break
        if hit is None:
            i += 1
            continue
        size, value = hit
        if value is not None:
            found.append((i, i + size, value))
        i += size
    # "pengantar dari desa ... buat nikah / ke KUA": the marriage letter named apart
    if not any(v == "surat_pengantar_nikah" for _, _, v in found) and "pengantar" in words \
            and any(w in _MARRIAGE for w in words):
        i = words.index("pengantar")
        found.append((i, i + 1, "surat_pengantar_nikah"))
        found.sort()
    return found


_MARRIAGE = frozenset({"nikah", "menikah", "rabi", "kawin", "kua", "akad", "nikahan", "lamaran"})
