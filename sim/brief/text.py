"""The brief's words and numbers: its own translation table (figure and table words come from
:mod:`sim.plots.i18n`, KPI names and units from :mod:`sim.metrics.registry`), scenario names
from the scenario files' descriptions, and numbers rounded for a reader.

Body pages name scenarios by their ``description_id``/``description_en`` (file names appear
only in the appendix) and round numbers to two significant digits; the tables keep the
figures' precision.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from sim.metrics import registry as R
from sim.plots import i18n
from sim.plots.formatting import fmt_number, fmt_pct, fmt_rp, fmt_rp_short, fmt_sig

BRIEF: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ page 1
    "title": {"id": "Ringkasan Kebijakan", "en": "Policy Brief"},
    "subtitle.compare": {
        "id": "Kerja sama Surabaya–Blitar: {b}, dibanding {a}",
        "en": "Surabaya–Blitar cooperation: {b}, against {a}",
    },
    "subtitle.one": {
        "id": "Kerja sama Surabaya–Blitar: {name}",
        "en": "Surabaya–Blitar cooperation: {name}",
    },
    "what.compare": {
        "id": "Skenario yang dinilai: {b}. Pembanding: {a}. Simulasi {days} hari mulai {start}, "
        "dengan {n}.",
        "en": "Scenario assessed: {b}. Compared with: {a}. Simulated for {days} days from "
        "{start}, on {n}.",
    },
    "what.one": {
        "id": "Skenario: {name}. Simulasi {days} hari mulai {start}, dengan {n}.",
        "en": "Scenario: {name}. Simulated for {days} days from {start}, on {n}.",
    },
    "h.answer": {"id": "Jawaban singkat", "en": "The answer in brief"},
    "p.changes": {"id": "Apa yang berubah, bagi siapa", "en": "What changes, for whom"},
    "p.sure": {"id": "Seberapa yakin", "en": "How sure we are"},
    "p.cost": {"id": "Biaya bagi tiap pemerintah", "en": "Cost to each government"},
    "p.levels": {"id": "Apa yang dihasilkan, bagi siapa", "en": "What it yields, for whom"},
    "changes.intro": {"id": "Dibanding {a}:", "en": "Against {a}:"},
    "gain": {
        "id": "{who} {verdict}: {what} {dir} sekitar {value}{rel}.",
        "en": "{who} {verdict}: {what} {dir} about {value}{rel}.",
    },
    "verdict.gains": {"id": "untung", "en": "gain"},
    "verdict.loses": {"id": "rugi", "en": "lose"},
    "up": {"id": "naik", "en": "rises by"},
    "down": {"id": "turun", "en": "falls by"},
    "rel": {"id": " ({pct})", "en": " ({pct})"},
    "worse": {"id": "Yang memburuk: {items}", "en": "What gets worse: {items}"},
    "unclear": {"id": "Tidak berubah nyata: {who}.", "en": "No distinguishable change: {who}."},
    "more_groups": {
        "id": "Perubahan {n} kelompok lain ada di tabel siapa untung, siapa rugi (halaman 2).",
        "en": "The changes of {n} more groups are in the who-gains-who-loses table (page 2).",
    },
    "worse.item": {
        "id": "{what} {dir} sekitar {value}: {why}",
        "en": "{what} {dir} about {value}: {why}",
    },
    "no_change": {
        "id": "Tidak ada indikator utama yang berubah nyata dibanding {a}.",
        "en": "No main indicator changes distinguishably from {a}.",
    },
    "level": {"id": "{who}: {what} sekitar {value}", "en": "{who}: {what} about {value}"},
    "sure.seed_only": {
        "id": "Rentang di ringkasan ini hanya mencakup keacakan simulasi ({n} berpasangan), "
        "bukan ketidakpastian parameter model. {clear} dari {total} perubahan utama jelas "
        "berbeda dari nol.",
        "en": "The ranges in this brief cover only simulation noise ({n}, paired), not the "
        "uncertainty of the model's parameters. {clear} of the {total} main changes are clearly "
        "different from zero.",
    },
    "sure.seed_only_one": {
        "id": "Rentang di ringkasan ini hanya mencakup keacakan simulasi ({n}), bukan "
        "ketidakpastian parameter model.",
        "en": "The ranges in this brief cover only simulation noise ({n}), not the "
        "uncertainty of the model's parameters.",
    },
    "sure.single": {
        "id": "Hanya satu jalannya simulasi: tidak ada rentang ketidakpastian sama sekali. "
        "Jalankan beberapa replikasi sebelum memakai angka ini.",
        "en": "A single simulated run: there is no uncertainty range at all. Run replicates "
        "before using these numbers.",
    },
    "sure.item": {
        "id": "{what}: {word}, {lo} s.d. {hi}",
        "en": "{what}: {word}, {lo} to {hi}",
    },
    "sure.param": {
        "id": "Atas himpunan parameter yang masuk akal, masing-masing dengan benih acaknya "
        "sendiri (rentang 95%), {what} berubah antara {lo} dan {hi}.",
        "en": "Over plausible parameter sets, each on a seed of its own (95% range), {what} "
        "changes by between {lo} and {hi}.",
    },
    "sure.param_sets": {
        "id": "Himpunan itu ({n}) menggabungkan nilai kalibrasi yang masuk akal dengan {k} asumsi "
        "yang divariasikan ±50% (daftarnya di lampiran).",
        "en": "These {n} sets combine the calibration's plausible fitted values with {k} "
        "assumptions varied by ±50% (listed in the appendix).",
    },
    "method.param": {
        "id": "Rentang parameter (param_low, param_high di compare.csv): {n} himpunan parameter "
        "(param_draws.csv), masing-masing dengan seed sendiri: anggota ensemble kalibrasi "
        "({ensemble}) dan asumsi {keys}, diambil dalam rentang ±50% ({source}; "
        "param_assumptions.csv). Rentangnya adalah 95% tengah dari efek, diperlebar agar "
        "memuat IK keacakan simulasi.",
        "en": "Parameter range (param_low, param_high in compare.csv): {n} parameter sets "
        "(param_draws.csv), each on a seed of its own: members of the calibration's ensemble "
        "({ensemble}) and the assumptions {keys}, drawn over ±50% ranges ({source}; "
        "param_assumptions.csv). The range is the central 95% of the effects, widened to "
        "contain the seed-noise CI.",
    },
    "method.seeds_only": {
        "id": "Mode cepat (--seeds-only): semua rentang hanya mencakup keacakan simulasi. "
        "Jalankan compare tanpa --seeds-only untuk rentang parameter.",
        "en": "Quick mode (--seeds-only): every interval covers seed noise only. Run compare "
        "without --seeds-only for the parameter range.",
    },
    "header.seeds_only": {
        "id": "hanya keacakan simulasi: ketidakpastian parameter tidak tercakup",
        "en": "seed noise only: parameter uncertainty not covered",
    },
    "sure.ensemble": {
        "id": "Arah perubahan bertahan di semua {m} himpunan parameter yang diuji untuk {held} "
        "dari {total} indikator.",
        "en": "The direction of the change holds in all {m} parameter sets tested for {held} of "
        "{total} indicators.",
    },
    "certain.clear": {"id": "jelas", "en": "clear"},
    "certain.likely": {"id": "kemungkinan besar, tetapi lebar", "en": "likely, but wide"},
    "certain.unclear": {
        "id": "belum dapat dibedakan dari nol",
        "en": "not distinguishable from zero",
    },
    "cost.gov": {
        "id": "{gov} membayar sekitar {spend} per tahun dan menerima kembali sekitar {pad} PAD "
        "dari sumber termodelkan (saldo {net})",
        "en": "{gov} pays about {spend} a year and gets back about {pad} of PAD from modelled "
        "sources (balance {net})",
    },
    "cost.none": {
        "id": "Tidak ada pemerintah yang membelanjakan dana program tambahan.",
        "en": "No government spends extra program money.",
    },
    "cost.ce": {
        "id": "Setiap Rp 1 belanja tambahan disertai sekitar Rp {farm} pendapatan petani dan "
        "Rp {umkm} omzet UMKM per tahun.",
        "en": "Each extra Rp 1 spent comes with about Rp {farm} of farmer income and Rp {umkm} "
        "of UMKM revenue a year.",
    },
    "details": {
        "id": "Rincian: siapa untung dan siapa rugi, semua indikator, biaya, dan batasan model "
        "di halaman berikut; cara mereproduksi di {appendix}.",
        "en": "Details: who gains and who loses, every indicator, costs and the model's limits "
        "on the following pages; how to reproduce in the {appendix}.",
    },
    "fig.answer": {
        "id": "Siapa untung, siapa rugi: perubahan dibanding {a} (% dari nilai {a}), dengan IK "
        "{level} (keacakan simulasi). Hijau = lebih baik, merah berarsir silang = lebih buruk, "
        "putih berarsir = "
        "tidak berbeda nyata.",
        "en": "Who gains, who loses: change against {a} (% of the {a} value), with {level} CIs "
        "(seed noise). "
        "Green = better, red cross-hatched = worse, white hatched = not distinguishable.",
    },
    # ------------------------------------------------------------------ detail pages
    "h.contents": {"id": "Isi", "en": "Contents"},
    "h.incidence": {"id": "Siapa untung, siapa rugi", "en": "Who gains, who loses"},
    "h.kpis": {"id": "Semua indikator utama", "en": "All main indicators"},
    "h.why": {"id": "Mengapa sebagian indikator memburuk", "en": "Why some indicators get worse"},
    "h.figures": {"id": "Gambar", "en": "Figures"},
    "h.cost": {"id": "Biaya dan manfaat per pemerintah", "en": "Cost and benefit per government"},
    "h.limits": {"id": "Ketidakpastian dan batasan", "en": "Uncertainty and limits"},
    "h.appendix": {"id": "Lampiran: rincian teknis", "en": "Appendix: technical details"},
    "h.method": {"id": "Cara menghitung", "en": "How the numbers are computed"},
    "h.params": {"id": "Parameter yang ditetapkan skenario", "en": "Parameters the scenario sets"},
    "incidence.intro": {
        "id": "Perubahan rata-rata tiap kelompok dibanding {a}, dengan IK {level} selisih "
        "berpasangan (keacakan simulasi). Pemerintah: PAD dari sumber termodelkan yang kembali "
        "dikurangi belanja "
        "program tambahan, per tahun.",
        "en": "Mean change for each group against {a}, with the {level} CI of the paired "
        "difference (seed noise). Governments: PAD from modelled sources returned minus extra "
        "program "
        "spending, per year.",
    },
    "incidence.outside": {
        "id": "(di luar kedua daerah; catatan)",
        "en": "(outside both regions; memo)",
    },
    "incidence.boundary": {
        "id": "Kesejahteraan bersih dihitung dua kali: untuk warga Surabaya dan Blitar ({two}; "
        "pertanyaan kedua pemerintah) dan untuk semua pihak yang dimodelkan ({all}), yang "
        "menambahkan baris catatan pihak luar (pemasok daerah asal lain, pembeli di pasar lain, "
        "wisatawan); selisihnya, {diff}, adalah yang dipindahkan program ke atau dari orang di "
        "luar kedua daerah.",
        "en": "Net welfare is given twice: for the residents of Surabaya and Blitar ({two}; "
        "the two governments' question) and for all modelled parties ({all}), which adds the "
        "outsiders' memo rows (sellers from other origins, buyers in other markets, visitors); "
        "the difference, {diff}, is what the programs move to or from people outside the two "
        "regions.",
    },
    "incidence.from_file": {
        "id": "Angka kelompok berasal dari tabel insidensi di folder hasil.",
        "en": "The groups' numbers come from the incidence table in the output folder.",
    },
    "col.group": {"id": "Kelompok", "en": "Group"},
    "col.measure": {"id": "Ukuran", "en": "Measure"},
    "col.change": {"id": "Perubahan", "en": "Change"},
    "col.param": {"id": "Rentang 95% parameter", "en": "95% range, parameters"},
    "col.verdict": {"id": "Penilaian", "en": "Verdict"},
    "gov.net": {"id": "Saldo bersih per tahun", "en": "Net balance per year"},
    "kpis.note": {
        "id": "Rata-rata atas {n} yang sama untuk kedua skenario; selisih = {b} dikurangi {a} "
        "dengan IK {level} dari selisih berpasangan. Penilaian mengikuti arah yang diinginkan "
        "tiap indikator. Besaran ekstensif (ton, Rp) setara skala penuh.",
        "en": "Means over the same {n} for both scenarios; difference = {b} minus {a} with the "
        "{level} CI of the paired differences. The verdict follows each indicator's desirable "
        "direction. Extensive quantities (t, Rp) are full-scale equivalents.",
    },
    "kpis.note_replicates": {
        "id": "Rata-rata atas {n} dengan IK {level}. Besaran ekstensif (ton, Rp) setara skala "
        "penuh.",
        "en": "Means over {n} with {level} CIs. Extensive quantities (t, Rp) are full-scale "
        "equivalents.",
    },
    "kpis.note_run": {
        "id": "Nilai satu jalannya simulasi, tanpa interval kepercayaan. Besaran ekstensif "
        "(ton, Rp) setara skala penuh.",
        "en": "Values of one simulated run, without a confidence interval. Extensive quantities "
        "(t, Rp) are full-scale equivalents.",
    },
    "why.none": {
        "id": "Tidak ada indikator yang memburuk secara nyata.",
        "en": "No indicator gets distinguishably worse.",
    },
    "why.item": {"id": "{what} ({value}): {why}", "en": "{what} ({value}): {why}"},
    "why.unknown": {
        "id": "mekanismenya belum dicatat di daftar indikator.",
        "en": "the mechanism is not yet recorded in the indicator list.",
    },
    "fig.daily": {
        "id": "Deret harian: garis = median antar-seed, pita = rentang tengah 50% dan 90% seed.",
        "en": "Daily series: line = median over seeds, bands = middle 50% and 90% of seeds.",
    },
    "fig.flows": {
        "id": "Arus barang, uang dan wisatawan antardaerah per tahun, rata-rata antar-seed.",
        "en": "Flows of goods, money and tourists between the regions per year, mean over seeds.",
    },
    "fig.tourism": {
        "id": "Kunjungan wisata per bulan, rata-rata antar-seed dengan IK {level} (keacakan "
        "simulasi).",
        "en": "Tourist visits by month, mean over seeds with {level} CIs (seed noise).",
    },
    "fig.umkm": {
        "id": "Saluran penjualan UMKM Blitar dari waktu ke waktu, rata-rata antar-seed.",
        "en": "Sales channels of Blitar UMKM over time, mean over seeds.",
    },
    "fig.impacts": {
        "id": "Perubahan semua indikator utama dibanding {a}, dengan IK {level} (keacakan "
        "simulasi).",
        "en": "Change of every main indicator against {a}, with {level} CIs (seed noise).",
    },
    "fig.ce": {
        "id": "Manfaat per tahun per Rp 1 belanja program tambahan, dengan IK {level} (keacakan "
        "simulasi).",
        "en": "Benefit per year per Rp 1 of extra program spending, with {level} CIs (seed noise).",
    },
    "cost.budget_intro": {
        "id": "Anggaran program yang ditetapkan skenario {name}, dibagi menurut porsi biaya "
        "Surabaya:",
        "en": "Program budgets set by scenario {name}, split by Surabaya's cost share:",
    },
    "cost.spent_intro": {
        "id": "Belanja yang benar-benar terjadi dalam simulasi, per tahun, dari anggaran "
        "masing-masing pemerintah:",
        "en": "Spending that actually happened in the simulation, per year, from each "
        "government's budget:",
    },
    "cost.umkm_bound": {
        "id": "Program UMKM (akses pasar: e-Peken, gerai; pelatihan) hanya memindahkan penjualan "
        "antarpenjual: belanja pembeli tetap dan habis dibelanjakan, dan UMKM serta toko memiliki "
        "porsi biaya variabel yang sama. Karena itu kesejahteraan bersihnya menurut identitas "
        "kira-kira minus biaya program (untuk akses pasar persis), dan merupakan batas bawah: "
        "manfaat pembeli dari pilihan yang lebih banyak dan permintaan baru tidak dihitung.",
        "en": "UMKM programs (market access: e-Peken, outlets; training) only move sales between "
        "sellers: buyers' spending is fixed and fully spent, and UMKM and shops have the same "
        "variable-cost shares. Their net welfare is therefore about minus the program cost by "
        "identity (exactly for market access) and a lower bound: buyers' gains from "
        "more choice and any new demand are not counted.",
    },
    "cost.ce_intro": {
        "id": "Perubahan tiap manfaat per tahun dibagi belanja program tambahan per tahun (IK "
        "{level} bootstrap berpasangan atas seed). Per pemerintah: dibagi bagian belanja "
        "pemerintah itu "
        "saja, seakan-akan satu pemerintah menanggung seluruh manfaat.",
        "en": "Change of each benefit per year divided by the extra program spending per year "
        "(paired bootstrap {level} CI over seeds). Per government: divided by that government's "
        "part of the "
        "spending only, as if one government's money bought the whole benefit.",
    },
    "cost.pad_intro": {
        "id": "PAD dari sumber termodelkan (pajak wisata, retribusi pasar, pungutan UMKM) yang "
        "kembali ke tiap pemerintah per Rp 1 yang dibelanjakannya. PAD riil mencakup lebih "
        "banyak sumber.",
        "en": "PAD from modelled sources (tourism taxes, market fees, UMKM levies) returned to "
        "each government per Rp 1 it spends. Real PAD has more sources.",
    },
    "cost.no_compare": {
        "id": "Efektivitas biaya memerlukan perbandingan dengan skenario tanpa kerja sama.",
        "en": "Cost-effectiveness needs a comparison with the no-cooperation scenario.",
    },
    "col.pad_back": {"id": "PAD kembali/tahun", "en": "PAD back/year"},
    "limits.params": {
        "id": "Dari {n} parameter numerik model, {sourced} bersumber data terbitan, {calc} "
        "dihitung dari data (kalibrasi), {assumed} asumsi yang belum dikalibrasi ({share}), dan "
        "{none} tanpa keterangan sumber. Daftar parameter yang ditetapkan skenario ada di "
        "{appendix}.",
        "en": "Of the model's {n} numeric parameters, {sourced} come from published data, {calc} "
        "are calculated from data (calibrated), {assumed} are uncalibrated assumptions "
        "({share}), and {none} have no stated source. The parameters the scenario sets are "
        "listed in the {appendix}.",
    },
    "limits.params_noted": {
        "id": "Dari {n} parameter numerik model, {sourced} bersumber data terbitan, {calc} "
        "dihitung dari data (kalibrasi), dan {assumed} asumsi yang belum dikalibrasi ({share}); "
        "setiap parameter menyebut sumbernya atau ditandai sebagai asumsi. Daftar parameter "
        "yang ditetapkan skenario ada di {appendix}.",
        "en": "Of the model's {n} numeric parameters, {sourced} come from published data, {calc} "
        "are calculated from data (calibrated) and {assumed} are uncalibrated assumptions "
        "({share}); each names its source or is marked as an assumption. The parameters the "
        "scenario sets are listed in the {appendix}.",
    },
    "limits.overrides": {
        "id": "{n} parameter diubah dari baris perintah (lihat {appendix}).",
        "en": "{n} parameters were changed on the command line (see the {appendix}).",
    },
    "limits.no_ensemble": {
        "id": "Hasil ini memakai parameter hasil kalibrasi saja. Sebagian parameter perilaku "
        "tidak dapat dipastikan oleh data; menjalankan perbandingan atas himpunan parameter "
        "yang masuk akal (lihat {appendix}) menunjukkan apakah arah hasil bertahan.",
        "en": "These results use the calibrated parameters only. Some behavioural parameters "
        "are not pinned down by the data; running the comparison over the plausible parameter "
        "sets (see the {appendix}) shows whether the direction of each result holds.",
    },
    "limits.schedule": {
        "id": "Skenario memuat {n} perubahan terjadwal atas tuas atau guncangan.",
        "en": "The scenario has {n} dated changes of levers or shocks.",
    },
    "limits.dirty": {
        "id": "Kode memiliki perubahan yang belum dicatat saat dijalankan, sehingga reproduksi "
        "persis tidak dijamin.",
        "en": "The code had unrecorded changes when this ran, so an exact reproduction is not "
        "guaranteed.",
    },
    "appendix": {"id": "lampiran", "en": "appendix"},
    "method.files": {
        "id": "Angka berasal dari berkas di folder hasil: compare.csv (selisih berpasangan per "
        "indikator), cost_effectiveness.csv (manfaat per Rp), kpis_a.csv dan kpis_b.csv (per "
        "seed), serta a/ dan b/seed-*/timeseries.parquet (deret harian). Belanja per tahun = "
        "jumlah kolom harian program_spending_surabaya_rp dan program_spending_blitar_rp × "
        "{dpy} / jumlah hari. Saldo pemerintah = selisih pad_<daerah>_rp × {dpy} / jumlah hari "
        "dikurangi selisih belanjanya, per seed.",
        "en": "Numbers come from the output folder's files: compare.csv (paired differences per "
        "indicator), cost_effectiveness.csv (benefit per Rp), kpis_a.csv and kpis_b.csv (per "
        "seed), and a/ and b/seed-*/timeseries.parquet (daily series). Spending per year = the "
        "sum of the daily columns program_spending_surabaya_rp and program_spending_blitar_rp × "
        "{dpy} / days. A government's balance = the difference of pad_<region>_rp × {dpy} / days "
        "minus the difference of its spending, per seed.",
    },
    "method.ensemble": {
        "id": "Untuk menguji ketahanan terhadap ketidakpastian parameter: tambahkan --ensemble "
        "pada perintah compare (himpunan parameter kalibrasi yang berlaku).",
        "en": "To test robustness to parameter uncertainty: add --ensemble to the compare "
        "command (the parameter sets of the calibration in force).",
    },
    # ------------------------------------------------------------------ drivers (screening)
    "h.drivers": {
        "id": "Asumsi mana yang menentukan jawaban",
        "en": "Which assumptions decide the answer",
    },
    "drivers.intro": {
        "id": "Penyaringan {k} asumsi model (metode Morris: {runs} pasang simulasi {b} dan {a} "
        "dengan nilai asumsi dan benih acak yang sama, skala {scale}, {days} hari) menggeser "
        "tiap asumsi di sepanjang rentang wajarnya dan mengukur seberapa jauh perubahan tiap "
        "indikator ikut bergeser. mu* adalah pergeseran rata-rata itu, dalam satuan "
        "indikatornya: makin besar, makin bergantung jawabannya pada asumsi itu. (Di luar langkah "
        "faktor derau, yang hanya mengganti benih acak.)",
        "en": "A screening of {k} of the model's assumptions (Morris method: {runs} pairs of "
        "runs of {b} and {a} with the same assumption values and seed, at scale {scale} over "
        "{days} days) moved each assumption across its plausible range and measured how far "
        "each indicator's change moves with it. mu* is that mean movement, in the indicator's "
        "own unit: the larger it is, the more the answer depends on the assumption. (The seed "
        "changes only at a step of the noise factor, which changes nothing else.)",
    },
    "drivers.lead": {
        "id": "{what} paling bergantung pada {names}.",
        "en": "{what} depends most on {names}.",
    },
    "drivers.change_of": {"id": "Perubahan {what}", "en": "The change in {what}"},
    "drivers.range": {"id": "{lo} s.d. {hi}", "en": "{lo} to {hi}"},
    "drivers.lead_item": {"id": "{name} (mu* {mu})", "en": "{name} (mu* {mu})"},
    "drivers.nothing": {
        "id": "Tidak ada asumsi yang disaring yang menggeser indikator ini.",
        "en": "No screened assumption moves this indicator.",
    },
    "col.driver_kpi": {"id": "Perubahan (satuan)", "en": "Change (unit)"},
    "col.driver": {"id": "Asumsi", "en": "Assumption"},
    "col.driver_range": {"id": "Rentang yang diuji", "en": "Range screened"},
    "col.mu_star": {"id": "mu*", "en": "mu*"},
    "col.sobol_st": {"id": "Sobol ST (IK 95%)", "en": "Sobol ST (95% CI)"},
    "drivers.b_only": {
        "id": "† hanya di {b}: rancangan kebijakan itu sendiri, bukan asumsi tentang dunia.",
        "en": "† in {b} only: a design choice of the policy, not an assumption about the world.",
    },
    "drivers.noise": {
        "id": "§ tidak lebih besar daripada pergeseran oleh benih acak baru: langkah yang hanya "
        "mengganti bilangan acak menggeser perubahan itu sama besarnya atau lebih (satu faktor "
        "derau atas lintasan-lintasannya: ambang ini sendiri tidak pasti).",
        "en": "§ moves the change no more than a new seed does: a step that only changes the "
        "random numbers moves it as much or more (one noise factor over the trajectories: the "
        "threshold is itself uncertain).",
    },
    "drivers.halves": {
        "id": "¶ besarnya belum pasti: bila simulasi penyaringan dibagi dua, separuh menilai "
        "asumsi ini penting dan separuh lainnya tidak (pada lebih dari seperlima cara membagi); "
        "perlu lebih banyak simulasi sebelum peringkatnya dipakai.",
        "en": "¶ uncertain size: split in two, one half of the screening's runs finds this "
        "assumption important and the other does not (in more than a fifth of the ways to "
        "split them); more runs are needed before relying on its rank.",
    },
    "drivers.two_sided": {
        "id": "± kuat tetapi dua arah: mengubah asumsi ini menggeser hasil cukup besar, kadang "
        "naik kadang turun (menurut nilai asumsi lain atau benih acak); perlu dicek, tetapi "
        "arahnya tidak dapat diandaikan.",
        "en": "± strong but two-sided: changing this assumption moves the result a lot, up in "
        "some cases and down in others (with the other assumptions or the seed); check it, but "
        "do not assume which way it pushes.",
    },
    "drivers.seed_decided": {
        "id": "≈ belum dapat dipisahkan dari keacakan model: di kombinasi asumsi tempat asumsi "
        "ini paling berpengaruh, mengulang simulasi dengan bilangan acak lain membalik arah "
        "pengaruhnya, sehingga arah dan peringkatnya di sana belum diketahui; perlu lebih banyak "
        "ulangan simulasi pada kombinasi asumsi itu.",
        "en": "≈ not separable from the model's randomness: where this assumption matters most, "
        "re-running with other random numbers reverses its effect, so its direction there and "
        "its rank are not known; more repeated runs at those assumption sets would settle it.",
    },
    "drivers.unsettled": {
        "id": "Penyaringan ini belum dapat menyebut apa yang mendorong perubahan {what}: setiap "
        "asumsi yang disebut untuknya bertanda ¶ atau ≈.",
        "en": "The screening cannot yet name what drives the change in {what}: every assumption "
        "named for it is marked ¶ or ≈.",
    },
    "drivers.checks_halves": {
        "id": "Pemeriksaan pertama membagi lintasan penyaringan ini menjadi dua separuh dengan "
        "banyak cara (¶).",
        "en": "A first check splits this screening's trajectories into halves in many ways (¶).",
    },
    "drivers.checks_seeds": {
        "id": "{n} pasang simulasi tambahan mengulang langkah terbesar asumsi-asumsi teratas "
        "dengan bilangan acak lain (≈).",
        "en": "{n} more pairs of runs re-ran the top assumptions' largest steps with other "
        "random numbers (≈).",
    },
    "screening.reseed_file": {
        "id": "reseed.csv: setiap langkah yang diulang dengan bilangan acak lain, efeknya di "
        "penyaringan dan pada ulangan.",
        "en": "reseed.csv: each step re-run with other random numbers, its effect in the "
        "screening and on the re-run.",
    },
    "drivers.local_mark": {"id": "(lokal)", "en": "(local)"},
    "drivers.local": {
        "id": "(lokal): lebih dari separuh mu* itu berasal dari satu langkah penyaringan: asumsi "
        "itu kuat di satu wilayah ruang asumsi (atau pada derau satu lintasan), bukan di "
        "seluruhnya.",
        "en": "(local): more than half of that mu* comes from one step of the screening: the "
        "assumption matters strongly in one region of the assumptions (or in one trajectory's "
        "noise), not throughout.",
    },
    "drivers.weight": {
        "id": "‡ bobot satu sektor: bagian sektor-sektor dibagi jumlah bobotnya agar berjumlah 1, "
        "sehingga sektor lain menyesuaikan secara proporsional; rentang yang diuji adalah rentang "
        "bobot.",
        "en": "‡ one sector's weight: the sectors' shares are the weights over their total, so "
        "that they sum to 1 and the other sectors give way in proportion; the range screened is "
        "the weight's.",
    },
    "drivers.sobol": {
        "id": "Sobol ST: bagian dari ragam perubahan {head} dalam rentang yang diuji yang "
        "dijelaskan asumsi itu, sendiri dan bersama interaksinya; dihitung untuk {n} asumsi "
        "teratas {head} ({base} sampel dasar), dengan IK 95%. Tanda -: di luar analisis Sobol.",
        "en": "Sobol ST: the share of the variance of the {head} change over the screened "
        "ranges that the assumption explains, alone and with its interactions; computed for "
        "the top {n} assumptions of the {head} change ({base} base samples), with 95% CIs. A "
        "dash: not in the Sobol analysis.",
    },
    "drivers.sobol_unresolved": {"id": "belum terpisah", "en": "not resolved"},
    "drivers.sobol_cut": {
        "id": "Sebuah indeks adalah bagian dari ragam, antara 0 dan 1: IK-nya dipotong ke "
        "rentang itu, dan taksiran di luarnya (galat sampel dasar yang terlalu sedikit, bukan "
        'sebuah bagian) ditulis "belum terpisah".',
        "en": "An index is a share of the variance, between 0 and 1: its CI is cut to that "
        "range, and an estimate outside it (the sampling error of too few base samples, not a "
        'share) is written "not resolved".',
    },
    "drivers.no_sobol": {
        "id": "Penyaringan ini tidak menjalankan analisis Sobol (bagian ragam yang dijelaskan "
        "tiap asumsi teratas).",
        "en": "This screening ran no Sobol analysis (the share of variance each top assumption "
        "explains).",
    },
    "drivers.names": {
        "id": "Nama asumsi adalah terjemahan proyek (belum diperiksa penutur asli); kunci di "
        "berkas skenario, rentang dan sumbernya ada di {appendix}.",
        "en": "Assumptions are named by the model's description of them; their keys, ranges "
        "and sources are in the {appendix}.",
    },
    "drivers.none": {
        "id": "Belum ada penyaringan asumsi untuk pasangan skenario ini, sehingga asumsi mana "
        "yang menentukan hasil di atas belum diketahui; perintah untuk menjalankannya ada di "
        "{appendix}.",
        "en": "No screening of the assumptions was run for this pair of scenarios, so which "
        "assumptions drive the results above is not known; the command that runs one is in "
        "the {appendix}.",
    },
    "drivers.missing": {
        "id": "Perbandingan ini mengambil asumsinya dari sebuah penyaringan yang tidak lagi "
        "ditemukan di tempatnya, sehingga asumsi penentunya tidak ditampilkan; cara menunjuknya "
        "ada di {appendix}.",
        "en": "This comparison drew its assumptions from a screening that is no longer where it "
        "was, so its drivers are not shown; how to point the brief to it is in the {appendix}.",
    },
    "h.fails": {"id": "Kapan {b} gagal", "en": "When {b} fails"},
    "fails.base": {
        "id": "Pada {k} dari {n} himpunan asumsi yang diuji ({pct}), {b} gagal {verb} {what}.",
        "en": "In {k} of the {n} sets of assumptions tested ({pct}), {b} fails to {verb} {what}.",
    },
    "fails.raise": {"id": "menaikkan", "en": "raise"},
    "fails.lower": {"id": "menurunkan", "en": "lower"},
    "fails.or": {"id": " atau ", "en": " or "},
    "fails.threshold": {
        "id": "(perubahan sebesar {x} atau kurang dihitung gagal)",
        "en": "(a change of {x} or less counts as a failure)",
    },
    "fails.threshold_lower": {
        "id": "(perubahan sebesar {x} atau lebih dihitung gagal)",
        "en": "(a change of {x} or more counts as a failure)",
    },
    "fails.never": {
        "id": "Pada semua himpunan yang diuji, arah hasil ini bertahan.",
        "en": "In every set tested the direction of this result held.",
    },
    "fails.always": {
        "id": "Kegagalan terjadi di semua himpunan: tidak ada nilai asumsi yang diuji yang "
        "menyelamatkannya.",
        "en": "It fails in every set: no value of the assumptions tested rescues it.",
    },
    "fails.by_kpi": {"id": "Per hasil: {parts}.", "en": "By outcome: {parts}."},
    "fails.count": {"id": "{what} {k} himpunan", "en": "{what} in {k} sets"},
    "fails.near": {
        "id": "Himpunan yang efeknya berjarak kurang dari satu simpangan baku antar-bilangan acak "
        "dari nol (ditaksir dari faktor derau penyaringan), sehingga bisa berbalik bila "
        "dijalankan ulang dengan bilangan acak lain: {parts}.",
        "en": "Sets whose effect lies within one seed-to-seed standard deviation of zero "
        "(estimated from the screening's noise factor), and so could change side when run "
        "again on other random numbers: {parts}.",
    },
    "fails.near_first": {
        "id": "Pada jalannya yang pertama, himpunan yang efeknya berjarak kurang dari satu "
        "simpangan baku antar-bilangan acak dari {x} (ditaksir dari faktor derau penyaringan), "
        "sehingga bisa jatuh di sisi mana pun secara kebetulan: {parts}.",
        "en": "On their first run, sets whose effect lay within one seed-to-seed standard "
        "deviation of {x} (estimated from the screening's noise factor), and so could fall on "
        "either side by chance: {parts}.",
    },
    "fails.zero": {"id": "nol", "en": "zero"},
    "fails.confirmed": {
        "id": "Karena itu setiap himpunan yang pada jalannya yang pertama berjarak kurang dari "
        "{within} simpangan baku dari {x} ({sets} himpunan{second}) dijalankan {more} kali lagi "
        "dengan bilangan acak lain dan dihitung menurut rata-rata {runs} jalannya: {changed} di "
        "antaranya berpindah sisi ({to_fail} menjadi gagal, {to_ok} menjadi berhasil). Angka "
        "kegagalan di sini dan batas di bawah memakai rata-rata itu.",
        "en": "So every set within {within} standard deviations of {x} on its first run "
        "({sets} sets{second}) was run {more} more times on other random numbers and is counted "
        "by the average of its {runs} runs: {changed} of them changed side ({to_fail} to a "
        "failure, {to_ok} to a success). The failure counts here and the limits below use that "
        "average.",
    },
    "fails.second_round": {
        "id": ", termasuk {m} yang baru masuk dalam jarak itu bila simpangan bakunya diukur dari "
        "jalan-jalan ulang itu sendiri, yang lebih besar",
        "en": ", {m} of them added when the standard deviation was measured on those runs "
        "themselves, which gave a larger one",
    },
    "fails.undecided": {
        "id": "Bahkan pada rata-rata itu, {k} himpunan berjarak kurang dari satu galat baku dari "
        "{x}, sehingga sama mungkinnya jatuh di sisi mana pun: {parts}; {k2} berjarak kurang "
        "dari dua galat baku. Dari semua himpunan, sekitar {wrong} diperkirakan masih tercatat "
        "di sisi yang salah.",
        "en": "Even on that average, {k} sets lie within one standard error of {x}, and so are "
        "as likely on either side: {parts}; {k2} lie within two. Of all the sets, about {wrong} "
        "are expected to be counted on the wrong side.",
    },
    "fails.undecided_none": {
        "id": "Pada rata-rata itu tidak ada yang berjarak kurang dari satu galat baku dari {x}; "
        "{k2} berjarak kurang dari dua. Dari semua himpunan, sekitar {wrong} diperkirakan masih "
        "tercatat di sisi yang salah.",
        "en": "On that average none lies within one standard error of {x}; {k2} lie within two. "
        "Of all the sets, about {wrong} are expected to be counted on the wrong side.",
    },
    "fails.resampled": {
        "id": "Bila efek tiap himpunan diundi ulang dalam rentang derau bilangan acaknya "
        "({draws} kali), jumlah kegagalan tetap antara {lo} dan {hi}.",
        "en": "Redrawing each set's effect within its seed noise ({draws} times) keeps the "
        "failures between {lo} and {hi}.",
    },
    "fails.robust": {
        "id": "Bila efek tiap himpunan diundi ulang dalam rentang derau bilangan acaknya "
        "({draws} kali), jumlah kegagalan tetap antara {lo} dan {hi} dan batas di bawah tetap "
        "yang paling jelas pada {kept} undian: bagi perencana, angka kegagalan dan batas itu "
        "tidak bergantung pada derau bilangan acak, dalam rentang itu. (Nilai p batas itu "
        "menganggap label tiap himpunan pasti.)",
        "en": "Redrawing each set's effect within its seed noise ({draws} times) keeps the "
        "failures between {lo} and {hi} and the limit below the clearest in {kept} of the "
        "draws: for a planner, the failure counts and that limit do not depend on seed noise, "
        "within that range. (The limit's p-value treats each set's label as exact.)",
    },
    "fails.fragile": {
        "id": "Bila efek tiap himpunan diundi ulang dalam rentang derau bilangan acaknya "
        "({draws} kali), jumlah kegagalan tetap antara {lo} dan {hi}, tetapi batas di bawah "
        "hanya menjadi yang paling jelas pada {kept} undian: batas itu bisa bergantung pada "
        "derau bilangan acak. (Nilai p batas itu menganggap label tiap himpunan pasti.)",
        "en": "Redrawing each set's effect within its seed noise ({draws} times) keeps the "
        "failures between {lo} and {hi}, but the limit below is the clearest in only {kept} of "
        "the draws: it may depend on seed noise. (The limit's p-value treats each set's label "
        "as exact.)",
    },
    "fails.confirm_none": {
        "id": "Simpangan baku antar-bilangan acak tidak diketahui (penyaringan tidak memiliki "
        "faktor derau), sehingga setiap himpunan bertumpu pada satu kali jalan.",
        "en": "No seed-to-seed standard deviation is known (the screening has no noise "
        "factor), so every set rests on one run.",
    },
    "fails.before_cost": {
        "id": "Sebelum biaya program itu sendiri, hasil ini akan gagal pada: {parts}; sisanya "
        "adalah keuntungan yang lebih kecil daripada biaya itu.",
        "en": "Before the programmes' own cost, these would fail in: {parts}; the rest are "
        "gains smaller than that cost.",
    },
    "fails.no_box": {
        "id": "PRIM tidak menemukan wilayah asumsi yang semua batasnya lolos saringan quasi-p "
        "(paling besar {qp}).",
        "en": "PRIM finds no region of the assumptions all of whose limits pass its quasi-p "
        "filter (at most {qp}).",
    },
    "fails.scan": {
        "id": "Batas tunggal yang paling jelas: bila {where}, {b} gagal pada {fail} dari {points} "
        "himpunan ({density}, dibanding {overall} secara keseluruhan), dan di sisi lainnya pada "
        "{out_fail} dari {out_points} ({out_density}); p = {p}: {c} dari {perm} pengacakan "
        "ulang kegagalan memberi batas sejelas itu.",
        "en": "The clearest single limit: where {where}, {b} fails in {fail} of {points} sets "
        "({density}, against {overall} overall), and on the other side in {out_fail} of "
        "{out_points} ({out_density}); p = {p}: {c} of {perm} random reshuffles of the "
        "failures give a limit as clear.",
    },
    "fails.window_edge": {
        "id": "(Sisi itu memuat bagian himpunan terkecil atau terbesar yang dipindai: batasnya "
        "ditentukan jendela pemindaian, bukan data.)",
        "en": "(That side holds the smallest or largest share of sets the scan tries: the "
        "scan's window, not the data, sets the limit.)",
    },
    "fails.scan_none": {
        "id": "Tidak ada pula batas tunggal yang lebih jelas daripada yang diberikan kegagalan "
        "yang diacak ulang (p = {p}: {c} dari {perm} pengacakan memberi batas sejelas itu).",
        "en": "Nor is any single limit clearer than randomly reshuffled failures give (p = {p}: "
        "{c} of {perm} reshuffles give one as clear).",
    },
    "fails.scan_none_alone": {
        "id": "tidak ada batas tunggal yang lebih jelas daripada yang diberikan kegagalan yang "
        "diacak ulang (p = {p}: {c} dari {perm} pengacakan memberi batas sejelas itu).",
        "en": "no single limit is clearer than randomly reshuffled failures give (p = {p}: {c} "
        "of {perm} reshuffles give one as clear).",
    },
    "fails.alone": {
        "id": "Untuk {what} saja ({k} himpunan gagal):",
        "en": "For {what} alone ({k} sets fail):",
    },
    "fails.box": {
        "id": "Pada {fail} dari {k} himpunan tempat {b} gagal ({coverage}), {where}. Bila "
        "itu berlaku, {b} gagal pada {fail} dari {points} himpunan ({density}, dibanding "
        "{overall} secara keseluruhan); wilayah itu memuat {mass} dari semua himpunan. Asumsi "
        "inilah yang perlu diperiksa sebelum memakai hasilnya.",
        "en": "In {fail} of the {k} sets where {b} fails ({coverage}), {where}. Where that "
        "holds, {b} fails in {fail} of {points} sets ({density}, against {overall} overall); "
        "the region holds {mass} of all sets. These are the assumptions to check before "
        "relying on the result.",
    },
    "fails.box_more": {
        "id": "Kelompok kegagalan berikutnya, di antara himpunan lainnya: pada {fail} himpunan "
        "lagi ({coverage} dari semua kegagalan), {where}; di sana {b} gagal pada {fail} dari "
        "{points} himpunan ({density}).",
        "en": "A further group of failures, among the other sets: in {fail} more sets "
        "({coverage} of all failures), {where}; there {b} fails in {fail} of {points} sets "
        "({density}).",
    },
    "fails.below": {"id": "{name} di bawah {x}", "en": "{name} is below {x}"},
    "fails.above": {"id": "{name} di atas {x}", "en": "{name} is above {x}"},
    "fails.between": {
        "id": "{name} antara {lo} dan {hi}",
        "en": "{name} is between {lo} and {hi}",
    },
    "fails.method": {
        "id": "Wilayah dicari dengan PRIM (penemuan skenario) atas himpunan asumsi penyaringan "
        "di atas. Himpunan itu adalah lintasan metode Morris (satu asumsi berubah tiap langkah), "
        "bukan sampel yang mengisi ruang: sebuah wilayah bisa terutama memilih beberapa lintasan "
        "utuh, jadi anggap sebagai petunjuk dan periksa pada sampel yang mengisi ruang sebelum "
        "dikutip.",
        "en": "Regions found by PRIM (scenario discovery) over the screening's sets of "
        "assumptions. Those sets are Morris trajectories (one assumption changes a step), not a "
        "space-filling sample: a region may mostly pick whole trajectories, so read it as a "
        "pointer and check it on a space-filling sample before quoting it.",
    },
    "fails.method_space": {
        "id": "Penemuan skenario (PRIM) atas {n} himpunan asumsi yang diambil mengisi ruang "
        "(hiperkubus Latin) atas {k} asumsi yang paling menggerakkan hasil ini dalam "
        "penyaringan, dalam rentang yang diuji{ensemble}; asumsi lain (dari {all}) tetap pada "
        "nilainya. Bagian himpunan yang gagal adalah bagian dari rancangan ini, bukan peluang "
        "kegagalan. Tiap himpunan dijalankan sebagai satu pasangan (tanpa dan dengan kebijakan) "
        "dengan bilangan acaknya sendiri{confirm}.",
        "en": "Scenario discovery (PRIM) over {n} sets of assumptions drawn to fill the space (a "
        "Latin hypercube) over the {k} assumptions that move these outcomes most in the "
        "screening, within their screened ranges{ensemble}; the other assumptions (of {all}) "
        "at their values. A share of sets that fail is a share of this design, not a "
        "probability of failure. Each set runs as one pair (without and with the policy) on "
        "random numbers of its own{confirm}.",
    },
    "fails.method_confirm": {
        "id": "; himpunan yang dekat dengan ambang dijalankan sebagai {runs} pasangan, masing-"
        "masing dengan bilangan acak lain, dan dihitung menurut rata-ratanya",
        "en": "; a set near the threshold runs as {runs} pairs, each on random numbers of its "
        "own, and is counted by their average",
    },
    "fails.method_ensemble": {
        "id": ", dan tiap himpunan dengan salah satu dari {m} himpunan parameter ensemble "
        "kalibrasi (parameter yang dikalibrasi)",
        "en": ", and each set with one of the {m} parameter sets of the calibration ensemble "
        "(the calibrated parameters)",
    },
    "fails.not_run": {
        "id": "Penemuan skenario (di bawah asumsi mana {b} gagal) belum dijalankan untuk "
        "penyaringan ini; perintahnya ada di {appendix}.",
        "en": "Scenario discovery (under which assumptions {b} fails) was not run on this "
        "screening; the command is in the {appendix}.",
    },
    "screening.command": {
        "id": "Perintah yang menjalankan penyaringan ini:",
        "en": "The command that ran this screening:",
    },
    "h.screening": {
        "id": "Penyaringan asumsi: kunci dan perintah",
        "en": "Screening of the assumptions: keys and commands",
    },
    "screening.files": {
        "id": "Penyaringan {folder}: morris.csv (mu* per asumsi dan indikator, dalam satuan "
        "indikator), factors.csv (rentang tiap asumsi dan alasannya), sobol.csv, dan "
        "discovery/prim_boxes.csv (wilayah PRIM: coverage = bagian kegagalan di dalamnya, "
        "density = bagian himpunan di dalamnya yang gagal).",
        "en": "Screening {folder}: morris.csv (mu* per assumption and indicator, in the "
        "indicator's unit), factors.csv (each assumption's range and why), sobol.csv, and "
        "discovery/prim_boxes.csv (PRIM regions: coverage = share of the failures inside, "
        "density = share of the sets inside that fail).",
    },
    "screening.halves_file": {
        "id": "halves.csv: pemeriksaan separuh-separuh per indikator (berapa cara membagi, "
        "berapa dari 10 asumsi teratas yang sama di kedua separuh).",
        "en": "halves.csv: the split-half check per indicator (how many splits, how many of "
        "the top 10 assumptions both halves share).",
    },
    "screening.run": {
        "id": "Untuk menjalankan penyaringan pasangan ini, lalu penemuan skenario, lalu "
        "ringkasan ini dengan keduanya:",
        "en": "To run a screening of this pair, then scenario discovery, then this brief with "
        "both:",
    },
    "screening.missing": {
        "id": "Manifest perbandingan menunjuk penyaringan {path}, yang tidak ditemukan. "
        "Tunjukkan tempatnya sekarang:",
        "en": "The comparison's manifest names the screening {path}, which is not found. Point "
        "to where it is now:",
    },
    "class.note": {
        "id": "Catatan sumber dari berkas skenario, apa adanya (bisa dalam bahasa Inggris).",
        "en": "Source notes from the scenario files, as written.",
    },
}


def t(key: str, lang: str, **values) -> str:
    """The brief's string ``key`` (else the figures' one) in ``lang``, placeholders filled."""
    if key in BRIEF:
        text = BRIEF[key][lang]
        if "{level}" in text or "{dpy}" in text:
            values = {**i18n._constants(lang), **values}
        return text.format(**values) if values else text
    return i18n.tr(key, lang, **values)


# ---------------------------------------------------------------------- scenario names
def description(entry: dict, lang: str) -> str:
    """The scenario's description in ``lang`` (``description_<lang>``, else ``description``)."""
    params = entry.get("resolved_parameters", {})
    return str(params.get(f"description_{lang}") or params.get("description") or "").strip()


