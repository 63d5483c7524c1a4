r"""Mexico's national monthly victims of intentional homicide, from SESNSP's open data.

    python docs/history/sesnsp_monthly.py db_victimas_delitos_ent_long.csv.bz2 \
        > scenarios/observed/mexico_monthly_victims.csv

The input is the long-format copy of SESNSP's *Víctimas de delitos del fuero común*
(state level, monthly, 2015 onward) kept in the public repository
isaacarroyov/datos_facil_acceso, file
``GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2`` at commit
804bd4016fa2a8dd4f12eb5562981903bba865ba ("Update SESMSP data - 202506", 20 July 2025;
git blob 7bc772b2c5e15bf177cdc23d35c3d32f96d846d0), downloadable as

    https://github.com/isaacarroyov/datos_facil_acceso/raw/804bd4016fa2a8dd4f12eb5562981903bba865ba/GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2

That file is SESNSP's table reshaped from one column per month to one row per month
(its README documents the reshape; no row is added or dropped except the months not yet
published). This script sums its ``n_victimas`` over the 32 states, both sexes and
every age group and modality, by month: ``homicide_victims`` for the subtype
"Homicidio doloso", ``feminicide_victims`` for "Feminicidio" (counted apart by SESNSP).
It refuses a month that does not have all 32 states.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

SUBTYPES = {"Homicidio doloso": "homicide_victims", "Feminicidio": "feminicide_victims"}
HEADER = """\
# Mexico, national monthly victims of intentional homicide reported by the state
# prosecutors (carpetas de investigacion), by month of the report, as published by the
# Secretariado Ejecutivo del Sistema Nacional de Seguridad Publica (SESNSP), Victimas de
# delitos del fuero comun, datos abiertos (cut of June 2025). homicide_victims: subtype
# "Homicidio doloso"; feminicide_victims: "Feminicidio", counted apart by SESNSP.
# Summed over the 32 states from the copy in github.com/isaacarroyov/datos_facil_acceso
# (GobiernoMexicano/sesnsp/db_victimas_delitos_ent_long.csv.bz2, commit 804bd40) by
# docs/history/sesnsp_monthly.py. See scenarios/observed/README.md.
"""


def monthly(source: str | Path) -> pd.DataFrame:
    """National victims by month: ``month`` (YYYY-MM), then one column per subtype."""
    frame = pd.read_csv(source, dtype={"cve_ent": str, "n_month": str})
    frame = frame[frame["subtipo_de_delito"].isin(list(SUBTYPES))]
    frame = frame.assign(month=frame["n_year"].astype(str) + "-" + frame["n_month"].str.zfill(2))
    states = frame.groupby("month")["cve_ent"].nunique()
    if (states != 32).any():
        bad = states[states != 32]
        raise SystemExit(f"{source}: month {bad.index[0]} has {bad.iloc[0]} states, not 32")
    table = frame.pivot_table(
        index="month", columns="subtipo_de_delito", values="n_victimas", aggfunc="sum"
    )
    table = table.rename(columns=SUBTYPES)[list(SUBTYPES.values())].astype(int)
    return table.reset_index().rename_axis(columns=None)


def main() -> None:
    """Print the national monthly table of the file given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="db_victimas_delitos_ent_long.csv(.bz2)")
    args = parser.parse_args()
    sys.stdout.write(HEADER)
    monthly(args.source).to_csv(sys.stdout, index=False)


if __name__ == "__main__":
    main()
