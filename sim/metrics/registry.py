"""The KPI registry: for every KPI that ``compute_kpis`` writes, its name, unit, period,
desirable direction, whom it concerns, and its label and description in Indonesian and English.

Briefs, sweep figures, compare and the explorer read KPI metadata from here and nowhere else.

- ``unit`` is a unit *kind*; :data:`UNITS` gives its text per language ("Rp/petani/tahun").
- ``period`` says what the number covers: ``"year"`` (annualised over the reported days, or per
  year by definition), ``"day"`` (a mean of daily values), ``"end"`` (the
  last day's value) or ``"none"`` (a ratio or index over the run).
- ``direction`` is +1 when more is better for the people it concerns, -1 when less is better, 0
  when neither (a cost, a diagnostic, a price that helps one side and hurts the other).
- ``group`` names whom the KPI concerns: farmers, consumers, umkm, tourism, surabaya (its
  government), blitar (its government), region or model.
- ``worse`` is one sentence from the model's mechanism that says why the KPI can move the wrong
  way under a policy; the brief prints it beside a deterioration.

Per-commodity KPIs (``eggs_waste_t_per_year``) share the entry of their base KPI
(``waste_t_per_year``); their
labels take the commodity's name from :data:`PER_COMMODITY`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("id", "en")
PERIODS = ("year", "day", "end", "none")  # no run totals after 0.2.0 (RENAMED)
GROUPS = (
    "farmers", "consumers", "umkm", "tourism", "surabaya", "blitar", "region", "model",
    "middlemen", "direct_channel", "retailers", "other_origins", "outside_sellers",
    "other_markets_buyers", "visitors",
)  # fmt: skip


@dataclass(frozen=True)
class KPI:
    """One KPI's metadata (see the module docstring for each field)."""

    key: str
    unit: str
    period: str
    direction: int
    group: str
    label: dict[str, str]
    description: dict[str, str]
    worse: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.period not in PERIODS or self.group not in GROUPS:
            raise ValueError(f"KPI {self.key}: bad period {self.period!r} or group {self.group!r}")
        if self.direction not in (-1, 0, 1) or self.unit not in UNITS:
            raise ValueError(f"KPI {self.key}: bad direction or unit {self.unit!r}")
        for part in (self.label, self.description, self.worse):
            if part and set(part) != set(LANGS):
                raise ValueError(f"KPI {self.key}: texts need both languages {LANGS}")


# unit kind -> (unit text, words that follow a value in a sentence); {days} = the run's length
UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "rp_farmer_year": {
        "id": ("Rp/petani/tahun", "per petani per tahun"),
        "en": ("Rp/farmer/year", "per farmer per year"),
    },
    "rp_kg": {"id": ("Rp/kg", ""), "en": ("Rp/kg", "")},
    "share": {"id": ("%", ""), "en": ("%", "")},
    "index": {"id": ("indeks", ""), "en": ("index", "")},
    "rp_year": {"id": ("Rp/tahun", "per tahun"), "en": ("Rp/year", "per year")},
    "t_year": {"id": ("ton/tahun", "per tahun"), "en": ("t/year", "per year")},
    "visits_year": {"id": ("kunjungan/tahun", "per tahun"), "en": ("visits/year", "per year")},
    "people_year": {"id": ("usaha/tahun", "unit usaha per tahun"),
                    "en": ("firms/year", "firms per year")},
    "rp_person_year": {
        "id": ("Rp/jiwa/tahun", "per jiwa per tahun"),
        "en": ("Rp/person/year", "per person per year"),
    },
    "firms_end": {
        "id": ("usaha, hari akhir", "unit usaha pada hari terakhir"),
        "en": ("firms, last day", "firms on the last day"),
    },
    "days": {"id": ("hari", "hari"), "en": ("days", "days")},
    "jobs_mean": {
        "id": ("pekerja, rata-rata", "pekerja rata-rata selama simulasi"),
        "en": ("jobs, mean", "jobs on average over the run"),
    },
    "number": {"id": ("-", ""), "en": ("-", "")},
    "firms_mean": {
        "id": ("usaha, rata-rata", "unit usaha rata-rata selama simulasi"),
        "en": ("firms, mean", "firms on average over the run"),
    },
    "rp_firm_year": {
        "id": ("Rp/usaha/tahun", "per usaha per tahun"),
        "en": ("Rp/firm/year", "per firm per year"),
    },
}  # fmt: skip


def _k(key, unit, period, direction, group, label, description, worse=None) -> KPI:
    return KPI(key, unit, period, direction, group, label, description, worse or {})


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


_TRANSIT = _t(
    "Lebih banyak barang dikirim lewat jalan ke Surabaya, sehingga lebih banyak yang pecah di "
    "perjalanan dan busuk selama menunggu terjual.",
    "More goods travel by road to Surabaya, so more break on the way and spoil while waiting "
    "to be sold.",
)
_FEWER_MIDDLEMEN = _t(
    "Barang yang lewat jalur langsung tidak lagi melewati pengepul, sehingga pendapatan pengepul "
    "turun.",
    "Goods that take the direct channel no longer pass through middlemen, so their income falls.",
)

