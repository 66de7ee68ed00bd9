"""A rule written once, as a Q object, answered both by the database (in a queryset or a
subquery) and for one instance already in memory (without a query).

Django's own `Q.check()` asks the database, which would add a query to requests that
are served from the cache (the sign POST reads its campaign from there). `holds`
answers the same Q from the instance's attributes; it knows the lookups that rules
here use and refuses any other, so a rule cannot silently mean two things.
"""

import operator
from typing import Any

from django.db.models import Q

_LOOKUPS = {
    "exact": operator.eq,
    "lt": lambda value, bound: value is not None and value < bound,
    "lte": lambda value, bound: value is not None and value <= bound,
    "gt": lambda value, bound: value is not None and value > bound,
    "gte": lambda value, bound: value is not None and value >= bound,
    "in": lambda value, bound: value in bound,
    "isnull": lambda value, bound: (value is None) == bound,
}


def holds(condition: Q, instance: Any) -> bool:
    """Whether `instance` satisfies `condition`, as filter(condition) would say."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(holds(child, instance))
            continue
        path, bound = child
        field, _sep, lookup = path.partition("__")
        if "__" in lookup or (lookup or "exact") not in _LOOKUPS:
            raise ValueError(f"holds() does not know the lookup {path!r}")
        results.append(_LOOKUPS[lookup or "exact"](getattr(instance, field), bound))
    result = all(results) if condition.connector == Q.AND else any(results)
    return not result if condition.negated else result
