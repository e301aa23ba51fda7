"""Type stubs of pubplan._core, the compiled part of pubplan (import pubplan instead)."""

import datetime
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

TRUSTED_PUBLISHING: str
TRUSTED_PUBLISHING_WITHOUT_PROVENANCE: str
GRANULAR_TOKEN: str
STAGED_PUBLISHING: str
INTERACTIVE_2FA: str
FEASIBLE: str
CONDITIONAL: str
INFEASIBLE: str
UNKNOWN: str

def version() -> str:
    """The version of the pubplan library actually loaded, "MAJOR.MINOR.PATCH"."""

class Topology:
    """A loaded, validated topology (format v1). Immutable."""

    @staticmethod
    def load(path: Union[str, "os.PathLike[str]"], *, catalogs: Iterable[Any] = ()) -> "Topology":
        """Reads and validates a topology file. Raises TopologyError."""
    @staticmethod
    def loads(text: Union[str, bytes], name: str = "<string>", *, catalogs: Iterable[Any] = ()) -> "Topology":
        """Reads and validates a topology from text. Raises TopologyError."""
    @staticmethod
    def from_dict(data: Dict[str, Any], name: str = "<dict>") -> "Topology":
        """Builds a topology from a mapping with the keys of the YAML format. Raises TopologyError."""
    @property
    def source(self) -> str:
        """The name the topology was loaded under."""
    @property
    def package_count(self) -> int:
        """Number of packages."""
    @property
    def pipeline_count(self) -> int:
        """Number of pipelines."""
    @property
    def repository_count(self) -> int:
        """Number of repositories."""
    def normalized(self) -> Dict[str, Any]:
        """The topology as pubplan read it, as a JSON topology document."""
    def to_dict(self) -> Dict[str, Any]:
        """The same as normalized()."""
    def to_dot(
        self,
        result: Optional["Result"] = None,
        planner: Optional["Planner"] = None,
        *,
        packages: Sequence[str] = ...,
        pipelines: Sequence[str] = ...,
        legend: bool = True,
    ) -> str:
        """The topology graph as Graphviz DOT, coloured by RESULT's recommendations."""

class Reason:
    """One member of a minimal reason set: a catalog rule or a topology fact."""

    @property
    def kind(self) -> str:
        """'rule' or 'fact'."""
    @property
    def rule(self) -> Optional[str]:
        """The rule id (None for a fact)."""
    @property
    def says(self) -> Optional[str]:
        """The rule's statement (None for a fact)."""
    @property
    def source(self) -> Optional[str]:
        """Where the rule comes from (None for a fact)."""
    @property
    def instance(self) -> Optional[str]:
        """The entity a rule was applied to, or None."""
    @property
    def fact(self) -> Optional[str]:
        """The fact's path (None for a rule)."""
    @property
    def value(self) -> Any:
        """The fact's value (None for a rule)."""
    @property
    def origin(self) -> Optional[str]:
        """'FILE:LINE' where the fact is stated, or None."""
    @property
    def default(self) -> bool:
        """True when the fact's value is the format's default."""
    def to_dict(self) -> Dict[str, Any]:
        """This reason as in the JSON document."""

class Assumption:
    """What a conditional strategy needs from one unknown fact."""

    @property
    def fact(self) -> str:
        """Path of the unknown fact."""
    @property
    def needs(self) -> str:
        """What it must be, e.g. '>= 22.14.0'."""
    @property
    def origin(self) -> Optional[str]:
        """Where the entity is declared, or None."""
    def to_dict(self) -> Dict[str, Any]:
        """This assumption as in the JSON document."""

class Change:
    """One change of a topology fact, part of a repair."""

    @property
    def fact(self) -> str:
        """The fact's path."""
    @property
    def from_value(self) -> Any:
        """The current value."""
    @property
    def to_value(self) -> Any:
        """The value the repair sets."""
    @property
    def origin(self) -> Optional[str]:
        """Where the fact is stated, or None."""
    def to_dict(self) -> Dict[str, Any]:
        """This change as in the JSON document."""

class Repair:
    """A minimal, verified set of fact changes that makes a strategy possible."""

    @property
    def changes(self) -> List[Change]:
        """The changes."""
    @property
    def unlocks(self) -> str:
        """The strategy id it makes possible."""
    @property
    def status(self) -> str:
        """The unlocked strategy's status once repaired."""
    @property
    def cost(self) -> int:
        """Sum of the catalog's repair costs."""
    def to_dict(self) -> Dict[str, Any]:
        """This repair as in the JSON document."""

