# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Quality rules of a family plan (document 002, "what makes a good plan").

Pure Python: no ORM. The rules take plain dataclasses and return
:class:`RuleResult` objects. Titles and explanations are lazy translations
(``_lt``): ``str()`` gives the English source, ``.translate(lang)`` the
language of the reader. Hard rules block the activation of a plan; soft rules
are hints for the case manager.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

HARD = "hard"
SOFT = "soft"

# "Only a prohibition": the wording says what to stop, not what to start.
PROHIBITION_PATTERNS = [
    # English
    r"\bstop(s|ped|ping)?\b",
    r"\bmust\s+not\b",
    r"\bmustn'?t\b",
    r"\bshall\s+not\b",
    r"\bmay\s+not\b",
    r"\b(will|would)\s+not\b",
    r"\bwon'?t\b",
    r"\bdo(es)?\s+not\b",
    r"\bdon'?t\b",
    r"\bno\s+(more|longer)\b",
    r"\bnever\b",
    r"\bquit(s)?\b",
    r"\bban(ned)?\b",
    r"\bforbidden\b",
    r"\bprohibit(ed|ion)?\b",
    # Czech
    r"\bnesm(í|i|ět|et)\b",
    r"\bpřesta(t|ne|nou|ň|ňte)\b",
    r"\bprestat\b",
    r"\bzákaz\w*\b",
    r"\bzakaz\w*\b",
    r"\bnebude(me|te|š)?\b",
    r"\bnebudou\b",
    r"\bjiž\s+ne\w*\b",
    r"\bnikdy\b",
    r"\bnechat\s+(pití|kouření|toho)\b",
]
# Something to start doing: a goal with one of these is not "only" a prohibition.
POSITIVE_PATTERNS = [
    r"\bstart(s|ed)?\b",
    r"\bbegin(s)?\b",
    r"\binstead\b",
    r"\blearn(s)?\b",
    r"\bwill\s+(?!not\b)\w+",
    r"\bzačn(e|ou|eme)\b",
    r"\bzačít\b",
    r"\bmísto\s+toho\b",
    r"\bnaučí\b",
    r"\b(bude|budou|budeme)\b",
]
# Too general to evaluate (document 002: "zlepšení péče o dítě").
VAGUE_PATTERNS = [
    r"^\s*(zlepšen\w*|zlepšit)\s+(péče|péči|situace|situaci|vztah\w*)\b[^,.;]{0,25}$",
    (
        r"^\s*(improve|improved|improvement of|better)\s+(the\s+)?"
        r"(care|situation|relationship)s?\b[^,.;]{0,25}$"
    ),
]

_PROHIBITION_RE = [
    re.compile(p, re.IGNORECASE | re.UNICODE) for p in PROHIBITION_PATTERNS
]
_POSITIVE_RE = [re.compile(p, re.IGNORECASE | re.UNICODE) for p in POSITIVE_PATTERNS]
_VAGUE_RE = [re.compile(p, re.IGNORECASE | re.UNICODE) for p in VAGUE_PATTERNS]


def is_prohibition_only(text):
    """True when the wording only says what to stop ("must not", "nesmí",
    "přestat", "zákaz" …) and nothing to start."""
    text = (text or "").strip()
    if not text:
        return False
    has_prohibition = any(r.search(text) for r in _PROHIBITION_RE)
    if not has_prohibition:
        return False
    # "nebude" contains "bude": remove the prohibitions before looking for
    # a positive verb.
    rest = text
    for regex in _PROHIBITION_RE:
        rest = regex.sub(" ", rest)
    return not any(r.search(rest) for r in _POSITIVE_RE)


def is_vague(text):
    text = (text or "").strip()
    return bool(text) and any(r.search(text) for r in _VAGUE_RE)


@dataclass
class GoalData:
    name: str = ""
    horizon: str = "short"  # short / medium / long
    indicator: str = ""
    target_date: date | None = None
    plan_b: str = ""
    no_plan_b_needed: bool = False
    actor_count: int = 0
    state: str = "open"


@dataclass
class StepData:
    name: str = ""
    responsible_type: str = "internal"  # internal / external / family
    has_responsible: bool = False
    date_due: date | None = None
    state: str = "planned"


@dataclass
class PlanData:
    goals: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    next_review_date: date | None = None
    date_end: date | None = None
    family_participated: bool = False
    child_involved: bool = False
    child_participated: bool = False
    ospod_involved: bool = False
    ipod_reference: str = ""
    ipod_checked: bool = False
    ipod_divergence: str = ""


@dataclass
class RuleResult:
    code: str
    level: str
    passed: bool
    title: object
    explanation: object
    details: list = field(default_factory=list)

    def text(self, lang="en_US"):
        """(title, explanation) in ``lang``."""
        return self.title._translate(lang), self.explanation._translate(lang)

    @property
    def blocking(self):
        return self.level == HARD and not self.passed


def _names(items):
    return [item.name or "?" for item in items]