_ENTRIES = (
    _k("farmer_income_mean_rp", "rp_farmer_year", "year", 1, "farmers",
       _t("Pendapatan petani (rata-rata)", "Farmer income (mean)"),
       _t("Pendapatan bersih rata-rata seorang petani per tahun, telur dan cabai dicampur "
          "(usang: pakai <komoditas>_farmer_income_rp_per_farmer_per_year).",
          "A farmer's mean net income per year, egg and chili farmers pooled (deprecated: use "
          "<commodity>_farmer_income_rp_per_farmer_per_year)."),
       _t("Harga di tingkat petani atau volume terjual turun lebih banyak daripada biaya.",
          "Farm-gate prices or volumes sold fall by more than costs.")),
    _k("farmer_income_median_rp", "rp_farmer_year", "year", 1, "farmers",
       _t("Pendapatan petani (median)", "Farmer income (median)"),
       _t("Pendapatan bersih petani di tengah sebaran, per tahun.",
          "The middle farmer's net income per year.")),
    _k("farmer_income_gini", "index", "none", -1, "farmers",
       _t("Ketimpangan pendapatan petani (Gini)", "Inequality of farmer incomes (Gini)"),
       _t("Koefisien Gini pendapatan petani (0 = merata).",
          "Gini coefficient of farmer incomes (0 = equal)."),
       _t("Petani yang ikut program memperoleh lebih banyak daripada yang tidak.",
          "Farmers who join a program gain more than those who do not.")),
    _k("farmer_share_of_retail", "share", "none", 1, "farmers",
       _t("Porsi petani di harga eceran", "Farmer share of the retail price"),
       _t("Harga di tingkat petani dibagi harga eceran Surabaya.",
          "Farm-gate price divided by the Surabaya retail price.")),
    _k("farm_gate_price_rp_per_kg", "rp_kg", "day", 1, "farmers",
       _t("Harga di tingkat petani", "Farm-gate price"),
       _t("Harga rata-rata yang diterima petani, tertimbang volume.",
          "Volume-weighted mean price farmers receive."),
       _t("Pasokan ke Surabaya naik dan menekan harga grosir, yang diteruskan ke petani.",
          "More supply reaches Surabaya and lowers the wholesale price, which passes to farmers.")),
    _k("surabaya_wholesale_price_rp_per_kg", "rp_kg", "day", 0, "region",
       _t("Harga grosir Surabaya", "Surabaya wholesale price"),
       _t("Harga grosir harian rata-rata komoditas utama di Surabaya.",
          "Mean daily wholesale price of the main commodity in Surabaya.")),
    _k("surabaya_retail_price_rp_per_kg", "rp_kg", "day", -1, "consumers",
       _t("Harga eceran Surabaya", "Surabaya retail price"),
       _t("Harga eceran harian rata-rata komoditas utama di Surabaya.",
          "Mean daily retail price of the main commodity in Surabaya."),
       _t("Pasokan ke Surabaya berkurang atau biaya angkut naik, dan pedagang meneruskannya.",
          "Less supply reaches Surabaya or freight costs rise, and traders pass them on.")),
    _k("surabaya_price_cv", "index", "none", -1, "consumers",
       _t("Gejolak harga eceran (KV)", "Retail price volatility (CV)"),
       _t("Simpangan baku harga eceran harian dibagi rata-ratanya.",
          "Standard deviation of the daily retail price over its mean."),
       _t("Kiriman jalur langsung tiba dalam jumlah tetap tanpa melihat harga harian, sehingga "
          "pasar menyesuaikan diri lewat harga.",
          "Direct-channel deliveries arrive in fixed amounts whatever the day's price, so the "
          "market adjusts through the price.")),
    _k("farm_to_retail_gap_rp_per_kg", "rp_kg", "day", -1, "consumers",
       _t("Selisih harga petani-eceran", "Farm-to-retail price gap"),
       _t("Harga eceran dikurangi harga di tingkat petani.",
          "Retail price minus the farm-gate price."),
       _t("Biaya angkut dan susut di antara petani dan pasar naik.",
          "Freight and losses between farm and market rise.")),
    _k("middleman_margin_rp_per_kg", "rp_kg", "day", 0, "region",
       _t("Marjin pengepul", "Middleman margin"),
       _t("Marjin rata-rata pengepul per kg.", "Middlemen's mean margin per kg.")),
    _k("program_spending_rp_per_year", "rp_year", "year", 0, "region",
       _t("Belanja program per tahun", "Program spending per year"),
       _t("Belanja semua program, disetahunkan.", "Spending of all programs, annualised.")),
    _k("pad_total_rp_per_year", "rp_year", "year", 1, "region",
       _t("PAD kedua daerah dari sumber termodelkan", "PAD of both regions from modelled sources"),
       _t("PAD termodelkan Surabaya dan Blitar, disetahunkan.",
          "Modelled PAD of Surabaya and Blitar, annualised.")),
    _k("umkm_alive", "firms_end", "end", 1, "umkm",
       _t("UMKM Blitar beroperasi (akhir)", "Blitar UMKM operating (end)"),
       _t("UMKM Blitar yang masih beroperasi pada hari terakhir.",
          "Blitar UMKM still operating on the last day.")),
    _k("umkm_online", "firms_end", "end", 1, "umkm",
       _t("UMKM Blitar daring (akhir)", "Blitar UMKM online (end)"),
       _t("UMKM Blitar yang berjualan daring pada hari terakhir.",
          "Blitar UMKM selling online on the last day.")),
    _k("umkm_online_share", "share", "end", 1, "umkm",
       _t("Porsi UMKM Blitar daring", "Share of Blitar UMKM online"),
       _t("Bagian UMKM Blitar yang beroperasi dan berjualan daring.",
          "Share of operating Blitar UMKM that sell online.")),
    _k("umkm_selling_in_surabaya", "firms_end", "end", 1, "umkm",
       _t("UMKM Blitar berjualan ke Surabaya", "Blitar UMKM selling to Surabaya"),
       _t("UMKM Blitar yang menjangkau pembeli Surabaya pada hari terakhir.",
          "Blitar UMKM reaching Surabaya buyers on the last day.")),
    _k("umkm_revenue_rp_per_year", "rp_year", "year", 1, "umkm",
       _t("Omzet UMKM Blitar", "Blitar UMKM revenue"),
       _t("Omzet UMKM Blitar, disetahunkan.", "Revenue of Blitar UMKM, annualised."),
       _t("Pembeli beralih ke pesaing yang lebih murah atau lebih dikenal.",
          "Buyers turn to cheaper or better-known competitors.")),
    _k("umkm_selling_in_surabaya_outlets", "firms_end", "end", 1, "umkm",
       _t("UMKM Blitar ke Surabaya lewat gerai", "Blitar UMKM selling to Surabaya via outlets"),
       _t("UMKM Blitar dengan tempat di gerai/pameran Surabaya yang menjual ke pembeli Surabaya "
          "pada hari terakhir (bisa juga daring).",
          "Blitar UMKM with a Surabaya outlet or exhibition place selling to Surabaya buyers on "
          "the last day (they may also be online).")),
    _k("umkm_selling_in_surabaya_epeken", "firms_end", "end", 1, "umkm",
       _t("UMKM Blitar ke Surabaya lewat e-Peken", "Blitar UMKM selling to Surabaya via e-Peken"),
       _t("UMKM Blitar yang terdaftar di e-Peken dan menjual ke pembeli Surabaya pada hari "
          "terakhir.",
          "Blitar UMKM listed on e-Peken selling to Surabaya buyers on the last day.")),
    _k("umkm_selling_in_surabaya_online_other", "firms_end", "end", 1, "umkm",
       _t("UMKM Blitar ke Surabaya lewat lokapasar lain",
          "Blitar UMKM selling to Surabaya via other online channels"),
       _t("UMKM Blitar daring tanpa e-Peken (lokapasar umum, media sosial) yang menjual ke "
          "pembeli Surabaya pada hari terakhir.",
          "Blitar UMKM online without e-Peken (general marketplaces, social media) selling to "
          "Surabaya buyers on the last day.")),
    _k("epeken_turnover_rp_per_year", "rp_year", "year", 1, "umkm",
       _t("Omzet e-Peken (seluruh platform)", "e-Peken turnover (whole platform)"),
       _t("Penjualan semua penjual (UMKM Surabaya dan Blitar) lewat e-Peken, disetahunkan.",
          "Sales of every seller (Surabaya and Blitar UMKM) through e-Peken, annualised.")),
    _k("epeken_mandated_rp_per_year", "rp_year", "year", 0, "umkm",
       _t("Belanja wajib ASN di e-Peken", "Civil servants' mandated e-Peken purchases"),
       _t("Belanja ASN Surabaya yang diwajibkan lewat e-Peken (bagian dari omzet platform; "
          "dialihkan dari belanja rumah tangga, bukan permintaan baru), disetahunkan.",
          "Surabaya civil servants' mandated purchases through e-Peken (part of the platform's "
          "turnover; diverted from household spending, not new demand), annualised.")),
    _k("epeken_sellers", "firms_mean", "day", 0, "umkm",
       _t("Penjual e-Peken", "e-Peken sellers"),
       _t("Usaha (Surabaya dan Blitar) yang berjualan lewat e-Peken, rata-rata harian.",
          "Firms (Surabaya and Blitar) selling through e-Peken, daily mean.")),
    _k("epeken_sellers_blitar", "firms_mean", "day", 1, "umkm",
       _t("Penjual e-Peken dari Blitar", "e-Peken sellers from Blitar"),
       _t("UMKM Blitar yang berjualan lewat e-Peken (dibatasi tempat program), rata-rata harian.",
          "Blitar UMKM selling through e-Peken (bounded by the program's listings), daily "
          "mean.")),
    _k("epeken_sales_per_seller_rp_per_year", "rp_firm_year", "year", 0, "umkm",
       _t("Omzet e-Peken per penjual", "e-Peken sales per seller"),
       _t("Omzet e-Peken per penjual rata-rata, per tahun; dibandingkan dengan batas "
          "Rp 30 juta per usaha.",
          "Mean e-Peken sales per seller, per year; compare with the Rp 30 M cap per "
          "business.")),
    _k("epeken_sales_blitar_rp_per_year", "rp_year", "year", 1, "umkm",
       _t("Penjualan UMKM Blitar lewat e-Peken", "Blitar UMKM sales through e-Peken"),
       _t("Penjualan UMKM Blitar lewat e-Peken (ke pembeli kedua daerah), disetahunkan.",
          "Blitar UMKM sales through e-Peken (to buyers of both regions), annualised."),
       _t("Penjual Surabaya yang lebih terlihat menarik pembeli dari UMKM Blitar.",
          "Better-seen Surabaya sellers draw buyers away from Blitar UMKM.")),
    _k("umkm_jobs_blitar", "jobs_mean", "day", 1, "umkm",
       _t("Lapangan kerja UMKM Blitar", "Blitar UMKM jobs"),
       _t("UMKM Blitar yang beroperasi (rata-rata) x pekerja per usaha (1,83, termasuk pemilik, "
          "rata-rata nasional dipakai sebagai rasio marjinal) x (utilisasi / utilisasi acuan) "
          "pangkat elastisitas kerja terhadap omzet (0,5): omzet lebih tinggi per usaha juga "
          "menambah pekerja.",
          "Operating Blitar UMKM (mean) x workers per firm (1.83, owners included; a national "
          "average used as a marginal ratio) x (utilisation / reference utilisation) to the "
          "elasticity of employment to sales (0.5): higher sales per firm add workers too.")),
    _k("umkm_jobs_surabaya", "jobs_mean", "day", 1, "umkm",
       _t("Lapangan kerja UMKM Surabaya", "Surabaya UMKM jobs"),
       _t("UMKM Surabaya (binaan) yang beroperasi (rata-rata) x pekerja per usaha.",
          "Operating (assisted) Surabaya UMKM (mean) x workers per firm.")),
    _k("tourism_jobs_blitar", "jobs_mean", "year", 1, "tourism",
       _t("Lapangan kerja pariwisata Blitar", "Blitar tourism jobs"),
       _t("Belanja wisatawan di Blitar per tahun x pekerja per Rp 1 M belanja (rasio nasional, "
          "tidak pasti).",
          "Tourist spending in Blitar per year x jobs per Rp 1 bn of spending (national ratio, "
          "uncertain).")),
    _k("tourism_jobs_surabaya", "jobs_mean", "year", 1, "tourism",
       _t("Lapangan kerja pariwisata Surabaya", "Surabaya tourism jobs"),
       _t("Belanja wisatawan di Surabaya per tahun x pekerja per Rp 1 M belanja.",
          "Tourist spending in Surabaya per year x jobs per Rp 1 bn of spending.")),
    _k("packages_used_per_year", "visits_year", "year", 0, "tourism",
       _t("Paket wisata terpakai", "Integrated packages used"),
       _t("Wisatawan Surabaya yang melanjutkan ke Blitar dengan paket terpadu, per tahun; "
          "program promosi membayar setiap paket terpakai (diskon bagi wisatawan).",
          "Surabaya visitors who went on to Blitar with an integrated package, per year; the "
          "promotion program pays for each package used (a discount to the visitor).")),
    _k("blitar_length_of_stay_days", "days", "none", 1, "tourism",
       _t("Lama tinggal di Blitar", "Length of stay in Blitar"),
       _t("Hari wisatawan per kunjungan ke Blitar.", "Visitor days per visit to Blitar.")),
    _k("producer_region_modelled_income_rp_per_year", "rp_year", "year", 1, "blitar",
       _t("Pendapatan termodelkan, daerah produsen", "Modelled income, producer region"),
       _t("Pendapatan agen termodelkan di daerah produsen per tahun.",
          "Income of the producer region's modelled agents per year.")),
    _k("market_region_modelled_income_rp_per_year", "rp_year", "year", 1, "surabaya",
       _t("Pendapatan termodelkan, daerah pasar", "Modelled income, market region"),
       _t("Pendapatan agen termodelkan di daerah pasar per tahun.",
          "Income of the market region's modelled agents per year.")),
    _k("producer_region_income_per_capita_rp", "rp_person_year", "year", 1, "blitar",
       _t("Pendapatan per kapita, daerah produsen", "Income per capita, producer region"),
       _t("Pendapatan per kapita bersumber ditambah perubahan simulasi.",
          "Sourced income per capita plus the simulated change.")),
    _k("market_region_income_per_capita_rp", "rp_person_year", "year", 1, "surabaya",
       _t("Pendapatan per kapita, daerah pasar", "Income per capita, market region"),
       _t("Pendapatan per kapita bersumber ditambah perubahan simulasi.",
          "Sourced income per capita plus the simulated change.")),
    _k("williamson_index", "index", "year", -1, "region",
       _t("Indeks Williamson (2 daerah)", "Williamson index (2 regions)"),
       _t("Ketimpangan pendapatan per kapita antara kedua daerah.",
          "Inequality of income per capita between the two regions."),
       _t("Pendapatan daerah pasar tumbuh lebih cepat daripada daerah produsen.",
          "The market region's income grows faster than the producer region's.")),
    _k("umkm_buyer_logsum_rp_per_year", "rp_year", "year", 1, "umkm",
       _t("Surplus pilihan pembeli UMKM (log-sum, level)",
          "UMKM buyers' choice surplus (log-sum, level)"),
       _t("Log-sum logit belanja pembeli UMKM dibagi bobot harga: levelnya tidak bermakna, "
          "perubahannya antarskenario adalah manfaat pembeli dari pilihan (tidak masuk "
          "kesejahteraan bersih).",
          "Logit log-sum of UMKM buyers' spending over the price weight: its level has no "
          "meaning, its change between scenarios is buyers' gain from choice (not in net "
          "welfare).")),
    _k("williamson_index_net_of_program_cost", "index", "year", -1, "region",
       _t("Indeks Williamson, dikurangi biaya program", "Williamson index, net of program cost"),
       _t("Seperti indeks Williamson, dengan pendapatan tiap daerah dikurangi biaya program "
          "yang dibayar pemerintahnya.",
          "As the Williamson index, each region's income less the program cost its own "
          "government pays."),
       _t("Pendapatan daerah pasar, setelah biaya program, tumbuh lebih cepat daripada daerah "
          "produsen.",
          "The market region's income net of program cost grows faster than the producer "
          "region's.")),
    _k("stock_flow_max_rel_error", "index", "none", -1, "model",
       _t("Galat neraca stok-arus terbesar", "Largest stock-flow error"),
       _t("Galat relatif terbesar neraca barang dan uang (pemeriksaan model).",
          "Largest relative error of the goods and money balances (a model check).")),
    # incidence (issue 15): each group's income per year; their sum less the program cost is
    # net_welfare_rp_per_year (sim.metrics.INCIDENCE_GROUPS)
    _k("farmers_income_rp_per_year", "rp_year", "year", 1, "farmers",
       _t("Pendapatan bersih seluruh petani", "Net income of all farmers"),
       _t("Penjualan petani dikurangi biaya produksi, per tahun.",
          "Farmers' sales less production costs, per year.")),
    _k("farmer_income_rp_per_farmer_per_year", "rp_farmer_year", "year", 1, "farmers",
       _t("Pendapatan per petani", "Income per farmer"),
       _t("Pendapatan bersih rata-rata per petani, per tahun.",
          "Mean net income per farmer, per year.")),
    _k("middlemen_income_rp_per_year", "rp_year", "year", 1, "middlemen",
       _t("Pendapatan pengepul (warga Blitar)", "Middlemen's income (Blitar residents)"),
       _t("Kas yang diperoleh pengepul: penjualan dikurangi pembelian, ongkos angkut dan "
          "retribusi, ditambah subsidi; stok tidak dinilai.",
          "Cash middlemen gain: sales less purchases, freight and fees, plus subsidy; goods in "
          "stock are not valued.")),
    _k("direct_channel_result_rp_per_year", "rp_year", "year", 0, "direct_channel",
       _t("Hasil usaha jalur langsung", "Direct channel's trading result"),
       _t("Kas yang diperoleh jalur langsung dari berdagang (biaya operasinya dibayar program).",
          "Cash the direct channel gains by trading (its operating cost is paid by the "
          "program).")),
    _k("surabaya_retailers_income_rp_per_year", "rp_year", "year", 1, "retailers",
       _t("Pendapatan pengecer Surabaya", "Surabaya retailers' income"),
       _t("Selisih harga eceran dan grosir atas barang Blitar, per tahun.",
          "Retail over wholesale value of Blitar goods, per year.")),
    _k("surabaya_retailers_other_origins_income_rp_per_year", "rp_year", "year", 1,
       "retailers",
       _t("Pendapatan pengecer Surabaya dari barang asal lain",
          "Surabaya retailers' income on other origins' goods"),
       _t("Selisih harga eceran dan grosir atas barang dari daerah asal lain, per tahun.",
          "Retail over wholesale value of the goods from other origins, per year.")),
    _k("outside_sellers_income_rp_per_year", "rp_year", "year", 1, "outside_sellers",
       _t("Pendapatan toko dan jaringan ritel (pilihan luar)",
          "Shops' and chains' income (the outside option)"),
       _t("Penjualan toko dan jaringan ritel di kedua daerah (pilihan luar UMKM) dikurangi biaya "
          "variabel, per tahun: penjualan yang direbut UMKM lewat visibilitas adalah kerugian "
          "mereka.",
          "Sales of shops and chains in both regions (UMKM's outside option) less variable "
          "cost, per year: sales UMKM win from them through visibility are their loss."),
       _t("UMKM yang lebih terlihat merebut pembeli dari toko dan jaringan ritel.",
          "Better-seen UMKM take buyers from shops and chains.")),
    _k("other_origins_surplus_rp_per_year", "rp_year", "year", 1, "other_origins",
       _t("Surplus produsen daerah asal lain", "Other origins' producer surplus"),
       _t("Luas di kiri kurva penawaran daerah asal lain antara harga acuan dan harga grosir "
          "(kurva yang sama dengan penentuan harga pasar); hanya selisihnya antarskenario yang "
          "bermakna.",
          "Area left of the other origins' supply curve (the one the market clears on) between "
          "the reference and the wholesale price; only its difference between scenarios has a "
          "meaning.")),
    _k("other_markets_buyers_surplus_rp_per_year", "rp_year", "year", 1,
       "other_markets_buyers",
       _t("Surplus pembeli di pasar lain", "Other markets' buyers' surplus"),
       _t("Luas di bawah kurva permintaan pasar lain atas barang Blitar (kurva yang sama dengan "
          "harga pasar lain di model) antara harga hari itu dan harga pada volume acuan; warga "
          "di luar kedua daerah; hanya selisihnya antarskenario yang bermakna.",
          "Area under the other markets' demand curve for Blitar's goods (the one the model "
          "prices them on) between today's price and the price at the reference volume; "
          "residents of neither region; only its difference between scenarios has a meaning."),
       _t("Blitar menjual lebih sedikit ke pasar lain sehingga harga di sana naik.",
          "Blitar sells less in other markets, so their price rises.")),
    _k("visitors_package_discount_rp_per_year", "rp_year", "year", 1, "visitors",
       _t("Potongan paket wisata bagi wisatawan", "Visitors' package discounts"),
       _t("Paket terpadu yang dipakai x biaya per paket: transfer dari program kepada "
          "wisatawan (bukan warga kedua daerah), per tahun.",
          "Integrated packages used x their cost per package: a transfer from the program to "
          "visitors (residents of neither region), per year.")),
    _k("tourism_value_added_rp_per_year", "rp_year", "year", 1, "tourism",
       _t("Nilai tambah usaha wisata", "Tourism businesses' value added"),
       _t("tourism.value_added_share x belanja wisatawan (penginapan, makan, atraksi) dikurangi "
          "pajak daerah (dihitung pada pemerintah), kedua daerah, per tahun.",
          "tourism.value_added_share x tourist spending (lodging, food, attractions) less the "
          "local taxes (counted under governments), both regions, per year.")),
    _k("surabaya_consumer_surplus_rp_per_year", "rp_year", "year", 1, "consumers",
       _t("Surplus konsumen Surabaya", "Surabaya consumers' surplus"),
       _t("Luas di bawah kurva permintaan antara harga eceran dan harga acuan; hanya selisihnya "
          "antarskenario yang bermakna.",
          "Area under the demand curve between the retail and the reference price; only its "
          "difference between scenarios has a meaning.")),
    _k("umkm_profit_rp_per_year", "rp_year", "year", 1, "umkm",
       _t("Laba UMKM", "UMKM profit"),
       _t("Laba UMKM Blitar dan Surabaya setelah pungutan, per tahun.",
          "Profit of Blitar and Surabaya UMKM after levies, per year.")),
    _k("tourism_sector_income_rp_per_year", "rp_year", "year", 1, "tourism",
       _t("Penerimaan usaha wisata", "Tourism businesses' receipts"),
       _t("Belanja wisatawan dikurangi pajak daerah, kedua daerah (penerimaan kotor; tabel "
          "insidensi memakai tourism_value_added_rp_per_year).",
          "Tourist spending less local taxes, both regions (gross receipts; the incidence "
          "table uses tourism_value_added_rp_per_year).")),
    _k("government_revenue_rp_per_year", "rp_year", "year", 1, "region",
       _t("PAD termodelkan kedua daerah", "Modelled PAD of both governments"),
       _t("Pajak wisata, retribusi pasar dan pungutan UMKM, per tahun.",
          "Tourism taxes, market fees and UMKM levies, per year.")),
    _k("surabaya_program_cost_rp_per_year", "rp_year", "year", 0, "surabaya",
       _t("Biaya program Pemkot Surabaya", "Surabaya's program cost"),
       _t("Belanja program yang dibayar Surabaya menurut bagian biayanya, per tahun.",
          "Program spending Surabaya pays by its cost shares, per year.")),
    _k("blitar_program_cost_rp_per_year", "rp_year", "year", 0, "blitar",
       _t("Biaya program Pemkab Blitar", "Blitar's program cost"),
       _t("Belanja program yang dibayar Blitar menurut bagian biayanya, per tahun.",
          "Program spending Blitar pays by its cost shares, per year.")),
    _k("program_cost_rp_per_year", "rp_year", "year", 0, "region",
       _t("Biaya program kedua pemerintah", "Program cost of both governments"),
       _t("Jumlah biaya program Surabaya dan Blitar, per tahun.",
          "Surabaya's and Blitar's program cost, per year.")),
    _k("net_welfare_rp_per_year", "rp_year", "year", 1, "region",
       _t("Kesejahteraan bersih semua pihak", "Net welfare, all parties"),
       _t("Jumlah pendapatan semua kelompok yang dimodelkan (warga kedua daerah, pemasok daerah "
          "asal lain, pembeli di pasar lain, wisatawan) dikurangi biaya program; transfer "
          "antarkelompok saling meniadakan.",
          "Sum of all modelled groups' incomes (both regions' residents, other origins' "
          "sellers, other markets' buyers, visitors) less the program cost; transfers between "
          "groups cancel.")),
    _k("net_welfare_two_regions_rp_per_year", "rp_year", "year", 1, "region",
       _t("Kesejahteraan bersih Surabaya dan Blitar", "Net welfare, Surabaya and Blitar"),
       _t("Jumlah pendapatan warga Kota Surabaya dan Kabupaten Blitar (petani, pengepul, jalur "
          "langsung, pengecer, konsumen, UMKM, toko, usaha wisata, PAD) dikurangi biaya program "
          "kedua pemerintah; pihak luar hanya sebagai catatan.",
          "Sum of the incomes of Kota Surabaya's and Kabupaten Blitar's residents (farmers, "
          "middlemen, the direct channel, retailers, consumers, UMKM, shops, tourism "
          "businesses, PAD) less both governments' program cost; outsiders are memo rows.")),
    # rates per year after the warm-up (issue 15); they replace the run totals (RENAMED)
    _k("production_t_per_year", "t_year", "year", 0, "farmers",
       _t("Produksi per tahun", "Production per year"),
       _t("Produksi petani Blitar, per tahun.", "Blitar farmers' output, per year.")),
    _k("blitar_to_surabaya_t_per_year", "t_year", "year", 1, "consumers",
       _t("Pengiriman ke Surabaya per tahun", "Shipped to Surabaya per year"),
       _t("Barang Blitar yang dimuat ke Surabaya, per tahun.",
          "Blitar goods loaded for Surabaya, per year.")),
    _k("direct_channel_t_per_year", "t_year", "year", 0, "region",
       _t("Dibeli jalur langsung per tahun", "Bought by the direct channel per year"),
       _t("Barang yang dibeli jalur langsung, per tahun.",
          "Goods the direct channel buys, per year.")),
    # where the channel's goods go (issue 15, referee point 5): the MoU's purpose is supply to
    # Surabaya, but the channel ships by netback beyond its committed offtake
    _k("direct_channel_surabaya_share", "share", "none", 0, "direct_channel",
       _t("Pangsa jalur langsung ke Surabaya", "Direct channel's share sent to Surabaya"),
       _t("Bagian barang yang dibeli jalur langsung yang dimuat ke Surabaya (komoditas utama); "
          "sisanya dijual ke pasar lain. 0 bila jalur langsung tidak membeli.",
          "Share of what the direct channel buys that it loads for Surabaya (main commodity); "
          "the rest is sold in other markets. 0 when the channel buys nothing."),
       _t("Pasar lain membayar lebih baik dan komitmen pembeli Surabaya kecil.",
          "Other markets pay better and the Surabaya buyers' commitment is small.")),
    _k("middlemen_surabaya_share", "share", "none", 0, "middlemen",
       _t("Pangsa pengepul ke Surabaya", "Middlemen's share sent to Surabaya"),
       _t("Bagian barang yang dibeli pengepul yang dimuat ke Surabaya (komoditas utama).",
          "Share of what middlemen buy that they load for Surabaya (main commodity)."),
       _t("Pasar lain membayar lebih baik.", "Other markets pay better.")),
    _k("waste_t_per_year", "t_year", "year", -1, "region",
       _t("Susut dan busuk per tahun", "Waste and spoilage per year"),
       _t("Semua susut termodelkan: di petani, pecah di jalan, busuk di truk dan di pasar, per "
          "tahun.",
          "Every modelled loss: on farms, broken on the road, spoiled on trucks and at the "
          "market, per year."),
       _TRANSIT),
    _k("waste_surabaya_bound_t_per_year", "t_year", "year", -1, "region",
       _t("Susut barang tujuan Surabaya per tahun", "Waste of Surabaya-bound goods per year"),
       _t("Bagian susut setelah dimuat ke Surabaya: pecah, busuk di truk dan di pasar.",
          "The part of waste after loading for Surabaya: breakage, spoilage on trucks and at "
          "the market."),
       _TRANSIT),
    _k("pad_surabaya_rp_per_year", "rp_year", "year", 1, "surabaya",
       _t("PAD Surabaya dari sumber termodelkan per tahun",
          "Surabaya PAD from modelled sources per year"),
       _t("Pajak wisata, retribusi pasar dan pungutan UMKM di Surabaya, per tahun.",
          "Tourism taxes, market fees and UMKM levies in Surabaya, per year.")),
    _k("pad_blitar_rp_per_year", "rp_year", "year", 1, "blitar",
       _t("PAD Blitar dari sumber termodelkan per tahun",
          "Blitar PAD from modelled sources per year"),
       _t("Pajak wisata dan pungutan UMKM di Blitar, per tahun.",
          "Tourism taxes and UMKM levies in Blitar, per year.")),
    _k("umkm_sales_in_surabaya_rp_per_year", "rp_year", "year", 1, "umkm",
       _t("Penjualan UMKM Blitar di Surabaya per tahun",
          "Blitar UMKM sales in Surabaya per year"),
       _t("Penjualan UMKM Blitar kepada pembeli Surabaya, per tahun.",
          "Blitar UMKM sales to Surabaya buyers, per year.")),
    _k("umkm_trained_per_year", "people_year", "year", 1, "umkm",
       _t("UMKM dilatih per tahun", "UMKM trained per year"),
       _t("Kursus yang selesai, per tahun.", "Courses completed, per year.")),
    _k("blitar_visits_per_year", "visits_year", "year", 1, "tourism",
       _t("Kunjungan ke Blitar per tahun", "Visits to Blitar per year"),
       _t("Kunjungan wisatawan ke Blitar, per tahun.", "Tourist visits to Blitar, per year.")),
    _k("blitar_visits_from_surabaya_per_year", "visits_year", "year", 1, "tourism",
       _t("Kunjungan lanjutan dari Surabaya per tahun", "Visits from Surabaya per year"),
       _t("Wisatawan Surabaya yang melanjutkan ke Blitar, per tahun.",
          "Surabaya visitors who continue to Blitar, per year.")),
    _k("surabaya_visits_per_year", "visits_year", "year", 0, "tourism",
       _t("Kunjungan ke Surabaya per tahun", "Visits to Surabaya per year"),
       _t("Kunjungan wisatawan ke Surabaya, per tahun.", "Tourist visits to Surabaya, per year.")),
    _k("tourist_spending_blitar_rp_per_year", "rp_year", "year", 1, "tourism",
       _t("Belanja wisatawan di Blitar per tahun", "Tourist spending in Blitar per year"),
       _t("Belanja wisatawan di Blitar, per tahun.", "Tourist spending in Blitar, per year.")),
    # run bookkeeping that compute_kpis also writes
    _k("days", "days", "none", 0, "model", _t("Hari simulasi", "Days simulated"),
       _t("Panjang simulasi.", "Length of the run.")),
    _k("scale", "number", "none", 0, "model", _t("Skala populasi", "Population scale"),
       _t("Bagian populasi yang disimulasikan.", "Share of the population simulated.")),
    _k("seed", "number", "none", 0, "model", _t("Seed", "Seed"),
       _t("Seed generator acak.", "Seed of the random generator.")),
)  # fmt: skip