class PackageWarning:
    """A warning rule that applies to a package's recommendation."""

    @property
    def rule(self) -> str:
        """The rule id."""
    @property
    def says(self) -> str:
        """The rule's statement."""
    @property
    def source(self) -> str:
        """Where it comes from."""
    def to_dict(self) -> Dict[str, Any]:
        """This warning as in the JSON document."""

class StrategyResult:
    """What the planner found for one strategy of one package."""

    def to_dict(self) -> Dict[str, Any]:
        """This strategy as in the JSON document's packages[].strategies[ID]."""
    @property
    def id(self) -> str:
        """The strategy id."""
    @property
    def status(self) -> str:
        """'feasible', 'conditional', 'infeasible' or 'unknown'."""
    @property
    def because(self) -> List[Reason]:
        """Infeasible: a reason set, minimal unless because_minimal is False; empty otherwise."""
    @property
    def because_minimal(self) -> bool:
        """False when the solver's budget stopped shrinking `because`."""
    @property
    def diagnosed(self) -> bool:
        """Whether conflicts and repairs were computed (diagnose='all', or Planner.diagnose())."""
    @property
    def conflicts(self) -> List[List[Reason]]:
        """Infeasible: the distinct minimal reason sets found."""
    @property
    def conflicts_complete(self) -> bool:
        """False when the enumeration stopped at max_conflicts."""
    @property
    def repairs(self) -> List[Repair]:
        """Infeasible: the cheapest verified repairs."""
    @property
    def repairs_complete(self) -> bool:
        """False when the search stopped at max_repairs."""
    @property
    def assuming(self) -> List[Assumption]:
        """Conditional: what the unknown facts must be."""
    @property
    def provenance(self) -> Optional[bool]:
        """Whether it publishes with provenance (None: unknown or not applicable)."""
    @property
    def note(self) -> Optional[str]:
        """Unknown: why the solver stopped."""

class PackageResult:
    """What the planner found for one package."""

    def to_dict(self) -> Dict[str, Any]:
        """This package as in the JSON document's `packages`."""
    @property
    def name(self) -> str:
        """The package name."""
    @property
    def origin(self) -> str:
        """'FILE:LINE' where the package is declared."""
    @property
    def recommended(self) -> Optional[str]:
        """The recommended strategy id, or None when nothing fits."""
    @property
    def recommended_status(self) -> Optional[str]:
        """The recommended strategy's status, or None."""
    @property
    def provenance(self) -> Optional[bool]:
        """Whether the recommendation publishes with provenance."""
    @property
    def feasible(self) -> List[str]:
        """The feasible strategy ids, best first."""
    @property
    def conditional(self) -> List[str]:
        """The conditional strategy ids, best first."""
    @property
    def strategies(self) -> Dict[str, StrategyResult]:
        """Every strategy of the catalog, in catalog order."""
    @property
    def fallback(self) -> Optional[str]:
        """The best feasible strategy when the recommendation is conditional."""
    @property
    def why(self) -> str:
        """Why the recommendation won."""
    @property
    def warnings(self) -> List[PackageWarning]:
        """Warning rules that apply to the recommendation."""
    @property
    def conflict(self) -> Optional[List[Reason]]:
        """None when something fits; else a minimal conflict."""
    @property
    def conflicts(self) -> List[List[Reason]]:
        """Nothing fits: every minimal conflict found."""
    @property
    def conflicts_complete(self) -> bool:
        """False when the enumeration stopped at max_conflicts."""
    @property
    def repairs(self) -> List[Repair]:
        """Nothing fits: the cheapest verified repairs, cheapest first."""
    @property
    def repairs_complete(self) -> bool:
        """False when the search stopped at max_repairs."""
    def explain(self, strategy: Optional[str] = None) -> str:
        """The text explanation of `pubplan explain` for this package."""

class Token:
    """A granular access token of the token plan."""

    @property
    def name(self) -> str:
        """Suggested token name, unique in the plan."""
    @property
    def pipeline(self) -> str:
        """The pipeline whose secret store holds it."""
    @property
    def access(self) -> str:
        """'read-write' or 'read-only'."""
    @property
    def packages(self) -> List[str]:
        """Package grants."""
    @property
    def scopes(self) -> List[str]:
        """Scope grants, e.g. '@acme'."""
    @property
    def orgs(self) -> List[str]:
        """Organisation grants (always empty)."""
    @property
    def bypass_2fa(self) -> bool:
        """Whether the token bypasses 2FA."""
    @property
    def expires_days(self) -> int:
        """Days until it expires."""
    @property
    def command(self) -> str:
        """The npm command line that creates it."""
    def to_dict(self) -> Dict[str, Any]:
        """This token as in the JSON document."""

