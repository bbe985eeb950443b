"""The phrase book: how results read in words, for every format (text, Markdown, HTML,
and the phrased fields of JSON). The core hands over ids, statuses, counts, operators
and bounds; every word about them is chosen here.

render/reach.py holds the words for what would change a grade (next grade, gap, margin,
sensitivity); render/phrased.py fills a result's phrased fields from these words, and
every renderer starts from it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import NamedTuple, TypeVar

from .. import vocab
from ..results.base import GradeLabel, label_of
from ..results.compare import AgreeResult, DiffResult, Statistics
from ..results.grade import AreaResult, CompositeResult, Gate, GradeReport, Judged
from ..results.national import Attention, SummaryResult
from ..results.trail import Check, Cited, Comparison, Selection, Verdict

Label = Callable[[str], str]
T = TypeVar("T")


class Said(NamedTuple):
    """How a status is shown: in words, as a mark, in a Markdown cell, as a label in a
    report, and the terminal style of its line."""

    words: str
    mark: str
    cell: str
    label: str
    style: str


# One table of words for the statuses (a test holds its keys equal to vocab.STATUSES).
STATUS: dict[str, Said] = {
    vocab.MET: Said("met", "✓", "✓ met", "Met", "green"),
    vocab.PARTIAL: Said("partly met", "◐", "◐ partial", "Partly met", "yellow"),
    vocab.NOT_MET: Said("not met", "✗", "✗ not met", "Not met", "red"),
    vocab.NOT_APPLICABLE: Said("not applicable", "–", "– n/a", "Not applicable", "dim"),
    vocab.UNKNOWN: Said("unknown (a fact is missing)", "?", "? unknown", "Unknown (fact missing)", "magenta"),
    vocab.UNASSESSED: Said("not assessed", "?", "? unassessed", "Not assessed", "magenta"),
}
STATUS_WORDS = {k: v.words for k, v in STATUS.items()}
OP_WORDS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "in"}
HOW = {"finding": "by finding", "rule": "by rule", "none": "nothing: no finding and no rule"}


# --- what the core measured, in words ---------------------------------------------------


class Words:
    """The words of one result's numbers, with its framework's grade and level labels."""

    def __init__(self, grades: Sequence[GradeLabel], levels: Sequence[GradeLabel] = ()):
        self.grades = grades
        self.levels = {lv.id: lv.label for lv in levels}

    def label(self, grade: str | None) -> str:
        return label_of(self.grades, grade)

    def describe(self, s: Selection | None, n: int = 2) -> str:
        """What a condition selects: "significant Fair criteria", "areas"."""
        if s is not None and s.items == "areas":
            return "area" if n == 1 else "areas"
        noun = "criterion" if n == 1 else "criteria"
        if s is None:
            return noun
        words = []
        if s.dominant is not None:
            words.append("dominant" if s.dominant else "non-dominant")
        if s.significant is not None:
            words.append("significant" if s.significant else "non-significant")
        if s.level is not None:
            words.append(self.levels.get(s.level, s.level))
        if s.theme is not None:
            words.append(f"'{s.theme}'")
        if s.ids is not None:
            words.append("listed")
        return " ".join([*words, noun])

    def share_name(self, s: Selection | None) -> str:
        """ "Good share", "share of significant criteria"."""
        if s is not None and s.items == "areas":
            return "share"
        if s is not None and s.level:
            return f"{self.levels.get(s.level, s.level)} share"
        return f"share of {self.describe(s)}"

    def verb(self, c: Check, positive: bool) -> str:
        """What passing (or failing) the item test is: "met", "Good or better", "not met"."""
        areas = c.selects is not None and c.selects.items == "areas"
        if c.test == "at_least":
            target = c.against[0]
            if areas:
                return f"{self.label(target)} or better" if positive else f"below {self.label(target)}"
            if positive:
                return "met" if target == vocab.MET else "at least partly met"
            return "not met"
        names = " or ".join(self.label(s) if areas else s.replace("_", " ") for s in c.against)
        return names if positive else f"not {names}"

    def _items(self, c: Check) -> str:
        areas = c.selects is not None and c.selects.items == "areas"

        def shown(i: str) -> str:
            state = c.states.get(i)
            if state is None or (not areas and state in (vocab.NOT_MET, vocab.MET)):
                return i
            return f"{i} ({self.label(state) if areas else state})"

        return ", ".join(shown(i) for i in c.failing)

    def detail(self, c: Check) -> str:
        """A tested condition's numbers: "Good share 3.5/13 = 0.27, needs > 0.50"."""
        bound = Fraction(c.bound)
        if c.test == "share":
            top = Fraction(c.value)
            value = top / c.selected if c.selected else Fraction(0)
            name = self.share_name(c.selects)
            return f"{name} {vocab.short(top)}/{c.selected} = {vocab.two_places(value)}, needs {OP_WORDS[c.op]} " + (
                vocab.two_places(bound)
            )
        what = self.describe(c.selects, c.selected)
        if not c.every:
            shown = f": {', '.join(c.passing)}" if c.passing and c.test == "status" else ""
            needs = f"needs {OP_WORDS[c.op]} {vocab.short(bound)}"
            return f"{len(c.passing)} of {c.selected} {what} {self.verb(c, True)}{shown}, {needs}"
        if not c.failing:
            return f"all {c.selected} {what} {self.verb(c, True)}"
        return f"{len(c.failing)} of {c.selected} {what} {self.verb(c, False)}: {self._items(c)}"

    def why_not(self, c: Check) -> str:
        """Why a requirement cannot hold, measured with every item it selects at its best."""
        head = requirement(c.id, c.text)
        if c.test == "status" or c.op not in vocab.MONOTONE:
            return f"{head}: not a requirement that improving findings can meet"
        bound = Fraction(c.bound)
        if c.test == "share":
            verb = "exceed" if c.op == "gt" else "reach"
            name = self.share_name(c.selects)
            return f"{head}: the {name} cannot {verb} {vocab.two_places(bound)} even with every one met"
        what = self.describe(c.selects, c.selected)
        return f"{head}: only {c.selected} {what} can be {self.verb(c, True)}, needs {OP_WORDS[c.op]} " + (
            vocab.short(bound)
        )

    def reason(self, a: AreaResult | CompositeResult) -> str:
        """The deciding requirement: "Good needs good-share: Good share 3.5/13 = ..."."""
        deciding = a.deciding()
        if deciding is None:
            computed = a.computed_grade if isinstance(a, AreaResult) else a.grade
            return f"every requirement of {self.label(computed)} holds"
        return self.needs(deciding)

    def needs(self, c: Check) -> str:
        """A requirement that does not hold: "Good needs good-share: Good share ..."."""
        return f"{self.label(c.grade)} needs {requirement(c.id, c.text)}: {self.detail(c)}"

    def attention(self, n: Attention) -> str:
        """Why a grade is on the moderation list, in a line."""
        if n.why == "provisional":
            if n.composite:
                return f"up to {self.label(n.best_possible)} when its areas are assessed"
            return f"up to {self.label(n.best_possible)} if assessed: {', '.join(n.missing)}"
        computed = f"computed {self.label(n.computed)}: " if n.computed else ""
        if n.why == "borderline":
            return computed + "; ".join(self.detail(c) for c in n.checks)
        if n.why == "judged":
            return f"{computed}{n.rationale}"
        noun, parts = "area" if n.composite else "finding", []
        if n.up is not None:
            items = n.up.candidates
            parts.append(
                f"1 {noun} from {self.label(n.up.to)}: {'any of ' if len(items) > 1 else ''}{', '.join(items)}"
            )
        if n.down is not None:
            below = "" if [g.id for g in self.grades].index(n.down.to) == 0 else " or below"
            through = ", ".join(f"'{requirement(s.requirement, s.text)}'" for s in n.through)
            parts.append(f"1 {noun} from {self.label(n.down.to)}{below}, through {through}")
        return "; ".join(parts)


