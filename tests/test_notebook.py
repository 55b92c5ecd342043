"""examples/quickstart.ipynb runs from top to bottom and produces what its text promises."""

import os
import re
from pathlib import Path

import pandas as pd
import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"
COMPARED = ("farmer_income_mean_rp", "surabaya_retail_price_rp_per_kg", "blitar_to_surabaya_t_per_year",
            "program_spending_rp_per_year", "williamson_index")  # fmt: skip


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def kernel_env(tmp: Path) -> dict:
    """The kernel imports this checkout's `sim` first (as an editable install would) and
    writes its temporary folder under ``tmp``."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=path, TMPDIR=str(tmp), MPLBACKEND="agg")


def outputs_text(cell) -> str:
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook executed in a fresh kernel started in examples/, plus the file of the
    `sim` package that kernel imported."""
    tmp = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})  # fmt: skip
    probe = nbformat.v4.new_code_cell("import sim; print(sim.__file__)")
    nb.cells.append(probe)  # asks the same kernel afterwards; removed below
    with pytest.MonkeyPatch.context() as mp:
        # no user-level "python3" kernelspec: the kernel is this interpreter (ipykernel's own)
        mp.setenv("JUPYTER_DATA_DIR", str(tmp / "jupyter"))
        with client.setup_kernel(env=kernel_env(tmp)):
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
    nb.cells.pop()
    return nb, outputs_text(probe).strip(), tmp


def test_notebook_runs_without_errors_on_this_checkout(executed):
    nb, sim_file, _ = executed
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]  # fmt: skip
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    assert Path(sim_file).resolve() == (ROOT / "sim" / "__init__.py").resolve()


def results_folder(nb, tmp: Path) -> Path:
    text = "\n".join(outputs_text(c) for c in nb.cells if c.cell_type == "code")
    m = re.search(r"results go to (\S+)", text)
    assert m, "the first cell names its results folder"
    folder = Path(m.group(1))
    assert folder.is_relative_to(tmp), "results go to a temporary folder, not the repository"
    return folder


def test_comparison_table_has_the_kpis_and_the_mou_spends(executed):
    nb, _, tmp = executed
    shown = [c for c in nb.cells if c.cell_type == "code" and "comparison" in c.source]
    assert shown and all(k in outputs_text(shown[0]) for k in COMPARED)
    table = pd.read_csv(results_folder(nb, tmp) / "compare" / "compare.csv").set_index("kpi")
    assert set(COMPARED) <= set(table.index)
    assert (table["n"] == 3).all()
    # the baseline runs no program; the MoU funds its programs
    assert table.at["program_spending_rp_per_year", "mean_a"] == 0.0
    assert table.at["program_spending_rp_per_year", "mean_b"] > 0.0


def test_sweep_and_figure_were_written(executed):
    nb, _, tmp = executed
    out = results_folder(nb, tmp)
    points = pd.read_csv(out / "sweep" / "points.csv")
    assert sorted(points["information.lag_days"]) == [1, 3, 7]
    assert (points["n"] == 2).all()
    assert (out / "impacts.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]  # fmt: skip
    assert images, "the figure is shown in the notebook"