KPIS: dict[str, KPI] = {k.key: k for k in _ENTRIES}

# base KPI -> label with the commodity's name; these KPIs also exist per commodity
PER_COMMODITY: dict[str, dict[str, str]] = {
    "farmer_income_mean_rp": _t("Pendapatan petani {commodity}", "Income of {commodity} farmers"),
    "farmer_income_rp_per_farmer_per_year": _t(
        "Pendapatan per petani {commodity}", "Income per {commodity} farmer"
    ),
    "farm_gate_price_rp_per_kg": _t(
        "Harga {commodity} di tingkat petani", "Farm-gate price of {commodity}"
    ),
    "waste_t_per_year": _t("Susut {commodity} per tahun", "Waste of {commodity} per year"),
    "waste_surabaya_bound_t_per_year": _t(
        "Susut {commodity} tujuan Surabaya per tahun",
        "Waste of Surabaya-bound {commodity} per year",
    ),
    "production_t_per_year": _t(
        "Produksi {commodity} per tahun", "Production of {commodity} per year"
    ),
    "blitar_to_surabaya_t_per_year": _t(
        "Pengiriman {commodity} ke Surabaya per tahun", "{commodity} shipped to Surabaya per year"
    ),
    "surabaya_retail_price_rp_per_kg": _t(
        "Harga eceran {commodity} Surabaya", "Surabaya retail price of {commodity}"
    ),
    "surabaya_price_cv": _t(
        "Gejolak harga {commodity} (KV)", "Price volatility of {commodity} (CV)"
    ),
    "direct_channel_surabaya_share": _t(
        "Pangsa {commodity} jalur langsung ke Surabaya",
        "Direct channel's share of {commodity} sent to Surabaya",
    ),
    "middlemen_surabaya_share": _t(
        "Pangsa {commodity} pengepul ke Surabaya",
        "Middlemen's share of {commodity} sent to Surabaya",
    ),
}
COMMODITIES: dict[str, dict[str, str]] = {
    "eggs": _t("telur", "eggs"),
    "chili": _t("cabai rawit", "chili"),
    "milk": _t("susu segar", "milk"),  # scenarios/three_commodities.toml
}