def short_name(entry: dict, lang: str) -> str:
    """A scenario's name for a reader: its description up to the first colon or comma (at
    most 45 characters), else the file's name."""
    text = description(entry, lang).rstrip(".")
    for sep in (":", ",", ";"):
        head = text.split(sep, 1)[0].strip()
        if head and len(head) <= 45:
            return head
    return entry.get("name", "?") if not text else text[:42].rstrip() + "…"


def display_names(study, lang: str) -> list[str]:
    """Reader names of the study's scenarios; a scenario against itself gets (A) and (B)."""
    names = [short_name(e, lang) for e in study.scenarios]
    if len(names) == 2 and names[0] == names[1]:
        names = [f"{names[0]} (A)", f"{names[1]} (B)"]
    return names


# ---------------------------------------------------------------------- numbers for a reader
def round_sig(x: float, sig: int = 2) -> float:
    if not np.isfinite(x) or x == 0:
        return x
    return round(x, sig - 1 - math.floor(math.log10(abs(x))))


def reader_value(kpi: str, x: float, lang: str, signed: bool = False) -> str:
    """A KPI value rounded for a reader (two significant digits), with its unit where the unit
    is part of the number (Rp, t, %)."""
    return reader_number(R.unit_kind(kpi), x, lang, signed)


def reader_amount(
    kpi: str, x: float, lang: str, days: int, *, signed: bool = False, phrase: bool = True
) -> str:
    """A KPI value for a reader followed by its words ("Rp 4,4 jt per petani per tahun"); run
    totals keep their period ("dalam 120 hari"), as in the tables and figures."""
    text = reader_value(kpi, x, lang, signed)
    words = R.unit_phrase(kpi, lang, fmt_number(days, lang)) if phrase else ""
    return f"{text} {words}".strip()