class Result:
    """What the planner found for every package of a topology."""

    @property
    def source(self) -> str:
        """The topology's source name."""
    @property
    def catalog_as_of(self) -> str:
        """The catalog's as-of date (the JSON's catalog_as_of)."""
    @property
    def as_of(self) -> str:
        """The day the rules were evaluated on, 'YYYY-MM-DD'."""
    @property
    def horizon_days(self) -> int:
        """How many days after as_of `ahead` looked."""
    @property
    def diagnose(self) -> str:
        """How much of each explanation was computed: 'first' or 'all'."""
    @property
    def ahead(self) -> List[Dict[str, Any]]:
        """What changes within the horizon, as the JSON's `ahead`."""
    @property
    def distinct_problems(self) -> int:
        """How many package shapes were solved."""
    @property
    def packages(self) -> List[PackageResult]:
        """Every package, in topology order."""
    @property
    def tokens(self) -> List[Token]:
        """The granular tokens to create: write tokens, then read-only ones."""
    @property
    def summary(self) -> Dict[str, int]:
        """Packages by the status of their recommendation: packages, feasible, conditional, unknown, nothing_fits."""
    @property
    def exit_code(self) -> int:
        """The CLI's exit code for this result (0, 1 or 3)."""
    def package(self, name: str) -> PackageResult:
        """The PackageResult of NAME; KeyError when there is none."""
    def to_json(self, indent: int = 2) -> str:
        """The JSON document of `pubplan solve --format json`."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON document of `pubplan solve --format json`, parsed."""
    def to_text(self) -> str:
        """The text report of `pubplan solve`."""
    def to_markdown(self, limit: int = ...) -> str:
        """The Markdown report of `pubplan solve --format markdown`."""
    def to_sarif(self, topology: Topology, planner: Optional["Planner"] = None) -> str:
        """SARIF 2.1.0 of `pubplan solve --format sarif`."""
    def to_codequality(self, topology: Topology) -> str:
        """The GitLab Code Quality report of `pubplan solve --format codequality`."""
    def gates_holding(self, topology: Topology, gates: Sequence[str]) -> List[Tuple[str, str]]:
        """Which of GATES hold, as `--fail-on` reads them."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[PackageResult]: ...

class PlanStep:
    """One step of the migration plan (docs/plan.md)."""
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def actor_says(self) -> str: ...
    @property
    def two_factor(self) -> bool: ...
    @property
    def pipeline(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def packages(self) -> List[str]: ...
    @property
    def commands(self) -> List[str]: ...
    @property
    def after(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]:
        """This step as in the plan document's `steps`."""

class PackagePlan:
    """One package's way through the migration plan."""
    @property
    def name(self) -> str: ...
    @property
    def current(self) -> str: ...
    @property
    def target(self) -> Optional[str]: ...
    @property
    def target_status(self) -> Optional[str]: ...
    @property
    def via_repair(self) -> bool: ...
    @property
    def steps(self) -> List[str]: ...
    @property
    def notes(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]:
        """This package as in the plan document's `packages`."""

class Plan:
    """The migration plan of a solved topology (`pubplan plan`)."""
    @property
    def source(self) -> str: ...
    @property
    def as_of(self) -> str: ...
    @property
    def steps(self) -> List[PlanStep]: ...
    @property
    def packages(self) -> List[PackagePlan]: ...
    def to_json(self, indent: int = 2) -> str:
        """The JSON document of `pubplan plan --format json`."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON document of `pubplan plan --format json`, parsed."""
    def to_text(self) -> str:
        """The text of `pubplan plan`."""
    def to_markdown(self, result: Result, limit: int = ...) -> str:
        """The Markdown of `pubplan plan --format markdown`."""
    def to_sarif(self, result: Result, topology: Topology, planner: Optional["Planner"] = None) -> str:
        """SARIF 2.1.0 of `pubplan plan --format sarif`."""
    def to_codequality(self, result: Result, topology: Topology) -> str:
        """The GitLab Code Quality report of `pubplan plan --format codequality`."""
    def __len__(self) -> int: ...

