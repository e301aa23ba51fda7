"""Type stubs of pubplan."""

import os
from typing import Any, Sequence, Tuple, Union

from ._core import (
    CONDITIONAL as CONDITIONAL,
    FEASIBLE as FEASIBLE,
    GRANULAR_TOKEN as GRANULAR_TOKEN,
    STAGED_PUBLISHING as STAGED_PUBLISHING,
    INFEASIBLE as INFEASIBLE,
    INTERACTIVE_2FA as INTERACTIVE_2FA,
    TRUSTED_PUBLISHING as TRUSTED_PUBLISHING,
    TRUSTED_PUBLISHING_WITHOUT_PROVENANCE as TRUSTED_PUBLISHING_WITHOUT_PROVENANCE,
    UNKNOWN as UNKNOWN,
    Assumption as Assumption,
    Change as Change,
    Disagreement as Disagreement,
    Finding as Finding,
    PackageResult as PackageResult,
    PackageWarning as PackageWarning,
    Token as Token,
    Plan as Plan,
    PlanStep as PlanStep,
    PackagePlan as PackagePlan,
    Planner as Planner,
    Reason as Reason,
    Repair as Repair,
    Result as Result,
    ScanResult as ScanResult,
    StrategyResult as StrategyResult,
    Topology as Topology,
    VerifyReport as VerifyReport,
    scan as scan,
    version as version,
)
from .errors import (
    CatalogError as CatalogError,
    Diagnostic as Diagnostic,
    Error as Error,
    InputError as InputError,
    SolverTimeout as SolverTimeout,
    TopologyError as TopologyError,
    TopologyNotFoundError as TopologyNotFoundError,
)

__version__: str
STRATEGIES: Tuple[str, ...]
STATUSES: Tuple[str, str, str, str]
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

def load(path: Union[str, "os.PathLike[str]"], *, catalogs: Sequence[Any] = ()) -> Topology:
    """Reads and validates a topology file. Raises TopologyError."""

def loads(text: Union[str, bytes], name: str = "<string>", *, catalogs: Sequence[Any] = ()) -> Topology:
    """Reads and validates a topology from text. Raises TopologyError."""
