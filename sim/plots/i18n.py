"""Every user-facing string of the figures and the policy brief, in Indonesian and English.

``STRINGS`` maps a key to ``{"id": ..., "en": ...}``; :func:`tr` picks the language and fills
``{placeholders}``. Indonesian is the default: the brief is written for a Bappeda planner.
"""

from __future__ import annotations

LANGS = ("id", "en")

STRINGS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ general
    "na": {"id": "t/a", "en": "n/a"},
    "yes": {"id": "Ya", "en": "Yes"},
    "no": {"id": "Tidak", "en": "No"},
    "months": {
        "id": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des",
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    },
    "vs": {"id": " vs ", "en": " vs "},
    "and": {"id": " dan ", "en": " and "},
    "scenario": {"id": "skenario", "en": "scenario"},
    "sweep": {"id": "sapuan parameter", "en": "parameter sweep"},
    "seeds.one": {"id": "{n} seed", "en": "{n} seed"},
    "seeds.many": {"id": "{n} seed", "en": "{n} seeds"},
    "source.model": {
        "id": "Sumber: simulasi kad-sim, skenario {scenarios}",
        "en": "Source: kad-sim simulation, scenario {scenarios}",
    },
    "source.scale": {"id": "skala populasi {scale}", "en": "population scale {scale}"},
    "source.days": {"id": "{days} hari", "en": "{days} days"},
    "source.points": {"id": "{n} titik desain", "en": "{n} design points"},
    "smooth": {"id": "Rata-rata bergerak {n} hari", "en": "{n}-day moving average"},
    "daily": {"id": "Nilai harian", "en": "Daily values"},
    "band.50": {"id": "rentang 50% seed di tengah", "en": "middle 50% of seeds"},
    "band.90": {"id": "rentang 90% seed di tengah", "en": "middle 90% of seeds"},
    "band.median": {"id": "garis: median antar-seed", "en": "line: median over seeds"},
    "verdict.better": {"id": "lebih baik", "en": "better"},
    "verdict.worse": {"id": "lebih buruk", "en": "worse"},
    "verdict.neutral": {"id": "berubah (netral)", "en": "changed (neutral)"},
    "verdict.unclear": {"id": "tidak berbeda nyata", "en": "not distinguishable from 0"},
    "ci95": {"id": "interval kepercayaan {level}", "en": "{level} confidence interval"},
    "pp": {"id": "{value} poin persen", "en": "{value} pp"},
    "region.producer": {"id": "Blitar", "en": "Blitar"},
    "region.market": {"id": "Surabaya", "en": "Surabaya"},
    # ------------------------------------------------------------------ figure titles
    "fig.timeseries": {"id": "Deret harian", "en": "Daily series"},
    "fig.overview": {
        "id": "Harga, volume, susut dan pendapatan dari hari ke hari",
        "en": "Prices, volumes, waste and incomes day by day",
    },
    "fig.prices": {"id": "Harga {commodity}", "en": "Prices of {commodity}"},
    "fig.volumes": {
        "id": "Pengiriman dan susut {commodity}",
        "en": "Shipments and waste of {commodity}",
    },
    "fig.incomes": {"id": "Pendapatan dan PAD", "en": "Incomes and local revenue (PAD)"},
    "fig.impacts": {"id": "Dampak {b} dibanding {a}", "en": "Effect of {b} against {a}"},
    "fig.cost_effectiveness": {
        "id": "Efektivitas biaya: manfaat per Rp 1 belanja program",
        "en": "Cost-effectiveness: benefit per Rp 1 of program spending",
    },
    "fig.flows": {
        "id": "Arus antardaerah per tahun",
        "en": "Flows between the regions per year",
    },
    "fig.umkm": {"id": "Saluran penjualan UMKM Blitar", "en": "Sales channels of Blitar UMKM"},
    "fig.tourism": {
        "id": "Musim wisata: kunjungan per bulan",
        "en": "Tourism seasons: visits by month",
    },
    "fig.response": {
        "id": "{y}: perubahan terhadap titik acuan {ref}",
        "en": "{y}: change from the reference point {ref}",
    },
    "fig.heatmap": {
        "id": "{z}: perubahan terhadap sel acuan {ref}",
        "en": "{z}: change from the reference cell {ref}",
    },
    "axis.change_unit": {"id": "Perubahan ({unit})", "en": "Change ({unit})"},
    "ci95_paired": {
        "id": "IK {level} selisih berpasangan (seed sama; keacakan simulasi saja)",
        "en": "{level} CI of the paired difference (same seeds; seed noise only)",
    },
    "fig.sensitivity": {
        "id": "Sensitivitas (indeks Sobol)",
        "en": "Sensitivity (Sobol indices)",
    },
    # ------------------------------------------------------------------ series and axes
    "series.farm_gate_price": {
        "id": "Harga {commodity} di tingkat petani",
        "en": "Farm-gate price of {commodity}",
    },
    "series.wholesale_price": {
        "id": "Harga grosir {commodity} di Surabaya",
        "en": "Surabaya wholesale price of {commodity}",
    },
    "series.retail_price": {
        "id": "Harga eceran {commodity} di Surabaya",
        "en": "Surabaya retail price of {commodity}",
    },
    "series.shipped": {
        "id": "{commodity} dikirim Blitar → Surabaya",
        "en": "{commodity} shipped Blitar → Surabaya",
    },
    "series.direct_channel": {
        "id": "{commodity} lewat jalur langsung",
        "en": "{commodity} through the direct channel",
    },
    "series.waste_all": {
        "id": "Susut dan busuk, semua komoditas",
        "en": "Waste and spoilage, all commodities",
    },
    "series.farmer_net_income": {
        "id": "Pendapatan bersih petani",
        "en": "Farmers' net income",
    },
    "series.umkm_revenue_blitar": {"id": "Omzet UMKM Blitar", "en": "Blitar UMKM revenue"},
    "series.pad_blitar": {"id": "PAD Blitar", "en": "PAD Blitar"},
    "series.pad_surabaya": {"id": "PAD Surabaya", "en": "PAD Surabaya"},
    "series.umkm_alive": {
        "id": "UMKM Blitar yang beroperasi",
        "en": "Operating Blitar UMKM",
    },
    "axis.date": {"id": "Tanggal", "en": "Date"},
    "axis.month": {"id": "Bulan", "en": "Month"},
    "axis.rp_kg": {"id": "Rp/kg", "en": "Rp/kg"},
    "axis.t_day": {"id": "ton/hari", "en": "t/day"},
    "axis.rp_day": {"id": "Rp/hari", "en": "Rp/day"},
    "axis.firms": {"id": "unit usaha", "en": "firms"},
    "axis.share_firms": {
        "id": "% UMKM yang beroperasi",
        "en": "% of operating UMKM",
    },
    "axis.visits_month": {"id": "kunjungan/bulan", "en": "visits/month"},
    "axis.change_pct": {
        "id": "Perubahan dibanding {a} (% dari nilai {a})",
        "en": "Change against {a} (% of the {a} value)",
    },
    "axis.rp_per_rp": {
        "id": "Rp manfaat per tahun per Rp 1 belanja program tambahan",
        "en": "Rp of benefit per year per Rp 1 of extra program spending",
    },
    "axis.sobol": {"id": "indeks Sobol (0-1)", "en": "Sobol index (0-1)"},
    # ------------------------------------------------------------------ figure details
    "impact.absolute": {"id": "Selisih absolut", "en": "Absolute change"},
    "impact.skipped": {
        "id": "Tidak ditampilkan (nilai acuan 0): {kpis}.",
        "en": "Not shown (reference value 0): {kpis}.",
    },
    "ce.value": {"id": "Rp {value} per Rp 1", "en": "Rp {value} per Rp 1"},
    "ce.ci": {"id": "IK {level}: {lo} s.d. {hi}", "en": "{level} CI: {lo} to {hi}"},
    "ce.undefined": {
        "id": "tidak terdefinisi (belanja sama)",
        "en": "undefined (same spending)",
    },
    "ce.break_even": {"id": "impas (Rp 1)", "en": "break-even (Rp 1)"},
    "ce.per_rp": {"id": "Manfaat per Rp 1", "en": "Benefit per Rp 1"},
    "flows.goods": {
        "id": "Barang: Blitar → Surabaya",
        "en": "Goods: Blitar → Surabaya",
    },
    "flows.goods_total": {"id": "dikirim per tahun: {v}", "en": "shipped per year: {v}"},
    "flows.direct": {
        "id": "di antaranya lewat jalur langsung: {v}",
        "en": "of which through the direct channel: {v}",
    },
    "flows.money": {
        "id": "Uang: Surabaya → Blitar",
        "en": "Money: Surabaya → Blitar",
    },
    "flows.goods_value": {
        "id": "pembelian hasil tani per tahun (nilai grosir): {v}",
        "en": "purchases of farm goods per year (wholesale value): {v}",
    },
    "flows.umkm_sales": {
        "id": "belanja pembeli Surabaya di UMKM Blitar per tahun: {v}",
        "en": "Surabaya buyers' spending at Blitar UMKM per year: {v}",
    },
    "flows.tourists": {
        "id": "Wisatawan: Surabaya → Blitar",
        "en": "Tourists: Surabaya → Blitar",
    },
    "flows.visits": {
        "id": "kunjungan lanjutan dari Surabaya per tahun: {v}",
        "en": "visits continued from Surabaya per year: {v}",
    },
    "flows.visits_all": {
        "id": "semua kunjungan ke Blitar per tahun: {v}",
        "en": "all visits to Blitar per year: {v}",
    },
    "flows.note": {
        "id": "Rata-rata antar-seed, disetahunkan (× {dpy} / jumlah hari). Nilai barang = ton "
        "terjual di Surabaya × harga grosir hari itu.",
        "en": "Mean over seeds, annualised (× {dpy} / days). Goods value = tonnes sold in "
        "Surabaya × that day's wholesale price.",
    },
    "umkm.online": {
        "id": "daring (juga menjangkau pembeli Surabaya)",
        "en": "online (also reach Surabaya buyers)",
    },
    "umkm.outlet": {
        "id": "gerai/pameran di Surabaya saja",
        "en": "Surabaya outlets/exhibitions only",
    },
    "umkm.local": {"id": "luring, pasar lokal saja", "en": "offline, local market only"},
    "tourism.arrivals_in": {"id": "Kunjungan ke {region}", "en": "Visits to {region}"},
    "tourism.from_surabaya": {
        "id": "isi: lanjutan dari Surabaya",
        "en": "filled: continued from Surabaya",
    },
    "tourism.direct": {"id": "putih: langsung ke Blitar", "en": "white: direct to Blitar"},
    "flows.legend": {
        "id": "Nilai: {a} → {b} (perubahan %)",
        "en": "Values: {a} → {b} (change in %)",
    },
    "sobol.S1": {"id": "orde pertama S1", "en": "first order S1"},
    "sobol.ST": {"id": "total ST", "en": "total ST"},
    # KPI labels, units and the words after a value live in sim.metrics.registry
    # parameter labels (sweeps); units come from the schema
    "param.programs.logistics_subsidy.subsidy_rp_per_kg": {
        "id": "Subsidi logistik",
        "en": "Logistics subsidy",
    },
    "param.information.lag_days": {
        "id": "Jeda informasi harga",
        "en": "Price information lag",
    },
    "param.programs.training.places_per_month": {
        "id": "Kursi pelatihan per bulan",
        "en": "Training places per month",
    },
    "param.umkm.blitar_internet_coverage": {
        "id": "Cakupan internet Blitar",
        "en": "Blitar internet coverage",
    },
    "param.transport.fuel_price_index": {"id": "Indeks harga BBM", "en": "Fuel price index"},
    "param.transport.road_quality": {"id": "Kualitas jalan", "en": "Road quality"},
    # schema units in words (units of symbols only, such as Rp/kg, need no entry)
    "schema_unit.days": {"id": "hari", "en": "days"},
    "schema_unit.day": {"id": "hari", "en": "day"},
    "schema_unit.months": {"id": "bulan", "en": "months"},
    "schema_unit.fraction": {"id": "pecahan", "en": "fraction"},
    "schema_unit.places/month": {"id": "kursi/bulan", "en": "places/month"},
    "schema_unit.nights": {"id": "malam", "en": "nights"},
    "schema_unit.people": {"id": "orang", "en": "people"},
    "schema_unit.firms": {"id": "usaha", "en": "firms"},
    "schema_unit.farmers": {"id": "petani", "en": "farmers"},
    "schema_unit.visitors": {"id": "pengunjung", "en": "visitors"},
    "schema_unit.visits/year": {"id": "kunjungan/tahun", "en": "visits/year"},
    "schema_unit.t/year": {"id": "ton/tahun", "en": "t/year"},
    "schema_unit.Rp/year": {"id": "Rp/tahun", "en": "Rp/year"},
    "schema_unit.Rp/day": {"id": "Rp/hari", "en": "Rp/day"},
    "schema_unit.kg/day": {"id": "kg/hari", "en": "kg/day"},
    "schema_unit.1/day": {"id": "1/hari", "en": "1/day"},
    "schema_unit.1/month": {"id": "1/bulan", "en": "1/month"},
    "schema_unit.h": {"id": "jam", "en": "h"},
    "schema_unit.km/h": {"id": "km/jam", "en": "km/h"},
    "param.commodities.eggs.demand_elasticity": {
        "id": "Elastisitas permintaan telur",
        "en": "Egg demand elasticity",
    },
    "param.commodities.eggs.other_supply_elasticity": {
        "id": "Elastisitas pasokan telur lain",
        "en": "Elasticity of other egg supply",
    },
    "param.commodities.eggs.ship_sensitivity": {
        "id": "Kepekaan pengiriman telur",
        "en": "Egg shipping sensitivity",
    },
    "param.umkm.quality_weight": {"id": "Bobot mutu UMKM", "en": "UMKM quality weight"},
    "param.tourism.extension_logit": {
        "id": "Logit kunjungan lanjutan",
        "en": "Logit of continued visits",
    },
    # ------------------------------------------------------------------ brief: frame
    "page": {"id": "Halaman {n}", "en": "Page {n}"},
    "h.ce": {"id": "Manfaat per Rp 1 belanja", "en": "Benefit per Rp 1 spent"},
    "h.fiscal": {
        "id": "PAD yang kembali ke tiap pemerintah",
        "en": "Local revenue (PAD) returned to each government",
    },
    "h.reproduce": {"id": "Cara mereproduksi", "en": "How to reproduce"},
    # ------------------------------------------------------------------ brief: summary
    "interval": {"id": "[{lo}; {hi}]", "en": "[{lo}, {hi}]"},
    "pp_short": {"id": "{value} poin", "en": "{value} pp"},
    # ------------------------------------------------------------------ brief: tables
    "col.kpi": {"id": "Indikator", "en": "Indicator"},
    "col.unit": {"id": "Satuan", "en": "Unit"},
    "col.diff": {"id": "Selisih", "en": "Difference"},
    "col.ci": {"id": "IK {level} (keacakan simulasi)", "en": "{level} CI (seed noise)"},
    "col.mean": {"id": "Rata-rata", "en": "Mean"},
    "col.value": {"id": "Nilai", "en": "Value"},
    "col.program": {"id": "Program", "en": "Program"},
    "col.budget": {"id": "Anggaran/tahun", "en": "Budget/year"},
    "col.share_sby": {"id": "Porsi Surabaya", "en": "Surabaya share"},
    "col.scenario": {"id": "Skenario", "en": "Scenario"},
    "col.spend_total": {"id": "Belanja/tahun", "en": "Spending/year"},
    "col.ci_total": {"id": "IK {level} belanja", "en": "{level} CI of spending"},
    "col.effect": {"id": "Manfaat", "en": "Benefit"},
    "col.diff_year": {"id": "Selisih/tahun", "en": "Change/year"},
    "col.per_rp_joint": {"id": "per Rp 1 bersama", "en": "per joint Rp 1"},
    "col.per_rp_gov": {"id": "per Rp 1 dari {g}", "en": "per Rp 1 from {g}"},
    "col.government": {"id": "Pemerintah", "en": "Government"},
    "col.cost_year": {"id": "Biaya/tahun", "en": "Cost/year"},
    "col.pad_per_rp": {"id": "PAD per Rp 1", "en": "PAD per Rp 1"},
    "col.key": {"id": "Parameter", "en": "Parameter"},
    "col.class": {"id": "Jenis", "en": "Kind"},
    "col.note": {"id": "Catatan di berkas skenario", "en": "Note in the scenario file"},
    "col.item": {"id": "Butir", "en": "Item"},
    "total": {"id": "Jumlah", "en": "Total"},
    "program.logistics_subsidy": {"id": "Subsidi logistik", "en": "Logistics subsidy"},
    "program.direct_channel": {
        "id": "Jalur distribusi langsung (koperasi/BUMD)",
        "en": "Direct channel (cooperative/BUMD)",
    },
    "program.information_system": {
        "id": "Sistem informasi terpadu",
        "en": "Integrated information system",
    },
    "program.training": {"id": "Pelatihan UMKM", "en": "UMKM training"},
    "program.promotion": {"id": "Promosi wisata bersama", "en": "Joint tourism promotion"},
    "program.internet": {"id": "Infrastruktur internet", "en": "Internet infrastructure"},
    "program.market_access": {
        "id": "Akses pasar (gerai, e-Peken)",
        "en": "Market access (outlets, e-Peken)",
    },
    "program.road": {"id": "Perbaikan jalan", "en": "Road improvement"},
    "program.monitoring": {
        "id": "Monitoring dan evaluasi bersama",
        "en": "Joint monitoring and evaluation",
    },
    "program.cultural_events": {
        "id": "Acara budaya lintas daerah",
        "en": "Cross-regional cultural events",
    },
    # ------------------------------------------------------------------ brief: cost
    "cost.none": {
        "id": "Skenario {name} tidak mendanai program.",
        "en": "Scenario {name} funds no program.",
    },
    "cost.budget_intro": {
        "id": "Anggaran program yang ditetapkan di skenario {name} (resolved_parameters di "
        "manifest), dibagi menurut porsi biaya Surabaya (programs.<program>.surabaya_cost_share):",
        "en": "Program budgets set by scenario {name} (resolved_parameters in the manifest), split "
        "by Surabaya's cost share (programs.<program>.surabaya_cost_share):",
    },
    "cost.realisation": {
        "id": "Yang dapat dibelanjakan adalah anggaran × tingkat realisasi: {g1} {r1}, {g2} {r2}; "
        "program berhenti bila dana tahun itu habis.",
        "en": "What can be spent is the budget × the realisation rate: {g1} {r1}, {g2} {r2}; a "
        "program pauses when the year's money is spent.",
    },
    "cost.method_recorded": {
        "id": "Belanja per tahun = jumlah kolom harian program_spending_rp (timeseries.parquet) "
        "× {dpy} / jumlah hari, per seed. Bagian tiap pemerintah berasal dari kolom harian "
        "program_spending_surabaya_rp dan program_spending_blitar_rp, yaitu pembayaran yang "
        "benar-benar dicatat dari anggaran masing-masing menurut porsi biaya tiap program, "
        "sehingga pembagian ini tepat.",
        "en": "Spending per year = the sum of the daily column program_spending_rp "
        "(timeseries.parquet) × {dpy} / days, per seed. Each government's part comes from the "
        "daily columns program_spending_surabaya_rp and program_spending_blitar_rp, the "
        "payments recorded from each one's budget by every program's cost share, so the split "
        "is exact.",
    },
    "cost.no_compare": {
        "id": "Efektivitas biaya memerlukan perbandingan dengan baseline: jalankan "
        "'kad-sim compare baseline <skenario>'.",
        "en": "Cost-effectiveness needs a comparison with the baseline: run "
        "'kad-sim compare baseline <scenario>'.",
    },
    "cost.ce_intro": {
        "id": "Perubahan tiap manfaat per tahun ({b} - {a}) dibagi selisih belanja program per "
        "tahun (cost_effectiveness.csv; IK {level} bootstrap berpasangan, dalam kurung). Per "
        "pemerintah: dibagi bagian belanja pemerintah itu saja, yakni bila satu pemerintah "
        "dianggap menanggung seluruh manfaat.",
        "en": "Change of each benefit per year ({b} - {a}) divided by the change in program "
        "spending per year (cost_effectiveness.csv; paired bootstrap {level} CI in brackets). Per "
        "government: divided by that government's part of the spending only, i.e. as if one "
        "government's money bought the whole benefit.",
    },
    # ------------------------------------------------------------------ brief: caveats
    "caveat.levers": {
        "id": "Berkas skenario {file} sendiri menetapkan {n} parameter numerik, {assumed} di "
        "antaranya asumsi.",
        "en": "The scenario file {file} itself sets {n} numeric parameters, {assumed} of them "
        "assumptions.",
    },
    "class.assumption": {"id": "asumsi", "en": "assumption"},
    "class.calculated": {"id": "dihitung", "en": "calculated"},
    "class.sourced": {"id": "data", "en": "data"},
    "class.none": {"id": "tanpa sumber", "en": "no source"},
    "class.unknown": {"id": "tidak diketahui", "en": "unknown"},
    "class.override": {"id": "--set", "en": "--set"},
    "caveat.one_seed": {
        "id": "Hanya satu seed: hasil memuat keacakan satu jalannya simulasi, tanpa interval "
        "kepercayaan. Perbedaan kecil bisa sekadar kebetulan.",
        "en": "One seed only: results carry the randomness of a single simulated path and have "
        "no confidence interval. Small differences may be chance.",
    },
    "caveat.paired": {
        "id": "Kedua skenario dijalankan pada {n} yang sama (angka acak bersama), sehingga "
        "selisih berpasangan menghilangkan sebagian besar keacakan. IK {level} memakai "
        "distribusi t atas selisih per seed; rasio efektivitas biaya memakai bootstrap "
        "persentil berpasangan. Lebih banyak seed mempersempit IK.",
        "en": "Both scenarios ran on the same {n} (common random numbers), so paired "
        "differences cancel most of the noise. The {level} CIs use Student's t over the "
        "per-seed differences; cost-effectiveness ratios use a paired percentile bootstrap. "
        "More seeds narrow the CIs.",
    },
    "h.robustness": {
        "id": "Ketahanan terhadap ketidakpastian kalibrasi",
        "en": "Robustness to calibration uncertainty",
    },
    "robust.intro": {
        "id": "Perbandingan yang sama dijalankan ulang untuk {members} himpunan parameter dari "
        "{file} (himpunan yang jaraknya ke data berada dalam ambang kepercayaan 95% dari "
        "kalibrasi terbaik), masing-masing dengan {replicates} seed berpasangan. Arah hasil "
        "utama bertahan di semua himpunan untuk {held} dari {n} indikator yang berubah. "
        "Kolom rentang memuat selisih rata-rata terkecil dan terbesar antarhimpunan; kolom "
        "Nyata memuat bagian himpunan yang selisihnya dapat dibedakan dari nol.",
        "en": "The same comparison was run again for {members} parameter sets from {file} "
        "(sets whose distance to the data lies within the 95% threshold of the best fit), "
        "each on {replicates} paired seeds. The direction of the main result holds in every "
        "set for {held} of the {n} indicators it changes. The range column gives the smallest "
        "and largest mean difference across sets; the Real column the share of sets whose "
        "difference is distinguishable from zero.",
    },
    "col.range": {"id": "Rentang antarhimpunan", "en": "Range over sets"},
    "col.same_sign": {"id": "Arah sama", "en": "Same sign"},
    "col.real_share": {"id": "Nyata", "en": "Real"},
    "caveat.replicates": {
        "id": "Hasil adalah rata-rata atas {n} dengan IK {level} (distribusi t). IK menggambarkan "
        "keacakan simulasi, bukan ketidakpastian parameter.",
        "en": "Results are means over {n} with {level} CIs (Student's t). The CIs describe "
        "simulation noise, not parameter uncertainty.",
    },
    "caveat.scale": {
        "id": "Simulasi pada skala {scale}: {pct} dari petani, pedagang, UMKM, wisatawan dan "
        "anggaran; besaran ekstensif dilaporkan setara skala penuh (dibagi skala). Skala kecil "
        "menambah keacakan dan membulatkan jumlah UMKM dan gerai.",
        "en": "Simulated at scale {scale}: {pct} of farmers, traders, UMKM, tourists and budgets; "
        "extensive quantities are reported as full-scale equivalents (divided by the scale). "
        "Small scales add noise and round UMKM and outlet counts.",
    },
    "caveat.horizon": {
        "id": "Horizon {days} hari mulai {start}, setelah masa pemanasan {warmup} hari tanpa "
        "program yang tidak ikut dalam rata-rata mana pun (0 hari: hari-hari pertama membawa "
        "kondisi awal).",
        "en": "Horizon of {days} days from {start}, after a warm-up of {warmup} days without "
        "programs that enters no average (0 days: the first days carry the initial "
        "conditions).",
    },
    "caveat.warmup": {
        "id": "Harga eceran {commodity} bergejolak di {days} hari pertama (KV harian {first}, "
        "sisa periode {rest}): gejolak awal ini ikut dalam rata-rata dan KV harga.",
        "en": "The retail price of {commodity} swings in the first {days} days (daily CV "
        "{first}, afterwards {rest}): this start-up swing enters the mean and the price CV.",
    },
    "caveat.umkm_exit": {
        "id": "Pada {date} jumlah UMKM Blitar turun {pct} dalam sehari: usaha yang rugi "
        "{months} bulan berturut-turut keluar serentak karena populasi awal belum seimbang. "
        "Indikator UMKM akhir periode peka terhadap panjang simulasi.",
        "en": "On {date} the number of Blitar UMKM falls by {pct} in one day: firms with "
        "{months} loss months in a row exit together because the initial population is not at "
        "equilibrium. End-of-run UMKM indicators depend on the run's length.",
    },
    "caveat.stock_flow": {
        "id": "Neraca barang dan uang diperiksa setiap hari; galat relatif terbesar {err}.",
        "en": "Goods and money balances are checked every day; the largest relative error is "
        "{err}.",
    },
    "caveat.supply_stability": {
        "id": "Makalah melaporkan pasokan yang lebih stabil di bawah MoU; model tidak "
        "menghasilkan itu di sini: variasi harga eceran telur harian di Surabaya (CV) berubah "
        "{diff} dan limbah {waste} t per tahun. Model tidak memuat penyerapan yang mengikuti "
        "permintaan Surabaya (docs/ODD.md).",
        "en": "The paper reports steadier supply under the MoU; the model does not reproduce "
        "that here: the daily variation of Surabaya's retail egg price (CV) changes by {diff} "
        "and waste by {waste} t a year. The model has no offtake that follows Surabaya's demand "
        "(docs/ODD.md).",
    },
    "caveat.williamson": {
        "id": "Indeks Williamson di sini dihitung atas dua daerah saja (pendapatan per kapita "
        "bersumber ditambah perubahan simulasi) dan tidak sebanding dengan indeks BPS antar "
        "kabupaten/kota Jawa Timur.",
        "en": "The Williamson index here covers two regions only (sourced per-capita income plus "
        "the simulated change) and is not comparable with BPS's index over East Java's "
        "regencies and cities.",
    },
    # ------------------------------------------------------------------ brief: reproduce
    "repro.command": {
        "id": "Perintah yang menghasilkan folder ini:",
        "en": "Command that made this folder:",
    },
    "repro.command_api": {
        "id": "Folder ini dibuat lewat API Python (sim.experiment), bukan baris perintah; "
        "perintah proses saat itu:",
        "en": "This folder was made through the Python API (sim.experiment), not the command "
        "line; the process's command was:",
    },
    "repro.rerun": {
        "id": "Menjalankan ulang dari manifest dan memeriksa hasilnya sama persis:",
        "en": "Rerun from the manifest and check the results are identical bit for bit:",
    },
    "repro.brief": {"id": "Membuat ulang ringkasan ini:", "en": "Rebuild this brief:"},
    "repro.kind": {"id": "Jenis folder", "en": "Folder kind"},
    "kind.run": {"id": "satu run", "en": "one run"},
    "kind.replicates": {"id": "replikasi", "en": "replicates"},
    "kind.compare": {"id": "perbandingan berpasangan", "en": "paired comparison"},
    "repro.scenarios": {"id": "Skenario", "en": "Scenarios"},
    "repro.files": {
        "id": "Berkas skenario (teks di manifest)",
        "en": "Scenario files (text in the manifest)",
    },
    "repro.overrides": {
        "id": "Pengubahan (--set, --days, --scale)",
        "en": "Overrides (--set, --days, --scale)",
    },
    "repro.root_seed": {"id": "Seed akar", "en": "Root seed"},
    "repro.seeds": {"id": "Seed", "en": "Seeds"},
    "repro.commit": {"id": "Commit kode", "en": "Code commit"},
    "repro.dirty": {"id": "ada perubahan belum di-commit", "en": "uncommitted changes"},
    "repro.created": {"id": "Dibuat (UTC)", "en": "Created (UTC)"},
    "repro.packages": {"id": "Versi paket", "en": "Package versions"},
    "repro.folder": {"id": "Folder", "en": "Folder"},
}


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")


def has(key: str) -> bool:
    return key in STRINGS


def _constants(lang: str) -> dict[str, str]:
    """Numbers the texts name that come from the code, not typed into them: the confidence
    level of every interval and the days per year used to annualise."""
    from sim.compare import CONFIDENCE
    from sim.metrics import DAYS_PER_YEAR

    point = "," if lang == "id" else "."
    return {
        "level": f"{CONFIDENCE * 100:g}%".replace(".", point),
        "dpy": f"{DAYS_PER_YEAR:g}".replace(".", point),
    }


def tr(key: str, lang: str = "id", **values) -> str:
    """The string ``key`` in ``lang`` with ``{placeholders}`` filled from ``values`` (and
    ``{level}``, ``{dpy}`` from the code's constants)."""
    check_lang(lang)
    text = STRINGS[key][lang]
    if "{level}" in text or "{dpy}" in text:
        values = {**_constants(lang), **values}
    return text.format(**values) if values else text
