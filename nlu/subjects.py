"""Who a message is about, beyond the danger-sign rules of ``nlu.emergency`` (pure)."""
from __future__ import annotations

from collections.abc import Sequence

# An animal giving birth ("sapi sy lagi melahirkan ... nyangkut", "sapiku meteng 9 wulan") is no
# service of this bot: neither the danger signs nor the classifier's alarm count for it.
ANIMALS = frozenset({"sapi", "kambing", "wedhus", "wedus", "domba", "kucing", "anjing", "asu", "kerbau", "kebo",
                     "kuda", "jaran", "babi", "ternak", "hewan", "pedet", "pedhet", "kelinci", "embek", "induk"})
WOMAN = frozenset({"istri", "bojo", "ibu", "mbak", "menantu", "mantu", "bumil", "wanita", "perempuan", "wedok", "putri",
                   "rabi", "bini", "adik", "kakak", "bidan"})
_ADDRESS_TITLES = frozenset({"bidan", "dokter", "kader", "lurah", "rt", "kades"})
_ADDRESSES = frozenset({"ibu", "mbak", "kakak", "adik"})


def animal_subject(words: Sequence[str]) -> bool:
    """True when the message is about an animal and names no woman ("Pak tolong, sapi sy lagi
    melahirkan"); "Bu, ..." or "bu bidan" at the start is an address, not the subject."""
    if not ANIMALS.intersection(words):
        return False
    for i, w in enumerate(words):
        if w not in WOMAN or w == "bidan":
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if w in _ADDRESSES and ((i < 2 and after != "hamil") or after in _ADDRESS_TITLES):
            continue  # "Bu, sapi sy ..." / "ibu bidan": who is addressed
        return False
    return True