def requirement(id: str, text: str | None) -> str:
    """A requirement as a person reads it: its framework's words where written ("every
    Fair criterion met"), else its id."""
    if not text:
        return id
    return text[0].lower() + text[1:] if text[1:2].islower() else text


UNDEFINED = {
    "none-assessed": "no criterion was assessed (met, partial or not met) by both",
    "chance-one": "chance agreement is 1: both recorded every criterion as {only}",
}


def undefined(s: Statistics) -> dict[str, str]:
    """Why each undefined statistic is undefined, in words."""
    only = (s.only or "").replace("_", " ")
    return {name: UNDEFINED[why].format(only=only) for name, why in s.unknowable.items()}


# --- the rest of the trail ---------------------------------------------------------------


def subject_names(s: SummaryResult) -> dict[str, str]:
    """Each summarised file's subject as readers see it: followed by the file's name
    when several files share the subject (two inspections, or a self-assessment)."""
    seen = Counter(row.subject for row in s.subjects)
    names = {}
    for row in s.subjects:
        stem = os.path.splitext(os.path.basename(row.source_file))[0]
        names[row.source_file] = row.subject if seen[row.subject] == 1 else f"{row.subject} ({stem})"
    return names


# The kinds of moderation note, in the order the summary lists them, as its headings
# (the matrix's key words them the same way).
MODERATION = {
    "provisional": "Provisional",
    "borderline": "Borderline",
    "judged": "Judged",
    "margin": "One finding from another grade",
}
# Notes listed of each kind. The list is for reading, not counting: the matrix marks
# every note (? ~ ! ±) and JSON keeps them all, while a national set gives hundreds (over
# 800 for `sgc synth 200`); ten of a kind is a moderator's sample, four kinds fit a
# screen or a page, and a summary of two or three subjects is listed whole.
SHOWN = 10