# run totals removed after 0.2.0 -> the rate per year after the warm-up that replaces each
# (issue 15; CHANGELOG); "<c>_" stands for each commodity
_RATES = (
    "production_t", "blitar_to_surabaya_t", "direct_channel_t", "waste_t",
    "program_spending_rp", "pad_surabaya_rp", "pad_blitar_rp", "umkm_revenue_rp",
    "umkm_sales_in_surabaya_rp", "umkm_trained", "blitar_visits", "blitar_visits_from_surabaya",
    "surabaya_visits", "tourist_spending_blitar_rp",
)  # fmt: skip
# keys no longer written: old -> new (CHANGELOG); asking for an old key is an error that names
# the new one (:func:`unknown_kpi`), so no name silently changes its meaning
RENAMED = {
    "farmer_income_total_rp_per_year": "farmers_income_rp_per_year",
    "<c>_farmer_income_rp_per_year": "<c>_farmer_income_rp_per_farmer_per_year",
    **{total: f"{total}_per_year" for total in _RATES},
    **{f"<c>_{total}": f"<c>_{total}_per_year"
       for total in ("production_t", "blitar_to_surabaya_t", "waste_t")},
}  # fmt: skip
# still written with their meaning, to be removed (CHANGELOG): the pooled farmer mean mixes egg
# and chili farmers, whose numbers differ sevenfold
DEPRECATED = ("farmer_income_mean_rp",)


