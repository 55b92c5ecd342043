"""Short names of the scenario parameters for a reader, by the schema's generic key.

``ID`` names every numeric parameter of :mod:`sim.config.schema` in Indonesian, as a Bappeda
planner would write it in a planning document; ``EN`` gives an English short name only where
the schema description's first clause is a poor name (it does not say which program, region
or government, is cut off, or is a formula); other English names stay the description's.
Keys are the schema's generic keys, with ``<name>`` for a map entry
(``commodities.<name>.shelf_life_days``); :func:`name` appends the entry (the commodity,
sector or event) in brackets, in the reader's language where the project has a name for it.

The Indonesian names are the project's own translations and have not yet been checked by a
native speaker. Keys that are not numbers (switches, dates, rules) have none: an Indonesian
text names them by their key.

:func:`sim.brief.text.param_name` (and through it :func:`sim.plots.figures.param_name`) uses
this table; an explicit ``param.<key>`` entry of :mod:`sim.plots.i18n` still wins.
"""

from __future__ import annotations

from sim.config.schema import SCHEMA, MapOf, Param, map_entries
from sim.metrics.registry import commodity_label
from sim.plots import i18n

_PROGRAMS = {  # the programs' names inside a parameter's name
    "logistics_subsidy": ("subsidi logistik", "logistics subsidy"),
    "direct_channel": ("jalur langsung", "direct channel"),
    "information_system": ("sistem informasi terpadu", "information system"),
    "training": ("pelatihan UMKM", "UMKM training"),
    "promotion": ("promosi wisata bersama", "joint tourism promotion"),
    "internet": ("infrastruktur internet", "internet infrastructure"),
    "market_access": ("akses pasar UMKM", "UMKM market access"),
    "monitoring": ("monev bersama", "joint monitoring"),
    "cultural_events": ("acara budaya lintas daerah", "cross-regional cultural events"),
    "road": ("perbaikan jalan", "road improvement"),
}
_GOVERNMENTS = {"surabaya": "Pemkot Surabaya", "blitar": "Pemkab Blitar"}
_REGIONS = {
    "market_region": ("daerah pasar", "market region"),
    "producer_region": ("daerah produsen", "producer region"),
}

# Names of the keys that every region, government and program has, in both languages ("{}"
# takes the region's, government's or program's name): the same key's two names side by side
_PER_REGION = {
    "population": (
        "Jumlah penduduk {}",
        "Population, {}",
    ),
    "income_per_capita_rp": (
        "PDRB per kapita {}",
        "Per-capita income (PDRB), {}",
    ),
    "modelled_value_added_reference_rp_per_year": (
        "Nilai tambah acuan agen model, {}",
        "Reference value added of the modelled agents, {}",
    ),
}
_PER_GOVERNMENT = {
    "realisation_rate": (
        "Tingkat realisasi anggaran {}",
        "Budget realisation rate, {}",
    ),
    "startup_delay_days": (
        "Jeda persiapan program {}",
        "Program start-up delay, {}",
    ),
    "coordination_quality": (
        "Kualitas koordinasi OPD {}",
        "OPD coordination quality, {}",
    ),
    "extra_startup_delay_days_without_coordination": (
        "Tambahan jeda persiapan tanpa koordinasi, {}",
        "Extra start-up delay without coordination, {}",
    ),
    "unrealised_share_without_coordination": (
        "Porsi realisasi yang hilang tanpa koordinasi, {}",
        "Realisation share lost without coordination, {}",
    ),
    "max_program_share_of_apbd": (
        "Batas porsi APBD untuk program bersama, {}",
        "Largest share of APBD for joint programs, {}",
    ),
    "apbd_rp_per_year": (
        "Belanja APBD {}",
        "APBD spending, {}",
    ),
}
_PER_PROGRAM = {
    "budget_rp_per_year": (
        "Anggaran tahunan {}",
        "Annual budget of the {}",
    ),
    "surabaya_cost_share": (
        "Porsi Surabaya dalam biaya {}",
        "Surabaya's share of the {} cost",
    ),
}
_GOVERNMENT_NAMES = {gov: (who, who) for gov, who in _GOVERNMENTS.items()}