class Group(NamedTuple):
    """One kind of moderation note: its heading (with how many there are), the notes
    listed, in words, and how many more there are."""

    heading: str
    lines: list[str]
    more: int


def note_text(words: Words, n: Attention, name: str, titles: Mapping[str, str]) -> str:
    """A moderation note as a lay reader reads it, "Subject, Area Grade: why": areas and
    composites by their titles, in a composite's margin too (the areas one change away,
    which JSON's `detail` gives by id)."""
    detail = n.detail
    if n.composite and n.up is not None:
        up = replace(n.up, candidates=[titles.get(a, a) for a in n.up.candidates])
        detail = words.attention(replace(n, up=up))
    return f"{name}, {titles.get(n.area, n.area)} {words.label(n.grade)}: {detail}"


def moderation(s: SummaryResult, shown: int = SHOWN) -> list[Group]:
    """The moderation list by kind, each kind's notes in file order up to `shown` (one
    more is listed rather than "and 1 more", which would take its line)."""
    words, names = Words(s.grades, s.levels), subject_names(s)
    titles = {a.id: a.title for a in s.areas}
    groups = []
    for why, heading in MODERATION.items():
        notes = [n for n in s.attention if n.why == why]
        if notes:
            listed = notes if len(notes) <= shown + 1 else notes[:shown]
            lines = [note_text(words, n, names[n.source_file], titles) for n in listed]
            groups.append(Group(f"{heading} ({len(notes)})", lines, len(notes) - len(listed)))
    return groups


def more_text(n: int, command: str = "sgc summary --format json") -> str:
    """What a capped list leaves out: "and 37 more, listed by sgc summary --format json"."""
    return f"and {n} more, listed by {command}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def computed(a: AreaResult | CompositeResult) -> str:
    """The grade an area's or a composite's conditions give, before any judgement."""
    return a.computed_grade or a.grade


def notes(a: AreaResult | CompositeResult, label: Label) -> list[str]:
    """What qualifies a grade: judged, provisional, borderline."""
    out = []
    if a.judged:
        out.append(f"judged; computed {label(computed(a))}")
    if a.provisional:
        out.append(f"provisional: up to {label(a.best_possible)}")
    if isinstance(a, AreaResult) and a.borderline:
        out.append("computed grade borderline" if a.judged else "borderline")
    return out


def graded(a: AreaResult | CompositeResult, label: Label) -> str:
    """`Fair (borderline)`, `Good (judged; computed Fair)`."""
    extra = notes(a, label)
    return label(a.grade) + (f" ({'; '.join(extra)})" if extra else "")


def cite_text(c: Cited) -> str:
    where = ", ".join(x for x in (c.source, c.at) if x)
    return f'"{c.quote}" ({where})' if c.quote else f"({where})"


def comparison_text(c: Comparison, v: Verdict) -> str:
    """`hy.fridge_share 62.5 >= 90: false`, with the fact's value as read."""
    read = next((f for f in v.facts_read if f.fact == c.fact), None)
    if c.op == "present":
        return f"{c.fact} {'present' if c.operand else 'absent'}: {c.value}"
    if read is None or not read.present:
        return f"{c.fact} absent: {c.value}"
    return f"{c.fact} {vocab.written(read.value)} {OP_WORDS.get(c.op, c.op)} {vocab.written(c.operand)}: {c.value}"


def rule_text(v: Verdict) -> str:
    """The rule's comparisons: `rule: np.live_share 69 >= 50: true`."""
    parts = [comparison_text(c, v) for c in v.comparisons]
    head = "rule" if len(parts) == 1 else f"rule {v.rule_value}"
    return f"{head}: {'; '.join(parts)}"


