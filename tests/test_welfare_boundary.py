def test_the_brief_names_both_aggregates_and_their_difference():
    from sim.brief.prose import _headline_groups
    from sim.brief.sections import boundary_sentence

    def row(kpi, diff, verdict):
        return {"kpi": kpi, "diff": diff, "verdict": verdict}

    rows = [row("farmers_income_rp_per_year", 5e9, 1), row(NET_WELFARE, -2e9, -1),
            row(NET_WELFARE_TWO_REGIONS, 4.8e10, 1)]  # fmt: skip
    head, _ = _headline_groups(rows)
    assert [r["kpi"] for r in head[:2]] == [NET_WELFARE_TWO_REGIONS, NET_WELFARE]
    study = SimpleNamespace(days=365)
    for lang in ("id", "en"):
        text = boundary_sentence(study, rows, lang)
        assert "48" in text and "2" in text and "50" in text, text  # +48, -2, the -50 between
    assert boundary_sentence(study, rows[:2], "en") == ""
