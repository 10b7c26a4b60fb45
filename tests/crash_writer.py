"""Child process for test_crash_safety: writes proposals in a loop through the store and
prints the id of each one after its transaction committed, until it is killed."""

import sys

from thidua_desktop.domain.models import Sex
from thidua_desktop.store import open_database, transaction
from thidua_desktop.store.records import individuals, proposals


def main(path: str) -> None:
    db = open_database(path, user="crash-test")
    unit = db.conn.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    n = 0
    while True:
        n += 1
        with transaction(db):  # a person and a proposal: both or neither
            pid = individuals.create_individual(db, f"Người thứ {n}", Sex.MALE, unit_id=unit, birth_year=1980)
            prop = proposals.create_proposal(db, "GK", 2025, individual_id=pid, summary="x" * 200)
        print(prop, flush=True)  # reported only once committed


if __name__ == "__main__":
    main(sys.argv[1])
