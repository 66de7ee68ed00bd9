"""Bar charts drawn on the server: the geometry of each bar, which templates/core/chart.html
draws as SVG, followed by a table of the same figures (the statistics page, a campaign's
signatures over time). No script, no
inline style (the site's CSP allows neither): shapes carry classes that static/css/site.css
colours. Coordinates are in the units of the viewBox, which CSS scales to the width of the
page, so a chart reads the same at 375 pixels as on a desktop."""

import datetime
from dataclasses import dataclass, field

WIDTH = 360
LABEL_HEIGHT = 18  # a label's line above its bars
BAR_HEIGHT = 12
BAR_GAP = 4
ROW_GAP = 10
BAR_SPACE = 190  # the longest bar; the rest of the width is for the figure after it
LABEL_CHARACTERS = 48
PLOT_HEIGHT = 120
PLOT_TOP = 18
AXIS_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # 0, 1: the CSS class that colours it
    text: str  # the figure drawn beside the bar
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


def _short(text: str) -> str:
    """A label cut to fit the drawing; the table gives it in full."""
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


@dataclass
class BarChart:
    """Categories, each with one figure per series (e.g. held now, in all), as
    horizontal bars: the category's name on a line, its bars under it."""

    slug: str
    title: str
    description: str
    category: str  # the heading of the table's first column
    series: list[str]  # the headings of the other columns
    rows: list[tuple[str, list[int]]]
    notes: list[str] = field(default_factory=list)
    kind = "bars"

    @property
    def row_height(self) -> int:
        return LABEL_HEIGHT + len(self.series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * self.row_height

    def labels(self) -> list[Label]:
        return [
            Label(0, index * self.row_height + LABEL_HEIGHT - 5, _short(label))
            for index, (label, _values) in enumerate(self.rows)
        ]

    def bars(self) -> list[Bar]:
        largest = max((value for _label, values in self.rows for value in values), default=0)
        bars = []
        for index, (_label, values) in enumerate(self.rows):
            top = index * self.row_height + LABEL_HEIGHT
            for series, value in enumerate(values):
                width = BAR_SPACE * value / largest if largest else 0
                y = top + series * (BAR_HEIGHT + BAR_GAP)
                text = f"{value}" if len(self.series) == 1 else f"{value} {self.series[series]}"
                bars.append(
                    Bar(0, y, round(width, 1), BAR_HEIGHT, series, text,
                        round(width + 4, 1), y + BAR_HEIGHT - 2)
                )  # fmt: skip
        return bars


@dataclass
class ColumnChart:
    """One figure per period (a month, a week, a day), as vertical bars over consecutive
    periods (a period with none is a gap, not left out), the largest figure and the
    first and last period marked."""

    slug: str
    title: str
    description: str
    category: str
    series: list[str]  # one heading
    columns: list[tuple[datetime.date, str, int]]  # (first day, as shown, figure)
    table_summary: str  # what opens the table of the figures (collapsed: it is long)
    notes: list[str] = field(default_factory=list)
    kind = "columns"

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [(shown, [count]) for _day, shown, count in self.columns]

    @property
    def baseline(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT

    def bars(self) -> list[Bar]:
        largest = max((count for _day, _shown, count in self.columns), default=0)
        step = WIDTH / max(1, len(self.columns))
        bars = []
        for index, (_day, shown, count) in enumerate(self.columns):
            height = PLOT_HEIGHT * count / largest if largest else 0
            bars.append(
                Bar(round(index * step + step * 0.1, 2), round(self.baseline - height, 2),
                    round(step * 0.8, 2), round(height, 2), 0, f"{shown}: {count}", 0, 0)
            )  # fmt: skip
        return bars

    def labels(self) -> list[Label]:
        if not self.columns:
            return []
        largest = max(count for _day, _shown, count in self.columns)
        axis = self.baseline + AXIS_HEIGHT - 6
        labels = [Label(0, PLOT_TOP - 6, str(largest)), Label(0, axis, self.columns[0][1])]
        if len(self.columns) > 1:
            labels.append(Label(WIDTH, axis, self.columns[-1][1], "end"))
        return labels


def consecutive_months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from first's to last's."""
    months = []
    day = first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months