_FIX = {
    "gte": "raise {fact} from {now} to at least {x}",
    "gt": "raise {fact} from {now} above {x}",
    "lte": "bring {fact} from {now} down to at most {x}",
    "lt": "bring {fact} from {now} below {x}",
    "eq": "{fact} must be {x} (now {now})",
    "ne": "{fact} must not be {x}",
    "in": "{fact} must be one of {x} (now {now})",
}


def fixes(v: Verdict) -> list[str]:
    """What each fact must become for the criterion's rule to hold: `raise x from 62.5
    to at least 90`. Only comparisons the rule cannot do without are named."""
    out = []
    for c in v.comparisons:
        if not c.needed or c.value == "true":
            continue
        read = next((f for f in v.facts_read if f.fact == c.fact), None)
        if c.op == "present":
            out.append(f"{'record' if c.operand else 'remove'} {c.fact}")
        elif read is None or not read.present:
            out.append(f"record {c.fact}")
        elif c.op in _FIX:
            out.append(_FIX[c.op].format(fact=c.fact, now=vocab.written(read.value), x=vocab.written(c.operand)))
    return out


def why(v: Verdict) -> str:
    """Why a criterion holds a grade back, in a line: its rule's comparison where a rule
    decided it, else the finding's note, else its first quote."""
    if v.comparisons and (v.decided_by == "rule" or v.conflict):
        return rule_text(v)
    if v.note:
        return f"note: {v.note}"
    if v.citations:
        return cite_text(v.citations[0])
    return status_line(v)


def fact_notes(v: Verdict) -> list[str]:
    return [f"fact {f.fact}: {f.note}" for f in v.facts_read if f.note]


def status_line(v: Verdict) -> str:
    """`partly met, by finding (the rule says false)`."""
    conflict = f" (conflicts with its rule: {v.rule_value})" if v.conflict else ""
    return f"{STATUS_WORDS[v.status]}, {HOW[v.decided_by]}{conflict}"


def flags(v: Verdict) -> str:
    return "dominant" if v.dominant else "significant" if v.significant else ""


def judgement_text(j: Judged, computed: str, label: Label) -> str:
    applied = "" if j.applied else " (not applied: --no-judgements)"
    jump = " It moves the grade by more than one step." if j.jump else ""
    by = f", by {j.by}" if j.by else ""
    head = f"Professional judgement{applied}: {label(j.grade)}{by}; the criteria give {label(computed)}."
    return f"{head}{jump} {j.rationale}"


def provisional_text(a: AreaResult, label: Label) -> str:
    return f"Provisional: up to {label(a.best_possible)} if assessed: {', '.join(a.missing)}"


MATRIX_MARK = {"provisional": "?", "borderline": "~", "judged": "!", "margin": "±"}


def abbreviations(titles: Mapping[str, str]) -> dict[str, str]:
    """Short names from titles ('Neighbourhood Policing' -> 'NP'); ids where they clash."""
    short = {a: "".join(w[0] for w in t.split()).upper() for a, t in titles.items()}
    clashes = {v for v in short.values() if list(short.values()).count(v) > 1}
    return {a: (a if v in clashes else v) for a, v in short.items()}


def gate_text(g: Gate, report: GradeReport) -> str:
    """Why a grade fails a gate of `sgc grade` (--fail-below, --strict), in a line."""
    s = next(r for r in report.results if r.source_file == g.source_file)
    if g.fail_below is not None:
        return f"{g.source_file}: {g.area} grades {s.label(g.grade)}, below --fail-below {s.label(g.fail_below)}"
    return f"{g.source_file}: {g.area} is provisional (missing: {', '.join(g.missing)})"


def warnings(result: object) -> list[str]:
    """What a command should warn about its input, as lint-style lines: files named
    twice, a subject graded from several files, the same file compared with itself."""
    out = []
    if isinstance(result, SummaryResult):
        out += [
            f"{f}: warning: named more than once (or inside a folder also named); counted once"
            for f in result.given_twice
        ]
        for subject, files in result.same_subject.items():
            others = ", ".join(files[:-1])
            out.append(f"{files[-1]}: warning: subject '{subject}' is also graded from {others}; each file is counted")
    elif isinstance(result, (AgreeResult, DiffResult)) and result.same_file:
        if isinstance(result, AgreeResult):
            first, second = result.a_file, result.b_file
        else:
            first, second = result.old_file, result.new_file
        out.append(f"{second}: warning: the same file as {first}; it is compared with itself")
    return out