def _each(prefix: str, templates: dict, names: dict, lang: str) -> dict[str, str]:
    """The keys ``prefix.format(part) + "." + suffix`` of every entity (``names``: key part ->
    (Indonesian, English) name) and suffix of ``templates``, named in ``lang``."""
    k = 0 if lang == "id" else 1
    return {
        f"{prefix.format(part)}.{suffix}": texts[k].format(words[k])
        for part, words in names.items()
        for suffix, texts in templates.items()
    }


ID: dict[str, str] = {
    # ------------------------------------------------------------------ run
    "run.warmup_days": "Masa pemanasan simulasi",
    "run.days": "Lama simulasi",
    "run.seed": "Benih (seed) bilangan acak",
    "run.scale": "Skala populasi simulasi",
    # ------------------------------------------------------------------ regions
    **_each("{}", _PER_REGION, _REGIONS, "id"),
    # ------------------------------------------------------------------ governments
    **_each("governments.{}", _PER_GOVERNMENT, _GOVERNMENT_NAMES, "id"),
    # ------------------------------------------------------------------ transport, market
    "transport.distance_km": "Jarak jalan sentra produksi–Surabaya",
    "transport.base_speed_kmh": "Kecepatan rata-rata truk",
    "transport.road_quality": "Kualitas jalan",
    "transport.driving_hours_per_day": "Jam mengemudi truk per hari",
    "transport.freight_rp_per_kg": "Biaya angkut ke Surabaya per kg",
    "transport.fuel_share_of_freight": "Porsi BBM dalam biaya angkut",
    "transport.fuel_price_index": "Indeks harga BBM",
    "transport.breakage_road_sensitivity": "Kepekaan kerusakan barang terhadap kondisi jalan",
    "transport.max_transit_days": "Lama perjalanan kiriman terpanjang",
    "information.lag_days": "Jeda informasi harga tanpa sistem informasi",
    "information.expectation_weight": "Bobot harga terbaru dalam perkiraan harga pengirim",
    "information.noise_sd": "Galat informasi harga tanpa sistem informasi",
    "market.market_fee_share": "Tarif retribusi pasar Surabaya",
    # ------------------------------------------------------------------ every program
    **_each("programs.{}", _PER_PROGRAM, _PROGRAMS, "id"),
    # ------------------------------------------------------------------ program levers
    "programs.logistics_subsidy.subsidy_rp_per_kg": "Subsidi logistik per kg",
    "programs.direct_channel.operating_cost_rp_per_kg_capacity": (
        "Biaya operasi harian jalur langsung per kg kapasitas harian"
    ),
    "programs.direct_channel.margin_rp_per_kg": "Marjin jalur langsung per kg",
    "programs.direct_channel.enrolment_fill_ratio": "Batas keterisian kapasitas jalur langsung",
    "programs.direct_channel.margin_spillover": "Imbas jalur langsung pada marjin pengepul",
    "programs.direct_channel.surabaya_offtake_share": "Porsi serapan pembeli Surabaya menurut MoU",
    "programs.direct_channel.reach_memory_days": "Masa perataan jangkauan jalur langsung",
    "programs.information_system.operating_cost_rp_per_year": (
        "Biaya operasi sistem informasi per tahun"
    ),
    "programs.information_system.lag_days": "Jeda informasi harga dengan sistem informasi",
    "programs.information_system.noise_sd": "Galat informasi harga dengan sistem informasi",
    "programs.information_system.coverage": "Porsi pengepul pengguna sistem informasi",
    "programs.information_system.farmer_reach": "Porsi petani penerima informasi harga",
    "programs.information_system.cost_rp_per_farmer_per_year": (
        "Biaya informasi harga per petani per tahun"
    ),
    "programs.information_system.lag_days_added_without_coordination": (
        "Tambahan jeda informasi harga tanpa koordinasi"
    ),
    "programs.information_system.farmer_bargaining_share": (
        "Porsi marjin pengepul yang ditawar petani"
    ),
    "programs.training.places_per_month": "Kursi pelatihan per bulan",
    "programs.training.cost_rp_per_place": "Biaya per kursi pelatihan",
    "programs.training.targeting_noise_sd": "Ketidaktepatan sasaran pelatihan",
    "programs.training.completion_rate": "Porsi peserta yang menuntaskan pelatihan",
    "programs.training.literacy_gain": (
        "Porsi kesenjangan literasi digital yang tertutup per pelatihan"
    ),
    "programs.training.quality_gain": "Porsi kesenjangan mutu produk yang tertutup per pelatihan",
    "programs.training.legality_probability": "Peluang peserta tanpa NIB memperoleh NIB",
    "programs.promotion.effect_per_day": "Kenaikan kesadaran harian terbesar dari promosi",
    "programs.promotion.half_saturation_rp_per_day": (
        "Belanja promosi harian untuk 63% efek terbesar"
    ),
    "programs.promotion.package_extra_nights": "Tambahan malam menginap di Blitar per paket",
    "programs.promotion.package_cost_rp_per_visitor": (
        "Biaya paket wisata terpadu per wisatawan pengguna"
    ),
    "programs.promotion.package_uptake": "Porsi wisatawan Surabaya pemegang paket terpadu",
    "programs.internet.investment_rp": "Investasi infrastruktur internet",
    "programs.internet.coverage_after": "Cakupan internet UMKM Blitar setelah program",
    "programs.market_access.outlet_places": "Jumlah tempat gerai/pameran Surabaya bagi UMKM Blitar",
    "programs.market_access.untargeted_share_without_coordination": (
        "Porsi tempat gerai tak tepat sasaran tanpa koordinasi"
    ),
    "programs.market_access.epeken_places": "Kuota UMKM Blitar di e-Peken",
    "programs.market_access.cost_rp_per_outlet_place_per_day": "Biaya satu tempat gerai per hari",
    "programs.market_access.epeken_operating_cost_rp_per_year": (
        "Biaya pembukaan e-Peken bagi UMKM Blitar per tahun"
    ),
    "programs.monitoring.interval_days": "Selang waktu monev bersama",
    "programs.monitoring.cost_rp_per_review": "Biaya satu kali monev bersama",
    "programs.monitoring.gap_closed_per_review": (
        "Porsi kesenjangan koordinasi yang tertutup per monev"
    ),
    "programs.monitoring.relapse_per_day": "Laju harian pudarnya hasil monev",
    "programs.cultural_events.events.<name>.days": "Lama acara budaya",
    "programs.cultural_events.events.<name>.cost_rp": "Biaya satu kali acara budaya",
    "programs.cultural_events.events.<name>.visits_uplift": (
        "Kenaikan relatif kunjungan wisata saat acara"
    ),
    "programs.cultural_events.events.<name>.awareness_boost": (
        "Kenaikan kesadaran wisatawan per hari acara"
    ),
    "programs.road.investment_rp": "Investasi perbaikan jalan",
    "programs.road.road_quality_after": "Kualitas jalan setelah perbaikan",
    # ------------------------------------------------------------------ commodities
    "commodities.<name>.farmers": "Jumlah petani",
    "commodities.<name>.output_t_per_year": "Produksi per tahun",
    "commodities.<name>.farm_size_sigma": "Sebaran ukuran usaha tani",
    "commodities.<name>.output_noise_sd": "Fluktuasi harian produksi",
    "commodities.<name>.seasonal_amplitude": "Amplitudo musiman produksi",
    "commodities.<name>.seasonal_peak_day_of_year": "Hari puncak produksi dalam setahun",
    "commodities.<name>.shelf_life_days": "Umur simpan tanpa pendingin",
    "commodities.<name>.production_cost_rp_per_kg": "Biaya produksi per kg",
    "commodities.<name>.cost_heterogeneity_sd": "Keragaman efisiensi biaya antarpetani",
    "commodities.<name>.input_cost_index": "Indeks biaya input produksi",
    "commodities.<name>.shock_probability_per_day": "Peluang harian serangan penyakit",
    "commodities.<name>.shock_capacity_loss": (
        "Porsi kapasitas yang hilang akibat serangan penyakit"
    ),
    "commodities.<name>.shock_recovery_days": "Lama pemulihan setelah serangan penyakit",
    "commodities.<name>.capacity_review_days": "Selang waktu tinjauan kapasitas petani",
    "commodities.<name>.capacity_adjust_rate": "Perubahan relatif kapasitas terbesar per tinjauan",
    "commodities.<name>.normal_margin": "Marjin laba normal petani",
    "commodities.<name>.capacity_floor": "Batas bawah kapasitas petani",
    "commodities.<name>.capacity_ceiling": "Batas atas kapasitas petani",
    "commodities.<name>.farmers_per_trader": "Jumlah petani per pengepul",
    "commodities.<name>.truck_capacity_multiple": "Kelipatan kapasitas beli harian pengepul",
    "commodities.<name>.trader_margin_max_rp_per_kg": "Marjin tertinggi pengepul per kg",
    "commodities.<name>.trader_margin_min_rp_per_kg": "Marjin terendah pengepul per kg",
    "commodities.<name>.margin_adjust_rate": "Laju penyesuaian marjin pengepul",
    "commodities.<name>.wholesale_reference_price_rp_per_kg": "Harga grosir acuan Surabaya",
    "commodities.<name>.retail_markup": "Rasio harga eceran terhadap harga grosir",
    "commodities.<name>.price_floor_fraction": "Harga grosir terendah terhadap harga acuan",
    "commodities.<name>.reservation_fresh_fraction": (
        "Harga penawaran barang segar terhadap harga acuan"
    ),
    "commodities.<name>.price_ceiling_fraction": "Harga grosir tertinggi terhadap harga acuan",
    "commodities.<name>.elsewhere_price_rp_per_kg": "Harga bersih rata-rata pengepul di pasar lain",
    "commodities.<name>.elsewhere_price_flexibility": (
        "Kepekaan harga pasar lain terhadap pasokan Blitar"
    ),
    "commodities.<name>.elsewhere_quantity_memory_days": "Masa penyesuaian harga pasar lain",
    "commodities.<name>.elsewhere_price_sd": "Gejolak harian harga pasar lain",
    "commodities.<name>.elsewhere_price_persistence": "Persistensi harga pasar lain",
    "commodities.<name>.surabaya_share_at_parity": "Porsi kiriman ke Surabaya pada harga setara",
    "commodities.<name>.ship_sensitivity": "Kepekaan pengiriman ke Surabaya terhadap harga",
    "commodities.<name>.per_capita_demand_kg_per_year": "Konsumsi per kapita Surabaya per tahun",
    "commodities.<name>.demand_elasticity": "Elastisitas harga permintaan Surabaya",
    "commodities.<name>.blitar_share_of_surabaya_supply": "Pangsa Blitar dalam pasokan Surabaya",
    "commodities.<name>.other_supply_elasticity": "Elastisitas pasokan daerah asal lain",
    "commodities.<name>.ramadan_demand_multiplier": "Pengali permintaan saat Ramadan",
    "commodities.<name>.lebaran_demand_multiplier": "Pengali permintaan menjelang Lebaran",
    "commodities.<name>.christmas_newyear_demand_multiplier": (
        "Pengali permintaan Natal dan Tahun Baru"
    ),
    "commodities.<name>.weekend_demand_multiplier": "Pengali permintaan akhir pekan",
    "commodities.<name>.demand_noise_sd": "Gejolak harian permintaan Surabaya",
    "commodities.<name>.demand_noise_persistence": "Persistensi gejolak permintaan",
    "commodities.<name>.demand_shock_multiplier": "Pengali guncangan permintaan",
    "commodities.<name>.breakage_rate": "Porsi kiriman yang rusak di perjalanan",
    "commodities.<name>.channel_review_days": "Selang waktu tinjauan saluran penjualan petani",
    "commodities.<name>.channel_switch_sensitivity": "Kepekaan petani berpindah saluran penjualan",
    "commodities.<name>.channel_inertia_rp_per_kg": "Selisih harga pada peluang pindah saluran 50%",
    "commodities.<name>.market_holding_loss_per_day": (
        "Susut harian barang tak terjual di pasar Surabaya"
    ),
    "commodities.<name>.direct_channel_capacity_kg_per_day": ("Kapasitas beli jalur langsung"),
    # ------------------------------------------------------------------ UMKM
    "umkm.blitar_firms": "Jumlah UMKM Blitar",
    "umkm.surabaya_firms": "Jumlah UMKM pesaing di Surabaya",
    "umkm.blitar_capacity_rp_per_day": "Kapasitas penjualan rata-rata UMKM Blitar",
    "umkm.surabaya_capacity_rp_per_day": "Kapasitas penjualan rata-rata UMKM Surabaya",
    "umkm.capacity_sigma": "Sebaran ukuran UMKM",
    "umkm.fixed_cost_share_of_capacity": "Rasio biaya tetap harian terhadap kapasitas UMKM",
    "umkm.price_sigma": "Sebaran harga relatif antar-UMKM",
    "umkm.blitar_literacy_mean": "Literasi digital rata-rata UMKM Blitar",
    "umkm.surabaya_literacy_mean": "Literasi digital rata-rata UMKM Surabaya",
    "umkm.blitar_quality_mean": "Mutu produk rata-rata UMKM Blitar",
    "umkm.surabaya_quality_mean": "Mutu produk rata-rata UMKM Surabaya",
    "umkm.trait_concentration": "Keseragaman literasi dan mutu UMKM",
    "umkm.blitar_legal_share": "Porsi UMKM Blitar yang memiliki NIB",
    "umkm.surabaya_legal_share": "Porsi UMKM Surabaya yang memiliki NIB",
    "umkm.online_literacy_threshold": "Literasi digital minimum untuk berjualan daring",
    "umkm.blitar_internet_coverage": "Cakupan internet UMKM Blitar",
    "umkm.surabaya_internet_coverage": "Cakupan internet UMKM Surabaya",
    "umkm.quality_weight": "Bobot mutu dalam pilihan pembeli UMKM",
    "umkm.price_weight": "Bobot harga dalam pilihan pembeli UMKM",
    "umkm.epeken_visibility": "Visibilitas tambahan dari e-Peken",
    "umkm.epeken_mandated_buyers": "Jumlah ASN wajib belanja di e-Peken",
    "umkm.epeken_mandated_rp_per_buyer_per_month": "Kuota belanja e-Peken per ASN per bulan",
    "umkm.epeken_mandate_blitar_weight": "Bobot penjual Blitar dalam belanja wajib e-Peken",
    "umkm.epeken_seller_cap_rp_per_year": "Batas penjualan dari belanja wajib e-Peken per penjual",
    "umkm.selling_min_rp_per_month": "Ambang penjualan bulanan ke pembeli Surabaya",
    "umkm.online_visibility_without_epeken": "Visibilitas penjual daring Blitar tanpa e-Peken",
    "umkm.outlet_visibility": "Visibilitas UMKM Blitar di gerai/pameran Surabaya",
    "umkm.outside_option_utility": "Daya tarik belanja di luar UMKM",
    "umkm.blitar_household_spending_rp_per_person_per_day": (
        "Belanja barang jenis UMKM per orang per hari, Blitar"
    ),
    "umkm.surabaya_household_spending_rp_per_person_per_day": (
        "Belanja barang jenis UMKM per orang per hari, Surabaya"
    ),
    "umkm.literacy_decay_per_day": "Laju penurunan literasi digital",
    "umkm.quality_decay_per_day": "Laju pudarnya tambahan mutu produk",
    "umkm.exit_after_loss_months": "Bulan rugi berturut-turut sebelum UMKM tutup",
    "umkm.entry_probability_per_month": "Peluang bulanan masuknya usaha baru",
    "umkm.normal_profit_margin": "Marjin laba normal UMKM",
    "umkm.workers_per_firm": "Pekerja per UMKM",
    "umkm.employment_elasticity_to_sales": "Elastisitas tenaga kerja UMKM terhadap penjualan",
    "umkm.blitar_reference_utilisation": "Utilisasi acuan UMKM Blitar",
    "umkm.surabaya_reference_utilisation": "Utilisasi acuan UMKM Surabaya",
    "umkm.sectors.<name>.blitar_share": "Porsi sektor dalam UMKM Blitar",
    "umkm.sectors.<name>.surabaya_share": "Porsi sektor dalam UMKM Surabaya",
    "umkm.sectors.<name>.household_spending_share": "Porsi sektor dalam belanja UMKM rumah tangga",
    "umkm.sectors.<name>.souvenir_share": "Porsi sektor dalam belanja oleh-oleh wisatawan",
    "umkm.sectors.<name>.variable_cost_share": "Biaya variabel sektor per Rp penjualan",
    # ------------------------------------------------------------------ tourism, PAD
    "tourism.value_added_share": "Porsi nilai tambah dalam belanja wisatawan",
    "tourism.visitors_per_agent": "Wisatawan per agen model",
    "tourism.surabaya_visits_per_year": "Kunjungan wisata ke Surabaya per tahun",
    "tourism.blitar_direct_visits_per_year": "Kunjungan wisata langsung ke Blitar per tahun",
    "tourism.weekend_multiplier": "Pengali kunjungan akhir pekan",
    "tourism.holiday_multiplier": "Pengali kunjungan musim libur",
    "tourism.surabaya_overnight_share": "Porsi wisatawan Surabaya yang menginap",
    "tourism.surabaya_nights_mean": "Rata-rata lama menginap di Surabaya",
    "tourism.blitar_overnight_share": "Porsi wisatawan Blitar yang menginap",
    "tourism.blitar_nights_mean": "Rata-rata lama menginap di Blitar",
    "tourism.lodging_rp_per_night": "Belanja penginapan per malam di Surabaya",
    "tourism.food_rp_per_day": "Belanja makan per hari di Surabaya",
    "tourism.souvenir_rp_per_day": "Belanja oleh-oleh per hari di Surabaya",
    "tourism.attraction_rp_per_visit": "Belanja tiket tempat wisata per kunjungan",
    "tourism.blitar_price_level": "Tingkat harga Blitar terhadap Surabaya",
    "tourism.base_awareness": "Kesadaran dasar wisatawan Surabaya akan wisata Blitar",
    "tourism.awareness_decay_per_day": "Laju pudarnya kesadaran wisatawan",
    "tourism.word_of_mouth": "Efek promosi mulut ke mulut",
    "tourism.extension_logit": "Logit kunjungan lanjutan ke Blitar",
    "tourism.package_logit_bonus": "Tambahan logit bagi pemegang paket terpadu",
    "tourism.jobs_per_bn_rp_spending": "Lapangan kerja wisata per Rp 1 miliar belanja wisatawan",
    "tourism.travel_time_logit_per_h": "Penurunan logit per jam perjalanan ke Blitar",
    "pad.hotel_tax_share": "Tarif PBJT jasa perhotelan",
    "pad.restaurant_tax_share": "Tarif PBJT makanan dan minuman",
    "pad.attraction_fee_share": "Porsi belanja tiket wisata yang dipungut sebagai retribusi",
    "pad.umkm_tax_share": "Pungutan daerah per Rp penjualan UMKM",
}