class Planner:
    """Solves topologies against the built-in catalog plus user catalogs. Thread-safe."""

    def __init__(
        self,
        catalogs: Iterable[Union[str, bytes, "os.PathLike[str]"]] = (),
        *,
        max_conflicts: int = 5,
        max_repairs: int = 5,
        time_limit: Optional[float] = None,
        rlimit: Optional[int] = 5000000,
        threads: int = 0,
        as_of: Union[str, "datetime.date", None] = None,
        horizon_days: int = 180,
        diagnose: str = "first",
    ) -> None:
        """Layers CATALOGS (paths, or catalog texts) over the built-in catalog. Raises CatalogError."""
    def solve(self, topology: Topology, each: Optional[Callable[[PackageResult], Any]] = None) -> Result:
        """Solves every package of TOPOLOGY (releases the GIL); raises SolverTimeout when interrupted.

        With EACH, every PackageResult goes to EACH as it is built and none is kept in the Result."""
    def diagnose(self, topology: Topology, result: Result, package: str) -> PackageResult:
        """PACKAGE of RESULT with every conflict and verified repair (releases the GIL); KeyError if unknown."""
    def explain(self, topology: Topology, result: Result, package: str) -> Result:
        """RESULT narrowed to PACKAGE, diagnosed in full: `pubplan explain --format json`'s document."""
    def interrupt(self) -> None:
        """Stops every solve running on this planner now, from any thread."""
    @property
    def max_conflicts(self) -> int:
        """Bound on the conflicts reported per package."""
    @property
    def max_repairs(self) -> int:
        """Bound on the repairs reported per package."""
    @property
    def time_limit(self) -> Optional[float]:
        """Wall-clock limit per solver check in seconds, or None."""
    @property
    def rlimit(self) -> Optional[int]:
        """Z3 resource limit per solver check, or None."""
    @property
    def threads(self) -> int:
        """Solver threads per solve (0 = one per core)."""
    @property
    def as_of(self) -> str:
        """The day a solve started now evaluates the rules on (as_of, or today)."""
    @property
    def horizon_days(self) -> int:
        """How many days after as_of Result.ahead looks."""
    @property
    def diagnose_depth(self) -> str:
        """How much of each explanation a solve computes: 'first' or 'all'."""
    @property
    def strategies(self) -> List[str]:
        """The strategy ids of the catalog, in catalog order."""
    @property
    def catalog_as_of(self) -> str:
        """The catalog's as-of date (the JSON's catalog_as_of)."""
    def catalog_dict(self) -> Dict[str, Any]:
        """The catalog in use as the JSON of `pubplan catalog --format json`."""
    def plan(self, topology: Topology, result: Optional[Result] = None) -> Plan:
        """The migration plan of TOPOLOGY (solving it first unless RESULT is given)."""
    def verify(self, topology: Topology, result: "Result", package: str = "") -> "VerifyReport":
        """Checks RESULT with the independent checker, as `pubplan solve --verify`."""

class Disagreement:
    """A point where the independent checker and a result disagree."""

    @property
    def package(self) -> str: ...
    @property
    def strategy(self) -> str: ...
    @property
    def check(self) -> str: ...
    @property
    def message(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]:
        """This disagreement as a dict of its fields."""

class VerifyReport:
    """What Planner.verify found."""

    @property
    def disagreements(self) -> List[Disagreement]: ...
    @property
    def smallest(self) -> Optional[Topology]: ...
    def __bool__(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]:
        """The disagreements (dicts) and the smallest topology (its to_dict(), or None)."""

class Finding:
    """A problem the scan saw in a repository."""

    @property
    def id(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def message(self) -> str: ...
    @property
    def rule(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]:
        """This finding as the scan's topology lists it under `findings`."""

class ScanResult:
    """What pubplan.scan read."""

    @property
    def topology(self) -> Topology: ...
    @property
    def text(self) -> str: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def warnings(self) -> List[Tuple[str, int, int, str]]: ...
    def to_dict(self) -> Dict[str, Any]:
        """The topology (its to_dict()), the findings and the warnings."""

def scan(paths: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]], *,
         catalogs: Iterable[Any] = (), whole_org: bool = False, registry: bool = False,
         registry_url: str = "") -> ScanResult:
    """Reads checkouts into one topology, as `pubplan scan`. Raises InputError."""
