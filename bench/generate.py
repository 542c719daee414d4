"""Write a synthetic workspace at k times the example corpus, for the benchmark.

The example workspace (13 goals, two periods) is repeated k times: copy i gets its own
pillars and goals (goal n becomes n + 13·i) in a generated catalogue, so that the synthetic
workspace is valid, has no duplicate submissions and makes a report k times as long.

    python bench/generate.py 10 /tmp/ws-10x
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "indicators"
CATALOGUE = ROOT / "gbvs_report" / "catalogus" / "gbvs-2018-2022.yaml"
GOALS = 13


def generate(scale: int, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    yaml = YAML()
    yaml.representer.ignore_aliases = lambda *args: True  # submissions and catalogues may not use anchors
    catalogue = yaml.load(CATALOGUE.read_text(encoding="utf-8"))
    pillars = []
    for i in range(scale):
        for pillar in catalogue["pijlers"]:
            copy = {
                **pillar,
                "code": f"{pillar['code']}-{i}",
                "naam": f"{pillar['naam']} {i + 1}" if i else pillar["naam"],
            }
            copy["doelen"] = [{**goal, "nummer": goal["nummer"] + GOALS * i} for goal in pillar["doelen"]]
            pillars.append(copy)
    catalogue["pijlers"] = pillars
    with (target / "catalogus.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(catalogue, handle)
    # The example's settings (its finished letter, its abbreviations) and word list, as a real
    # workspace has them: the letter is checked, and every word of the narratives is known.
    for name in ("gbvs.yaml", "woordenlijst.txt"):
        if (EXAMPLE / name).is_file():
            shutil.copy(EXAMPLE / name, target / name)
    for source in sorted(EXAMPLE.glob("*/*.yaml")):
        text = source.read_text(encoding="utf-8")
        number = int(re.search(r"^doel: (\d+)", text, re.M).group(1))
        (target / source.parent.name).mkdir(exist_ok=True)
        for i in range(scale):
            goal = number + GOALS * i
            name = re.sub(r"doel-\d+", f"doel-{goal:04d}", source.name)
            (target / source.parent.name / name).write_text(
                re.sub(r"^doel: \d+", f"doel: {goal}", text, count=1, flags=re.M), encoding="utf-8"
            )
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("gebruik: python bench/generate.py SCHAAL DOELMAP")
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