EN: dict[str, str] = {
    "run.warmup_days": "Warm-up days",
    **_each("{}", _PER_REGION, _REGIONS, "en"),
    **_each("governments.{}", _PER_GOVERNMENT, _GOVERNMENT_NAMES, "en"),
    "transport.freight_rp_per_kg": "Freight cost to Surabaya per kg",
    "transport.breakage_road_sensitivity": "Sensitivity of breakage to road quality",
    "information.noise_sd": "Price information noise without the system",
    "market.market_fee_share": "Surabaya market fee (retribusi pasar)",
    **_each("programs.{}", _PER_PROGRAM, _PROGRAMS, "en"),
    "programs.direct_channel.margin_rp_per_kg": "Direct channel's margin per kg",
    "programs.direct_channel.enrolment_fill_ratio": "Direct channel's enrolment fill ratio",
    "programs.direct_channel.margin_spillover": "Direct channel's spillover on middlemen's margins",
    "programs.direct_channel.surabaya_offtake_share": "Surabaya buyers' offtake share (MoU)",
    "programs.direct_channel.reach_memory_days": "Memory of the direct channel's reach",
    "programs.information_system.lag_days_added_without_coordination": (
        "Extra price information lag without coordination"
    ),
    "programs.information_system.farmer_bargaining_share": (
        "Share of middlemen's margin informed farmers bargain away"
    ),
    "programs.training.targeting_noise_sd": "Noise in the training's targeting",
    "programs.promotion.package_uptake": "Share of Surabaya visitors holding a package",
    "programs.market_access.untargeted_share_without_coordination": (
        "Share of outlet places untargeted without coordination"
    ),
    "programs.market_access.epeken_places": "e-Peken places for Blitar UMKM",
    "programs.cultural_events.events.<name>.cost_rp": "Cost of one occurrence of the event",
    "programs.cultural_events.events.<name>.visits_uplift": "Extra arrivals during the event",
    "programs.cultural_events.events.<name>.awareness_boost": (
        "Daily awareness gain during the event"
    ),
    "commodities.<name>.shock_recovery_days": "Recovery time after a disease shock",
    "commodities.<name>.truck_capacity_multiple": "Middleman's daily buying capacity multiple",
    "commodities.<name>.wholesale_reference_price_rp_per_kg": (
        "Surabaya wholesale reference price"
    ),
    "commodities.<name>.reservation_fresh_fraction": (
        "Asking price of fresh goods, share of reference"
    ),
    "commodities.<name>.elsewhere_price_flexibility": "Other markets' price flexibility",
    "commodities.<name>.surabaya_share_at_parity": "Share shipped to Surabaya at price parity",
    "commodities.<name>.blitar_share_of_surabaya_supply": "Blitar's share of Surabaya's supply",
    "information.expectation_weight": "Weight of the newest price in shippers' expectations",
    "programs.direct_channel.operating_cost_rp_per_kg_capacity": (
        "Direct channel's operating cost per kg of capacity"
    ),
    "programs.information_system.cost_rp_per_farmer_per_year": (
        "Cost of the price messages per farmer per year"
    ),
    "programs.training.literacy_gain": "Share of the digital literacy gap closed per course",
    "programs.promotion.package_extra_nights": "Extra nights in Blitar per package",
    "programs.monitoring.relapse_per_day": "Daily loss of the coordination gained by reviews",
    "programs.road.investment_rp": "Road improvement investment",
    "commodities.<name>.shock_probability_per_day": "Daily probability of a disease shock",
    "commodities.<name>.normal_margin": "Farmers' normal profit margin",
    "commodities.<name>.margin_adjust_rate": "Middlemen's margin adjustment rate",
    "commodities.<name>.price_floor_fraction": "Wholesale price floor, share of reference",
    "commodities.<name>.price_ceiling_fraction": "Wholesale price ceiling, multiple of reference",
    "commodities.<name>.elsewhere_quantity_memory_days": "Memory of the other markets' price",
    "commodities.<name>.elsewhere_price_sd": "Daily volatility of the other markets' price",
    "commodities.<name>.per_capita_demand_kg_per_year": "Surabaya consumption per person",
    "commodities.<name>.breakage_rate": "Share of a shipment lost to breakage",
    "commodities.<name>.channel_switch_sensitivity": "Farmers' sensitivity in switching channel",
    "commodities.<name>.channel_inertia_rp_per_kg": "Price advantage for switching channel",
    "commodities.<name>.market_holding_loss_per_day": "Daily loss of goods held at the market",
    "commodities.<name>.direct_channel_capacity_kg_per_day": "Direct channel's buying capacity",
    "umkm.online_visibility_without_epeken": "Visibility of Blitar online sellers without e-Peken",
    "umkm.outlet_visibility": "Visibility of Blitar firms in Surabaya outlets",
    "umkm.blitar_household_spending_rp_per_person_per_day": (
        "Spending on UMKM-type goods per person per day, Blitar"
    ),
    "umkm.surabaya_household_spending_rp_per_person_per_day": (
        "Spending on UMKM-type goods per person per day, Surabaya"
    ),
    "umkm.literacy_decay_per_day": "Daily decay of digital literacy",
    "umkm.quality_decay_per_day": "Daily decay of the quality gained in training",
    "umkm.normal_profit_margin": "UMKM normal profit margin",
    "umkm.sectors.<name>.household_spending_share": "Sector's share of households' UMKM spending",
    "umkm.sectors.<name>.souvenir_share": "Sector's share of tourists' souvenir spending",
    "tourism.base_awareness": "Base awareness of Blitar among Surabaya visitors",
    "tourism.word_of_mouth": "Awareness gained by word of mouth",
    "umkm.epeken_visibility": "Visibility added by an e-Peken listing",
    "umkm.epeken_mandated_buyers": "Civil servants mandated to buy on e-Peken",
    "umkm.epeken_mandate_blitar_weight": "Weight of Blitar sellers in the e-Peken mandate",
    "umkm.selling_min_rp_per_month": "Monthly sales to count as selling in Surabaya",
    "umkm.entry_probability_per_month": "Monthly entry probability of a vacant slot",
    "umkm.blitar_reference_utilisation": "Reference utilisation of Blitar UMKM",
    "umkm.surabaya_reference_utilisation": "Reference utilisation of Surabaya UMKM",
    "tourism.value_added_share": "Value-added share of tourists' spending",
    "tourism.jobs_per_bn_rp_spending": "Tourism jobs per Rp 1 bn of tourists' spending",
}

