"""Canned replies an officer can start from (plain GSM-7 Indonesian, one SMS each)."""
CANNED_REPLIES = (
    "Terima kasih, laporan Bapak/Ibu sudah kami terima dan sedang kami tindak lanjuti.",
    "Mohon kirim nama lengkap dan alamat (dusun, RT/RW) agar petugas dapat datang.",
    "Petugas akan menghubungi Bapak/Ibu lewat telepon hari ini.",
    "Berkas bisa diambil di kantor desa pada jam kerja (Senin-Jumat 08.00-14.00 WIB).",
    "Bila keadaan darurat, segera telepon 112 (gratis).",
)