def renamed(key: str) -> str | None:
    """The key that replaced ``key`` (a per-commodity key gives its commodity's), or None."""
    if key in RENAMED:
        return RENAMED[key]
    for old, new in RENAMED.items():
        if old.startswith("<c>_") and key.endswith(old[3:]) and len(key) > len(old) - 3:
            commodity = key[: -len(old) + 3]
            if commodity in COMMODITIES:
                return new.replace("<c>", commodity)
    return None


def unknown_kpi(key: str) -> str:
    """The end of the one-line message for a KPI name the model does not report: the name
    that replaced it, if it was renamed."""
    new = renamed(key)
    if new is None:
        return ""
    return f" (renamed to {new!r}: a rate per year after the warm-up; see CHANGELOG)"


def split(key: str) -> tuple[str | None, str]:
    """(commodity, base KPI) of a per-commodity key, (None, key) otherwise."""
    if key in KPIS:
        return None, key
    for base in PER_COMMODITY:
        if key.endswith("_" + base):
            return key[: -len(base) - 1], base
    return None, key


def get(key: str) -> KPI | None:
    """The registry entry of ``key`` (per-commodity keys give their base KPI), or None."""
    return KPIS.get(split(key)[1])


def commodity_label(name: str, lang: str) -> str:
    return COMMODITIES[name][lang] if name in COMMODITIES else name