NAMES = {"id": ID, "en": EN}


def generic_key(key: str) -> str | None:
    """The schema's key of a concrete dotted key, with ``<name>`` for each map entry
    (``commodities.<name>.shelf_life_days`` for ``commodities.eggs.shelf_life_days``), or None
    for a key that is not a parameter of the schema (the walk of
    :func:`sim.config.schema.param_for`)."""
    node, parts = SCHEMA, []
    for part in key.split("."):
        if isinstance(node, MapOf):
            node = node.entry  # this part names an entry
            parts.append("<name>")
        elif isinstance(node, dict) and part in node:
            node = node[part]
            parts.append(part)
        else:
            return None
    return ".".join(parts) if isinstance(node, Param) else None


# The shipped scenarios' UMKM sectors and cultural events in Indonesian (English keeps the key,
# which names them already); a sector or event a user adds keeps its key in both
ENTRIES_ID = {
    "food": "makanan & minuman olahan",
    "crafts": "kerajinan",
    "fashion": "batik & konveksi",
    "bulan_bung_karno": "Bulan Bung Karno",
    "grebeg_pancasila": "Grebeg Pancasila",
    "sccf_blitar_pavilion": "paviliun Blitar di Surabaya Cross Culture Festival",
}


def entry_name(entry: str, lang: str) -> str:
    """A map entry (commodity, sector or event) in ``lang``: the commodity's name where the
    project has one (eggs: telur), a shipped sector's or event's in Indonesian
    (:data:`ENTRIES_ID`), else the entry as it is."""
    if lang == "id" and entry in ENTRIES_ID:
        return ENTRIES_ID[entry]
    return commodity_label(entry, lang)


def name(key: str, lang: str) -> str | None:
    """A parameter's short name in ``lang``: its explicit translation (``param.<key>`` in
    :mod:`sim.plots.i18n`), else its name in this table with the map entries it belongs to in
    brackets; None when neither has one (the caller falls back)."""
    if i18n.has(f"param.{key}"):
        return i18n.tr(f"param.{key}", lang)
    generic = generic_key(key)
    text = NAMES.get(lang, {}).get(generic) if generic is not None else None
    if text is None:
        return None
    entries = map_entries(key)
    return f"{text} ({', '.join(entry_name(e, lang) for e in entries)})" if entries else text