def reader_number(kind: str, x: float, lang: str, signed: bool = False) -> str:
    """A number of unit kind ``kind`` rounded for a reader."""
    if not np.isfinite(x):
        return i18n.tr("na", lang)
    if kind == "share":
        pts = 100 * x
        dec = 0 if abs(pts) >= 9.5 else 1
        return fmt_number(pts, lang, dec, signed=signed) + (" poin" if lang == "id" else " pp")
    if kind.startswith("rp") and abs(x) >= 1e6:
        return fmt_rp_short(round_sig(x), lang, signed=signed)
    if kind.startswith("rp"):
        per = "kg" if kind == "rp_kg" else None
        return fmt_rp(round_sig(x), lang, per=per, signed=signed)
    if kind == "t_year":
        return fmt_number(round_sig(x), lang, signed=signed) + " t"
    if kind in ("index",):
        return fmt_sig(x, lang, sig=2, signed=signed)
    if kind == "days":
        return fmt_number(x, lang, 1, signed=signed)
    return fmt_number(round_sig(x), lang, signed=signed)


def reader_rel(x: float, lang: str) -> str:
    """A relative change as a rounded percentage: "+8%", "-0,4%"."""
    if not np.isfinite(x):
        return i18n.tr("na", lang)
    dec = 0 if abs(x) >= 0.095 else 1
    return fmt_pct(x, lang, dec, signed=True)