def rule_goal_indicator(plan):
    bad = [
        g for g in plan.goals if not (g.indicator or "").strip() or not g.target_date
    ]
    return RuleResult(
        "goal_indicator",
        HARD,
        not bad,
        _lt("Every goal says how we will know it is met, and by when"),
        _lt(
            "Write for each goal what will show that it is met (an indicator, "
            "ideally with a starting point and a target) and a target date. "
            "Without it nobody can tell at the review whether the goal was met."
        ),
        _names(bad),
    )


def rule_step_owner(plan):
    bad = [s for s in plan.steps if not s.has_responsible or not s.date_due]
    return RuleResult(
        "step_owner",
        HARD,
        not bad,
        _lt("Every step has a responsible person and a due date"),
        _lt(
            "A step is concrete when it is clear who does it and by when: a "
            "colleague, an outside professional or a family member, and a date."
        ),
        _names(bad),
    )


def rule_short_term_goal(plan):
    return RuleResult(
        "short_term_goal",
        HARD,
        any(g.horizon == "short" for g in plan.goals),
        _lt("At least one short-term goal"),
        _lt(
            "The family needs something it can reach soon (money, food, housing, "
            "school): short-term goals are agreed at the joint meeting."
        ),
    )


def rule_plan_b(plan):
    bad = [
        g for g in plan.goals if not (g.plan_b or "").strip() and not g.no_plan_b_needed
    ]
    return RuleResult(
        "plan_b",
        HARD,
        bool(plan.goals) and not bad,
        _lt('Every goal has a plan B, or "none needed" is ticked'),
        _lt(
            "Agree in advance what happens if the steps are not done, and tell "
            "the family. Where no plan B is needed, say so explicitly."
        ),
        _names(bad),
    )


def rule_review_date(plan):
    return RuleResult(
        "review_date",
        HARD,
        bool(plan.next_review_date),
        _lt("A review date is set"),
        _lt(
            "Set when the plan will be reviewed (typically after three months), "
            "so that progress is checked and the plan adjusted in time."
        ),
    )


def rule_time_bounded(plan):
    return RuleResult(
        "time_bounded",
        HARD,
        bool(plan.date_end),
        _lt("The plan is time-bounded"),
        _lt(
            "Agree how long the whole cooperation is planned to last (the plan "
            "end date), on top of the dates of the steps and goals."
        ),
    )


def rule_shared_responsibility(plan):
    passed = not plan.steps or any(s.responsible_type != "family" for s in plan.steps)
    return RuleResult(
        "shared_responsibility",
        SOFT,
        passed,
        _lt("Steps are not all on the family"),
        _lt(
            "A plan where only the family has tasks is a list of demands. The "
            "professionals take on steps too."
        ),
    )


def rule_positive_phrasing(plan):
    bad = [g for g in plan.goals if is_prohibition_only(g.name)]
    return RuleResult(
        "positive_phrasing",
        SOFT,
        not bad,
        _lt("Goals are phrased positively"),
        _lt(
            "Say what the family will start doing, not only what it must stop "
            '("must not", "nesmí", "přestat", "zákaz" …).'
        ),
        _names(bad),
    )


def rule_family_participation(plan):
    passed = plan.family_participated and (
        not plan.child_involved or plan.child_participated
    )
    return RuleResult(
        "family_participation",
        HARD,
        passed,
        _lt("The family took part in setting the goals"),
        _lt(
            "Goals are agreed with the family, not for it. At a child-involved "
            "conference the child names the wishes and the priorities."
        ),
    )


def rule_goal_actors(plan):
    bad = [g for g in plan.goals if not g.actor_count]
    return RuleResult(
        "goal_actors",
        SOFT,
        not bad,
        _lt("Every goal is linked to the people who help"),
        _lt(
            "Name who helps the family reach each goal, so that everybody knows "
            "their part."
        ),
        _names(bad),
    )


def rule_evaluable_wording(plan):
    bad = [g for g in plan.goals if is_vague(g.name)]
    return RuleResult(
        "evaluable_wording",
        SOFT,
        not bad,
        _lt("Goals are concrete"),
        _lt(
            'Wording such as "better care of the child" is too general: say '
            "what exactly will be different."
        ),
        _names(bad),
    )


def rule_ipod(plan):
    if not plan.ospod_involved and not plan.ipod_reference:
        passed = True
    else:
        passed = (
            bool(plan.ipod_reference)
            and plan.ipod_checked
            and not (plan.ipod_divergence or "").strip()
        )
    return RuleResult(
        "ipod",
        SOFT,
        passed,
        _lt("The plan agrees with the OSPOD child-protection plan (IPOD)"),
        _lt(
            "When OSPOD is involved, record its individual child-protection plan "
            "(IPOD), check the family plan against it and note where they differ."
        ),
    )


RULES = [
    rule_goal_indicator,
    rule_step_owner,
    rule_short_term_goal,
    rule_plan_b,
    rule_review_date,
    rule_shared_responsibility,
    rule_positive_phrasing,
    rule_family_participation,
    rule_time_bounded,
    rule_goal_actors,
    rule_evaluable_wording,
    rule_ipod,
]


def check_plan(plan):
    """Run every rule on a :class:`PlanData`; return the list of results."""
    return [rule(plan) for rule in RULES]


def blocking_results(results):
    return [r for r in results if r.blocking]