def label(key: str, lang: str) -> str:
    """The KPI's name in ``lang``; per-commodity KPIs name the commodity; unknown keys as is."""
    commodity, base = split(key)
    if commodity is not None:
        return PER_COMMODITY[base][lang].format(commodity=commodity_label(commodity, lang))
    entry = KPIS.get(key)
    return entry.label[lang] if entry else key


def unit_kind(key: str) -> str:
    entry = get(key)
    return entry.unit if entry else "number"


def direction(key: str) -> int:
    """+1 more is better, -1 less is better, 0 neither (unknown keys: 0)."""
    entry = get(key)
    return entry.direction if entry else 0


def description(key: str, lang: str) -> str:
    entry = get(key)
    return entry.description[lang] if entry else ""


def why_worse(key: str, lang: str) -> str:
    """The mechanism sentence for a deterioration of ``key`` (empty if the registry has none)."""
    entry = get(key)
    return entry.worse.get(lang, "") if entry else ""


def unit_text(key: str, lang: str, days: str = "?") -> str:
    """The unit of ``key``: "Rp/petani/tahun", "ton, 365 hari" (``days`` already formatted)."""
    return UNITS[unit_kind(key)][lang][0].format(days=days)


def unit_phrase(key: str, lang: str, days: str = "?") -> str:
    """Words that follow a value of ``key`` in a sentence: "per petani per tahun"."""
    return UNITS[unit_kind(key)][lang][1].format(days=days)


