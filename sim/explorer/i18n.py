"""The explorer's words in Indonesian (the default) and English.

The page's own texts are in :data:`UI`. Charts and levers are defined in English in
``charts.py`` and ``levers.py``; :func:`chart_in` and :func:`lever_in` return them in the chosen
language from :data:`CHARTS_ID` and :data:`LEVERS_ID`. Nothing here imports a web framework.
"""

from __future__ import annotations

import dataclasses

LANGS = ("id", "en")
DEFAULT_LANG = "id"
PAGE_TITLE = "kad-sim"

UI: dict[str, dict[str, str]] = {
    "heading": {
        "id": "Penjelajah kerja sama Surabaya–Blitar",
        "en": "Surabaya–Blitar cooperation explorer",
    },
    "sub": {
        "id": "Apa dampak subsidi logistik, jalur penjualan langsung, sistem informasi, pelatihan "
        "atau promosi terhadap harga, pendapatan petani, usaha kecil, wisata dan PAD, dan "
        "berapa biayanya?",
        "en": "What do a logistics subsidy, a direct sales channel, an information system, "
        "training or promotion do to prices, farm incomes, small businesses, tourism and local "
        "revenue, and what do they cost?",
    },
    "intro": {
        "id": "<p><b>Apa ini.</b> Model berbasis agen tentang kerja sama antardaerah antara "
        "<b>Kota Surabaya</b>, kota berpenduduk 2,9 juta, dan <b>Kabupaten Blitar</b>, daerah "
        "pertanian 160 km jauhnya yang memasok telur dan cabai rawit. Setiap hari simulasi, "
        "petani telur dan cabai Blitar menjual kepada pengepul desa atau ke jalur langsung "
        "kerja sama; pedagang mengangkut barang ke Surabaya atau pasar lain; pasar Surabaya "
        "membentuk harga; UMKM berjualan di kedua kota; wisatawan bepergian; dan kedua "
        "pemerintah membiayai program dan memungut PAD.</p>"
        "<p><b>Cara memakai.</b> Pilih skenario, lalu tekan <b>▶</b> untuk memutar satu tahun "
        "(atau <b>Step</b>). Geser tuas kapan saja: simulasi dihitung ulang dari 1 Januari "
        "dengan pengaturan baru sampai hari yang sudah dicapai. <b>Garis utuh</b> adalah "
        "simulasi ini; <b>garis putus-putus</b> berwarna sama adalah <i>baseline</i> tanpa "
        "kerja sama dengan seed acak yang sama, sehingga jarak keduanya adalah dampak "
        "kebijakan.</p>",
        "en": "<p><b>What this is.</b> An agent-based model of the cooperation (<i>kerja sama "
        "antar daerah</i>) between <b>Kota Surabaya</b>, a city of 2.9 million, and "
        "<b>Kabupaten Blitar</b>, a farming regency 160 km away that sells it eggs and chili. "
        "Each simulated day, Blitar's egg and chili farmers sell to village middlemen "
        "(<i>pengepul</i>) or to the cooperation's direct channel; traders truck the goods to "
        "Surabaya or to other markets; the Surabaya market sets prices; small businesses "
        "(UMKM) sell in both cities; visitors travel; and both governments pay for programs "
        "and collect local revenue (PAD).</p>"
        "<p><b>How to use it.</b> Pick a scenario, then press <b>▶</b> to play a year (or "
        "<b>Step</b>). Move a lever at any time: the run is recomputed from 1 January with the "
        "new setting up to the day reached. <b>Solid lines</b> are this run; <b>dashed "
        "lines</b> of the same colour are the <i>baseline</i>, no cooperation, with the same "
        "random seed, so the gap between them is the effect of the policies.</p>",
    },
    "glossary": {
        "id": "<b>UMKM</b>: usaha mikro, kecil dan menengah (camilan, kerajinan, batik) · "
        "<b>PAD</b>: pendapatan asli daerah (pajak hotel dan restoran, retribusi pasar dan "
        "tiket masuk, pungutan) · <b>e-Peken</b>: lokapasar daring Kota Surabaya untuk usaha "
        "kecil · <b>pengepul</b>: pedagang desa yang membeli dari petani · <b>BUMD</b>: badan "
        "usaha milik daerah · <b>Rp</b>: rupiah; Rp 1 miliar = 10⁹ rupiah",
        "en": "<b>UMKM</b>: usaha mikro, kecil dan menengah: micro, small and medium businesses "
        "(snacks, crafts, batik) · <b>PAD</b>: pendapatan asli daerah: a region's own revenue "
        "(local taxes on hotels and restaurants, market and entrance fees, levies) · "
        "<b>e-Peken</b>: Surabaya city's online marketplace for local small businesses · "
        "<b>pengepul</b>: village middlemen who buy from farmers and resell · <b>BUMD</b>: a "
        "company owned by a regional government · <b>Rp</b>: Indonesian rupiah; Rp billion = "
        "10⁹ rupiah",
    },
    "language": {"id": "Bahasa", "en": "Language"},
    "day": {"id": "Hari {day} dari {days}: {date}", "en": "Day {day} of {days}: {date}"},
    "day0": {
        "id": "Hari 0 dari {days}: belum ada yang disimulasikan (mulai {date})",
        "en": "Day 0 of {days}: nothing simulated yet (the run starts on {date})",
    },
    "finished": {
        "id": " · selesai: tekan Reset untuk mulai lagi",
        "en": " · finished: press Reset to start again",
    },
    "scaled": {
        "id": "skala {scale}: 1 dari {n} petani, pedagang, usaha dan wisatawan disimulasikan, "
        "dan total dinaikkan ke ukuran daerah sebenarnya",
        "en": "scale {scale}: 1 in {n} farmers, traders, firms and visitors is simulated, and "
        "totals are scaled up to the real regions",
    },
    "full": {"id": "skala penuh", "en": "full scale"},
    "status": {
        "id": "Skenario <b>{file}</b> · seed {seed} · {scale}.",
        "en": "Scenario <b>{file}</b> · seed {seed} · {scale}.",
    },
    "busy": {
        "id": "Menghitung ulang simulasi dengan pengaturan baru…",
        "en": "Recomputing the run with the new settings…",
    },
    "legend.run": {"id": "simulasi ini (skenario + tuas)", "en": "this run (scenario + levers)"},
    "legend.base": {
        "id": "baseline: tanpa kerja sama, seed sama",
        "en": "baseline: no cooperation, same seed",
    },
    "card.scenario": {"id": "1. Skenario", "en": "1. Scenario"},
    "card.run": {"id": "2. Jalankan", "en": "2. Run"},
    "card.levers": {"id": "3. Tuas", "en": "3. Levers"},
    "scenario.label": {"id": "Berkas skenario di scenarios/", "en": "Scenario file in scenarios/"},
    "seed": {"id": "Seed acak (dipakai kedua simulasi)", "en": "Random seed (both runs use it)"},
    "days_per_step": {"id": "Hari per langkah: {n}", "en": "Days per step: {n}"},
    "run.note": {
        "id": "<b>Step</b> memajukan sejumlah hari ini; <b>▶</b> memutar (dan <b>❚❚</b> "
        "menjeda) dengan tampilan tiap sekian hari; <b>Reset</b> kembali ke 1 Januari.",
        "en": "<b>Step</b> advances this many days; <b>▶</b> plays (and <b>❚❚</b> pauses) "
        "showing every so many days; <b>Reset</b> goes back to 1 January.",
    },
    "levers.note": {
        "id": "Mulai dari nilai skenario. Program yang dinyalakan tuas berjalan sejak 1 Januari "
        "dengan anggaran yang mencukupinya.",
        "en": "Start at the scenario's values. A program a lever switches on runs from "
        "1 January with a budget that covers it.",
    },
    "shocks.note": {
        "id": "Skenario dengan guncangan bertanggal tetap menerapkannya pada tanggalnya.",
        "en": "Scenarios with dated shocks still apply them on their dates.",
    },
    "back": {"id": "Kembali ke nilai skenario", "en": "Back to the scenario's values"},
    "error": {
        "id": "Tidak dapat menjalankan dengan pengaturan ini: {exc}",
        "en": "Could not run with these settings: {exc}",
    },
    "on": {"id": "nyala", "en": "on"},
    "off": {"id": "mati", "en": "off"},
    "baseline": {"id": "baseline", "en": "baseline"},
    "same": {"id": "sama dengan baseline", "en": "same as baseline"},
    "date": {"id": "tanggal", "en": "date"},
    "vs": {"id": "{d} dibanding baseline", "en": "{d} vs baseline"},
    "headline.mean": {"id": "rata-rata sejauh ini", "en": "mean so far"},
    "headline.total": {"id": "total sejauh ini", "en": "total so far"},
    "headline.today": {"id": "hari ini", "en": "today"},
    "empty": {
        "id": "Belum ada hari yang disimulasikan: tekan Step atau ▶",
        "en": "No days simulated yet: press Step or ▶",
    },
    "months": {
        "id": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des",
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    },
    "weekdays": {
        "id": "Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
        "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    },
    "months.long": {
        "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
        "Desember",
        "en": "January February March April May June July August September October November "
        "December",
    },
}

# chart key -> Indonesian title, unit, help, headline format and line labels
CHARTS_ID: dict[str, dict] = {
    "egg_prices": {
        "title": "Harga telur di Surabaya",
        "unit": "Rp/kg (rata-rata 7 hari)",
        "help": "Grosir: harga harian di pasar Surabaya. Eceran: yang dibayar rumah tangga "
        "(grosir ditambah marjin toko 10%).",
        "fmt": "Rp {}/kg",
        "lines": ("grosir", "eceran"),
    },
    "farm_gate": {
        "title": "Harga telur di tingkat petani Blitar",
        "unit": "Rp/kg",
        "help": "Yang diterima peternak ayam petelur Blitar per kg, dirata-rata atas semua "
        "penjualan hari itu (ke pengepul dan jalur langsung). Biaya produksi sekitar "
        "Rp 21.000/kg.",
        "fmt": "Rp {}/kg",
        "lines": ("tingkat petani",),
    },
    "egg_volume": {
        "title": "Telur dikirim Blitar → Surabaya",
        "unit": "ton/hari (rata-rata 7 hari)",
        "help": "Ton telur per hari yang diangkut dari Blitar ke Surabaya oleh pengepul dan "
        "jalur langsung. Sisa sekitar 390 ton/hari produksi Blitar ke pasar lain.",
        "fmt": "{} ton/hari",
        "lines": ("dikirim",),
    },
    "waste": {
        "title": "Susut dan busuk",
        "unit": "ton/hari (rata-rata 7 hari)",
        "help": "Hasil tani semua komoditas skenario (telur dan cabai di baseline) yang hilang "
        "di petani (lewat masa simpan), pecah di jalan, busuk di perjalanan atau tidak terjual "
        "di Surabaya.",
        "fmt": "{} ton/hari",
        "lines": ("susut",),
    },
    "farmer_income": {
        "title": "Pendapatan bersih petani",
        "unit": "Rp miliar, sejak 1 Jan",
        "help": "Penjualan dikurangi biaya produksi semua petani Blitar untuk komoditas "
        "skenario (sekitar 23.000 petani telur dan cabai di baseline), dijumlah hari demi hari.",
        "fmt": "Rp {} miliar",
        "lines": ("pendapatan bersih",),
    },
    "umkm_online": {
        "title": "UMKM Blitar yang berjualan daring",
        "unit": "usaha",
        "help": "Usaha mikro dan kecil Blitar (dari sekitar 35.000) yang berjualan daring: "
        "perlu keterampilan digital dan internet. Pelatihan, e-Peken dan jangkauan internet "
        "menaikkannya.",
        "fmt": "{} usaha",
        "lines": ("daring",),
    },
    "visits": {
        "title": "Kunjungan wisatawan Surabaya ke Blitar",
        "unit": "ribu kunjungan, sejak 1 Jan",
        "help": "Wisatawan di Surabaya yang melanjutkan perjalanan ke Blitar (promosi, paket "
        "wisata, jalan yang lebih cepat).",
        "fmt": "{} ribu kunjungan",
        "lines": ("kunjungan",),
    },
    "pad_surabaya": {
        "title": "PAD Surabaya",
        "unit": "Rp miliar, sejak 1 Jan",
        "help": "Pendapatan asli Kota Surabaya dari kegiatan yang dimodelkan: retribusi pasar, "
        "pajak hotel dan restoran, tiket atraksi dan pungutan UMKM.",
        "fmt": "Rp {} miliar",
        "lines": ("PAD Surabaya",),
    },
    "pad_blitar": {
        "title": "PAD Blitar",
        "unit": "Rp miliar, sejak 1 Jan",
        "help": "Pendapatan asli pemerintah Blitar dari pajak wisata, tiket atraksi dan "
        "pungutan UMKM.",
        "fmt": "Rp {} miliar",
        "lines": ("PAD Blitar",),
    },
    "spending": {
        "title": "Belanja program, kedua pemerintah",
        "unit": "Rp miliar, sejak 1 Jan",
        "help": "Yang dibayar Surabaya dan Blitar untuk program kerja sama (subsidi, jalur "
        "langsung, pelatihan, promosi, ...). Nol di baseline.",
        "fmt": "Rp {} miliar",
        "lines": ("belanja",),
    },
}

# lever name -> Indonesian label and help; group names
LEVERS_ID: dict[str, tuple[str, str]] = {
    "logistics_subsidy_rp_per_kg": (
        "Subsidi logistik (Rp per kg yang dikirim ke Surabaya)",
        "Dibayarkan kepada pengirim untuk setiap kg hasil tani (telur dan cabai di baseline) "
        "dari Blitar ke Surabaya. Biaya angkut sekitar Rp 1.000/kg.",
    ),
    "direct_channel_eggs_t_per_day": (
        "Jalur langsung telur (ton/hari yang dapat dibeli)",
        "Koperasi atau BUMD yang membeli dari petani tanpa pengepul dan menjual ke pasar yang "
        "membayar paling baik (Surabaya mengonsumsi sekitar 70 ton telur per hari). Pemerintah "
        "membayar seluruh kapasitas ini; sekitar 80% beroperasi (koordinasi kedua pemerintah).",
    ),
    "information_system": (
        "Sistem informasi harga waktu nyata",
        "Pengirim mengetahui harga grosir Surabaya keesokan harinya tanpa kabar simpang siur "
        "(tanpa sistem: setelah 3 hari, dengan galat), sehingga telur dikirim ke tempat yang "
        "membutuhkan.",
    ),
    "farmer_reach_pct": (
        "Petani yang menerima informasi harga (%)",
        "Sistem informasi juga mengirim harga hari itu kepada bagian petani ini, yang memakainya "
        "untuk menawar turun marjin pengepul (Rp 120.000 per petani per tahun). Di atas 0 "
        "sistem informasi dinyalakan.",
    ),
    "monitoring_reviews_per_year": (
        "Monitoring dan evaluasi bersama (kajian per tahun)",
        "Sekretariat bersama kedua pemerintah mengkaji setiap program dan memperbaiki separuh "
        "dari yang gagal diwujudkan karena lemahnya koordinasi (kapasitas jalur, data harga "
        "yang terlambat); hasilnya memudar saat pejabat berganti. Sekitar Rp 100 juta per "
        "kajian.",
    ),
    "training_places_per_month": (
        "Pelatihan UMKM (kursi per bulan)",
        "Kursus literasi digital, mutu, kemasan dan perizinan untuk usaha kecil Blitar, yang "
        "terlemah lebih dulu; sekitar Rp 1,5 juta per kursi.",
    ),
    "market_access": (
        "Daftar e-Peken dan gerai Surabaya",
        "Mendaftarkan UMKM Blitar di e-Peken, lokapasar daring Kota Surabaya, dan menempatkan "
        "yang terbaik di toko dan pameran Surabaya.",
    ),
    "promotion_rp_bn_per_year": (
        "Promosi wisata bersama (Rp miliar per tahun)",
        "Promosi 'kota ke desa' tentang Blitar bagi wisatawan Surabaya, dengan paket wisata "
        "gabungan Surabaya-Blitar. Hasilnya makin kecil di atas sekitar Rp 2 miliar.",
    ),
    "internet_coverage_pct": (
        "Jangkauan internet UMKM Blitar (% usaha)",
        "Usaha tanpa internet yang layak tidak dapat berjualan daring, terlatih atau tidak.",
    ),
    "fuel_price_index": (
        "Harga BBM (indeks, 1 = saat ini)",
        "BBM adalah 40% biaya angkut. 1,3 = naik 30%, seperti September 2022.",
    ),
    "road_quality": (
        "Kecepatan jalan Blitar-Surabaya (indeks, 1 = saat ini)",
        "Di bawah 1: jalan memutar setelah longsor atau banjir, sehingga waktu tempuh, ongkos "
        "angkut dan telur pecah naik. Di atas 1: jalan yang diperbaiki.",
    ),
    "egg_feed_cost_index": (
        "Biaya pakan peternak telur (indeks, 1 = saat ini)",
        "Pakan adalah sebagian besar biaya sebutir telur. Peternak mengurangi ayamnya dalam "
        "beberapa bulan bila rugi, dan menambahnya bila untung lebih dari biasa.",
    ),
}
GROUPS_ID = {"Farm trade": "Perdagangan hasil tani", "UMKM and tourism": "UMKM dan wisata",
             "Shocks": "Guncangan"}  # fmt: skip


def ui(key: str, lang: str, **values) -> str:
    """The page's text ``key`` in ``lang`` with placeholders filled."""
    text = UI[key][lang if lang in LANGS else DEFAULT_LANG]
    return text.format(**values) if values else text


def chart_in(chart, lang: str):
    """``chart`` (defined in English) in ``lang``."""
    if lang == "en" or chart.key not in CHARTS_ID:
        return chart
    t = CHARTS_ID[chart.key]
    lines = tuple(
        dataclasses.replace(line, label=label)
        for line, label in zip(chart.lines, t["lines"], strict=True)
    )
    return dataclasses.replace(
        chart, title=t["title"], unit=t["unit"], help=t["help"], fmt=t["fmt"], lines=lines
    )


def lever_in(lever, lang: str):
    """``lever`` (defined in English) in ``lang``."""
    if lang == "en" or lever.name not in LEVERS_ID:
        return lever
    label, help_ = LEVERS_ID[lever.name]
    return dataclasses.replace(lever, label=label, help=help_)


def group_in(group: str, lang: str) -> str:
    return GROUPS_ID.get(group, group) if lang == "id" else group


def headline_in(chart, lang: str) -> str:
    key = {"daily": "mean", "avg7": "mean", "cumulative": "total", "level": "today"}
    return ui(f"headline.{key[chart.transform]}", lang)


def localise_number(text: str, lang: str) -> str:
    """English-formatted number text ("1,234.5") in the locale ("1.234,5" in Indonesian)."""
    return text.translate(str.maketrans(",.", ".,")) if lang == "id" else text


def date_in(date, lang: str, weekday: bool = True) -> str:
    """ "Rabu 1 Januari 2025" / "Wednesday 01 January 2025"."""
    days = ui("weekdays", lang).split()
    months = ui("months.long", lang).split()
    head = f"{days[date.weekday()]} " if weekday else ""
    return f"{head}{date.day:02d} {months[date.month - 1]} {date.year}"
