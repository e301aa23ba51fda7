"""pubplan: decides how each npm package of an organisation should be published.

Load a topology, solve it, read the result::

    import pubplan
    result = pubplan.Planner().solve(pubplan.load("examples/acme.yaml"))
    for p in result.packages:
        print(p.name, p.recommended)

Strategy ids and statuses are plain strings, the same as in the JSON document
(``p.recommended == pubplan.GRANULAR_TOKEN``).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Sequence, Union

from .errors import (
    CatalogError,
    Diagnostic,
    Error,
    InputError,
    SolverTimeout,
    TopologyError,
    TopologyNotFoundError,
)
from ._core import (
    CONDITIONAL,
    FEASIBLE,
    GRANULAR_TOKEN,
    STAGED_PUBLISHING,
    INFEASIBLE,
    INTERACTIVE_2FA,
    TRUSTED_PUBLISHING,
    TRUSTED_PUBLISHING_WITHOUT_PROVENANCE,
    UNKNOWN,
    Assumption,
    Change,
    Disagreement,
    Finding,
    PackageResult,
    PackagePlan,
    PackageWarning,
    Plan,
    PlanStep,
    Token,
    Planner,
    Reason,
    Repair,
    Result,
    ScanResult,
    StrategyResult,
    Topology,
    VerifyReport,
    scan,
    version,
)

__version__: str = version()

#: The built-in catalog's strategy ids, in its order (a user catalog may add more:
#: ``Planner(catalogs=[...]).strategies``).
STRATEGIES = tuple(Planner().strategies)
#: The four statuses.
STATUSES = (FEASIBLE, CONDITIONAL, INFEASIBLE, UNKNOWN)


def load(path: Union[str, "os.PathLike[str]"], *, catalogs: Sequence[Any] = ()) -> Topology:
    """Reads and validates the topology file PATH (YAML, or JSON when it starts with ``{``).

    ``"-"`` reads standard input, as the CLI does. CATALOGS (as for :class:`Planner`)
    may add CI providers, hosts or clients to the values the file may use; solve
    the topology with a planner of the same catalogs. Raises :class:`TopologyError`
    with every problem of the file, also when it cannot be read.
    """
    if isinstance(path, str) and path == "-":
        return Topology.loads(sys.stdin.read(), "<stdin>", catalogs=catalogs)
    return Topology.load(path, catalogs=catalogs)


def loads(text: Union[str, bytes], name: str = "<string>", *, catalogs: Sequence[Any] = ()) -> Topology:
    """Reads and validates a topology from TEXT; NAME stands for the file in messages.

    CATALOGS as for :func:`load`. Raises :class:`TopologyError`.
    """
    return Topology.loads(text, name, catalogs=catalogs)


__all__ = [
    "load",
    "loads",
    "scan",
    "version",
    "Topology",
    "Planner",
    "Result",
    "PackageResult",
    "StrategyResult",
    "Reason",
    "Assumption",
    "Repair",
    "Change",
    "PackageWarning",
    "Token",
    "Plan",
    "PlanStep",
    "PackagePlan",
    "VerifyReport",
    "Disagreement",
    "ScanResult",
    "Finding",
    "Error",
    "InputError",
    "TopologyError",
    "TopologyNotFoundError",
    "CatalogError",
    "SolverTimeout",
    "Diagnostic",
    "TRUSTED_PUBLISHING",
    "TRUSTED_PUBLISHING_WITHOUT_PROVENANCE",
    "GRANULAR_TOKEN",
    "STAGED_PUBLISHING",
    "INTERACTIVE_2FA",
    "FEASIBLE",
    "CONDITIONAL",
    "INFEASIBLE",
    "UNKNOWN",
    "STRATEGIES",
    "STATUSES",
]