def verdict(key: str, diff: float) -> int:
    """+1 if a change ``diff`` is an improvement, -1 a deterioration, 0 neither."""
    d = direction(key)
    if d == 0 or diff == 0 or diff != diff:
        return 0
    return 1 if (diff > 0) == (d > 0) else -1


# whom a group of KPIs concerns, in words (the brief's "who gains, who loses")
GROUP_LABELS: dict[str, dict[str, str]] = {
    "farmers": _t("Petani Blitar", "Blitar farmers"),
    "consumers": _t("Pembeli di Surabaya", "Buyers in Surabaya"),
    "umkm": _t("UMKM Blitar", "Blitar UMKM"),
    "tourism": _t("Usaha wisata Blitar", "Blitar tourism businesses"),
    "surabaya": _t("Pemerintah Kota Surabaya", "Surabaya city government"),
    "blitar": _t("Pemerintah Kabupaten Blitar", "Blitar regency government"),
    "region": _t("Kedua daerah", "Both regions"),
    "model": _t("Model", "Model"),
    "middlemen": _t("Pengepul (warga Blitar)", "Middlemen (Blitar residents)"),
    "direct_channel": _t("Jalur langsung", "Direct channel"),
    "retailers": _t("Pengecer Surabaya", "Surabaya retailers"),
    "retailers_other_origins": _t(
        "Pengecer Surabaya (barang asal lain)", "Surabaya retailers (other origins' goods)"
    ),
    "other_origins": _t("Pemasok dari daerah asal lain", "Sellers from other origins"),
    "other_markets_buyers": _t("Pembeli di pasar lain", "Buyers in other markets"),
    "visitors": _t("Wisatawan (paket terpadu)", "Visitors (integrated packages)"),
    "outside_sellers": _t("Toko dan jaringan ritel (bukan UMKM)", "Shops and chains (not UMKM)"),
    "governments": _t("Kedua pemerintah (PAD)", "Both governments (PAD)"),
    "net": _t("Kesejahteraan bersih, semua pihak", "Net welfare, all parties"),
    "net_two_regions": _t(
        "Kesejahteraan bersih, Surabaya dan Blitar", "Net welfare, Surabaya and Blitar"
    ),
}
# the KPI that stands for each group's gain or loss when the folder has no incidence.csv;
# the governments' net balance (PAD back minus spending) is computed by the brief
INCIDENCE_HEADLINES: dict[str, str] = {
    "farmers": "farmer_income_mean_rp",
    "consumers": "surabaya_retail_price_rp_per_kg",
    "umkm": "umkm_revenue_rp_per_year",
    "tourism": "tourist_spending_blitar_rp_per_year",
}


def group_label(group: str, lang: str) -> str:
    return GROUP_LABELS[group][lang] if group in GROUP_LABELS else group
