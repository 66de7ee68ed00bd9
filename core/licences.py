"""The open licences the open data may be published under (OPEN_DATA_LICENSE names one
by its SPDX identifier): each one's title and the address of its text, for the open-data
page and the data package. Read by config/settings.py, so it imports nothing of Django."""

from typing import NamedTuple


class Licence(NamedTuple):
    title: str
    url: str


OPEN_LICENCES = {
    "CC-BY-4.0": Licence(
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": Licence(
        "Creative Commons Attribution Share Alike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": Licence(
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODC-By-1.0": Licence(
        "Open Data Commons Attribution License v1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    "ODbL-1.0": Licence(
        "Open Data Commons Open Database License v1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "PDDL-1.0": Licence(
        "Open Data Commons Public Domain Dedication & License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}