def certainty(diff: float, lo: float, hi: float) -> str:
    """ "clear" (CI excludes 0 and is narrower than the change), "likely" (excludes 0 but wide)
    or "unclear" (includes 0, or no CI)."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo <= 0 <= hi:
        return "unclear"
    return "clear" if (hi - lo) / 2 <= abs(diff) / 2 else "likely"


PROPER_NOUNS = ("Surabaya", "Blitar", "Kota", "Kabupaten", "Jawa", "Williamson", "PAD", "UMKM",
                "Pemkot", "Pemkab")  # fmt: skip


def lower_first(text: str) -> str:
    """Lower-case a label's first letter for use inside a sentence (not a proper noun's, nor
    its possessive: "Blitar's share" stays)."""
    first = text.split(" ", 1)[0]
    if first.removesuffix("'s").removesuffix("\u2019s") in PROPER_NOUNS:
        return text
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def date_text(value, lang: str) -> str:
    d = dt.date.fromisoformat(str(value)[:10])
    months = i18n.tr("months", lang).split()
    return f"{d.day} {months[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------- assumptions
NAME_CHARS = 80  # a name taken from the schema's description is cut at a word before this


def param_name(key: str, lang: str) -> str:
    """An assumption's name for a reader: its translation in ``lang`` (``param.<key>`` in
    :mod:`sim.plots.i18n`, else the short name of :mod:`sim.brief.param_names`, with the
    commodity, sector or event it belongs to in brackets), else, in English, the schema's
    description of it up to its first full stop (cut at a word boundary), with the entry in
    brackets (the description is the same for every one), else its key."""
    from sim.brief.param_names import name
    from sim.config.schema import map_entries, param_for

    known = name(key, lang)
    if known is not None:
        return known

    p = param_for(key)
    if lang != "en" or p is None or not p.doc.strip():
        return key
    text = p.doc.strip().split(". ", 1)[0].rstrip(".")
    text = text.split(" (", 1)[0].split("; ", 1)[0].split(": ", 1)[0]
    if len(text) > NAME_CHARS:
        text = text[:NAME_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    entries = map_entries(key)
    return f"{text} ({', '.join(entries)})" if entries else text


def param_value(key: str, x: float, lang: str) -> str:
    """A value of an assumption for a reader: three significant digits, with the schema's
    unit in ``lang`` where it has words (Rp amounts in jt/M or M/bn)."""
    from sim.config.schema import param_for
    from sim.plots.figures import unit_in
    from sim.plots.formatting import fmt_plain

    if not np.isfinite(x):
        return i18n.tr("na", lang)
    p = param_for(key)
    unit = p.unit if p is not None else "-"
    if unit.startswith("Rp") and abs(x) >= 1e6:
        return fmt_rp_short(round_sig(x, 3), lang) + unit_in(unit, lang)[2:]
    v = round_sig(x, 3)
    text = fmt_number(v, lang) if abs(v) >= 1000 else fmt_plain(v, lang)
    if unit in ("-", "", "fraction", "share"):
        return text
    return f"{text} {unit_in(unit, lang)}"
