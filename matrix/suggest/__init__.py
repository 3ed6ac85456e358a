"""Who could lead a measure no note assigns: candidates from the office's own registry,
each with a score and a reason a clerk can check. Shown, never applied: a suggestion
reaches a lead or support cell only when the clerk copies it into overrides.yaml.

Evidence is what the office's documents already assign (after its overrides, and in
every earlier version kept in history): the measures most like this one (similar.py)
vote for their leads, mapped to the office's bureau of the same function (functions.py);
a bureau whose registry `duties` words the measure uses gets a vote of its own.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import yaml

from .. import store
from ..fileio import write_text_atomic
from ..layout import Layout
from ..errors import MatrixError
from ..model import Document, Measure
from ..registry import Registry
from ..parse.normalize import simplified
from .functions import Office, level_of, office_level, words_of
from .similar import Index

TOP = 3              # candidates shown per measure
NEIGHBOURS = 15      # similar measures that vote
MIN_SIMILARITY = 0.03    # below this a measure is not "like" the other one
DUTY_WEIGHT = 0.3    # one registry duty word in the title counts as this much
NAME_WEIGHT = 0.15   # the bureau's own function word (科技, 水利) in the title
MAX_SUPPORT = 3
SUPPORT_AGREE = 3     # similar measures that must name a support bureau
SUPPORT_SHARE = 0.4   # … and the share of the similarity they must carry
# Set by leave-one-out (benchmarks/suggest.py): a close match's vote is its similarity
# squared; a bureau that supported a similar measure gets 0.4 of a lead's vote.
POWER = 2.0
SUPPORT_VOTE = 0.4
NAMED_WEIGHT = 0.6   # the measure's own words name the bureau (twice that: “…牵头”)
GENRE_PHRASES = re.compile("高质量|高标准|高水平|高品质|高效能")
COMMON_WORD = 0.25   # a duty word in more of the measures than this is not evidence
MIN_SHARE = 0.05     # a candidate with less of the evidence is not shown


@dataclass(frozen=True, slots=True)
class Evidence:
    """One measure a document assigned: what it says and who leads and supports it."""
    document: str        # the document's key (file stem)
    title: str           # the document's title, for reasons
    measure: str         # the measure's id
    measure_title: str
    text: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    earlier: bool = False    # from an earlier version kept in history


@dataclass(frozen=True, slots=True)
class Candidate:
    agency: str
    score: float         # its share of the evidence, 0–1
    reason: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    document: str        # file stem, as overrides.yaml names documents
    measure: str
    title: str
    lead: tuple[Candidate, ...]
    support: tuple[Candidate, ...] = ()


def _roles(m: Measure) -> tuple[list[str], list[str]]:
    lead = list(m.lead) or list(dict.fromkeys(a for t in m.tasks for a in t.lead))
    support = list(m.support) or list(dict.fromkeys(a for t in m.tasks for a in t.support))
    return lead, [a for a in support if a not in lead]


def needs_suggestion(m: Measure) -> bool:
    """Listed as unassigned by build: no lead anywhere in it, and not exempted."""
    return m.needs_lead and not _roles(m)[0]


def plain_text(m: Measure) -> str:
    """What the measure is about, without its assignment note: the title twice (it names
    the subject best), then the clause texts, the agencies' names taken out."""
    body = " ".join(t.text for t in m.tasks) if m.tasks else m.text
    for name in sorted({*m.lead, *m.support, *(a for t in m.tasks for a in t.lead + t.support)},
                       key=len, reverse=True):
        body = body.replace(name, " ")
    # Matched in simplified characters, so a 繁體 document finds its simplified peers.
    return simplified(f"{m.title} {m.title} {body}")


def evidence_of(docs: Iterable[Document], registry: Registry, earlier: bool = False
                ) -> list[Evidence]:
    out = []
    for doc in docs:
        for m in doc.measures:
            lead, support = _roles(m)
            if not lead:
                continue
            out.append(Evidence(doc.key, doc.title, m.id, m.title, plain_text(m),
                                tuple(dict.fromkeys(registry.canonical(a) for a in lead)),
                                tuple(dict.fromkeys(registry.canonical(a) for a in support)),
                                earlier))
    return out


def history_documents(folder: Optional[Path]) -> tuple[list[Document], list[MatrixError]]:
    """Every earlier version kept in the parsed-files folder's history/."""
    docs, errors = [], []
    hist = Path(folder) / store.HISTORY if folder else None
    if hist is None or not hist.is_dir():
        return docs, errors
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(hist.glob("*.yaml")):
        # Files we wrote, read often: libyaml's loader, without the line numbers that
        # messages about a hand-written file need.
        try:
            docs.append(store.from_dict(yaml.load(path.read_text(encoding="utf-8"),
                                                  Loader=loader), str(path)))
        except (MatrixError, yaml.YAMLError, UnicodeDecodeError, OSError) as e:
            errors.append(e if isinstance(e, MatrixError) else MatrixError(str(e), str(path)))
    return docs, errors


def for_build(docs: Sequence[Document], registry: Registry, history: Optional[Path],
              level: Optional[str], state: Path) -> list[Suggestion]:
    """`suggest` for build's 未分配 sheet, remembered in `state` under a key of everything
    it depends on (the documents' words and roles, the earlier versions kept, the
    registry, the level, this code): a rebuild with nothing changed costs a hash."""
    hist = Path(history) / store.HISTORY if history else None
    key = _fingerprint(docs, registry, level,
                       sorted(p.name for p in hist.glob("*.yaml")) if hist and hist.is_dir() else [])
    try:
        kept = json.loads(Path(state).read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return [_from_data(d) for d in kept["suggestions"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    earlier, _errors = history_documents(history)      # unreadable history: no evidence
    found = suggest(docs, registry, earlier, level=level)
    try:
        write_text_atomic(Path(state), json.dumps(
            {"key": key, "suggestions": [dataclasses.asdict(x) for x in found]},
            ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass                      # not remembered: the next build works it out again
    return found


def _fingerprint(docs, registry: Registry, level, history: list[str]) -> str:
    h = hashlib.sha256()
    code = Path(__file__).parent
    for f in sorted(code.glob("*.py")):
        h.update(f.read_bytes())
    h.update(json.dumps([[a.name, a.aliases, a.group, list(a.duties)] for a in registry.agencies],
                        ensure_ascii=False).encode())
    h.update(json.dumps([level, history], ensure_ascii=False).encode())
    for d in docs:
        h.update(f"\x1e{d.key}\x1f{d.title}\x1f{d.issuer}".encode())
        for m in d.measures:
            h.update("\x1d".join([m.id, m.title, m.text, "、".join(m.lead), "、".join(m.support),
                                   str(m.exempt), *("、".join(t.lead + ["|"] + t.support)
                                                    for t in m.tasks)]).encode())
    return h.hexdigest()


def _from_data(d: dict) -> Suggestion:
    return Suggestion(d["document"], d["measure"], d["title"],
                      tuple(Candidate(**c) for c in d["lead"]),
                      tuple(Candidate(**c) for c in d["support"]))


class Suggester:
    """The evidence of a set of documents, indexed once; asked per measure."""

    def __init__(self, evidence: Sequence[Evidence], registry: Registry,
                 level: Optional[str] = None):
        # The same measure in several versions of a document votes once.
        seen: dict[tuple, Evidence] = {}
        for e in evidence:
            seen.setdefault((e.measure_title, e.text, e.lead), e)
        self.evidence = list(seen.values())
        self.registry = registry
        self.level = level
        self.index = Index([e.text for e in self.evidence])
        self._offices: dict[Optional[str], Office] = {}
        self._own_cache: dict[Optional[str], list] = {}
        self._common: dict[str, bool] = {}

    def office(self, doc: Document) -> Office:
        level = office_level(self.registry, doc.issuer, self.level, doc.agencies())
        if level not in self._offices:
            self._offices[level] = Office(self.registry, level)
        return self._offices[level]

    def _map(self, office: Office, names: Iterable[str]) -> list[str]:
        if not self.registry.agencies:       # no registry: the names as documents write them
            return [n for n in names if not n.startswith("各")]
        return list(dict.fromkeys(a for n in names for a in office.candidates(n)))

    def suggest(self, doc: Document, m: Measure, top: int = TOP,
                exclude: Optional[tuple[str, str]] = None) -> Suggestion:
        """Candidates for one measure of `doc`. `exclude` (document, measure id) leaves a
        measure's own evidence out, as the leave-one-out benchmark needs."""
        office = self.office(doc)
        text = plain_text(m)
        skip = frozenset(i for i, e in enumerate(self.evidence)
                         if (e.document, e.measure) == exclude) if exclude else frozenset()
        hits = [(self.evidence[i], s) for i, s in self.index.query(text, NEIGHBOURS + len(skip), skip)
                if s >= MIN_SIMILARITY][:NEIGHBOURS]
        votes: dict[str, float] = {}
        why: dict[str, tuple[Evidence, float, str]] = {}
        for e, s in hits:
            # Close matches count for much more than loose ones.
            share = s ** POWER
            for role, names, weight in (("牵头", e.lead, share),
                                        ("配合", e.support, share * SUPPORT_VOTE)):
                for agency in self._map(office, names):
                    votes[agency] = votes.get(agency, 0.0) + weight
                    if agency not in why or why[agency][1] < weight:
                        why[agency] = (e, weight, role)
        duties = self._words(office, m)
        for agency, (score, _words) in duties.items():
            votes[agency] = votes.get(agency, 0.0) + score
        named = self._named(office, m)
        for agency, score in named.items():
            votes[agency] = votes.get(agency, 0.0) + score
        total = sum(votes.values())
        ranked = sorted(votes.items(), key=lambda p: (-p[1], self.registry.order(p[0]), p[0]))
        lead = tuple(Candidate(a, round(v / total, 2),
                               _reason(why.get(a), duties.get(a), a in named))
                     for a, v in ranked[:top] if v / total >= MIN_SHARE)
        support = self._support(office, hits, {c.agency for c in lead[:1]})
        return Suggestion(doc.key, m.id, m.title, lead, support)

    def _words(self, office: Office, m: Measure) -> dict[str, tuple[float, list[str]]]:
        """Bureaus whose registry duties, or whose own function word (科技, 水利), the
        measure uses: in its title counts double."""
        out = {}
        # 质量 in 高质量发展, 标准 in 高标准农田: the genre's phrases are nobody's duty.
        title, body = (GENRE_PHRASES.sub("", t) for t in (simplified(m.title), plain_text(m)))
        for a in self._own(office):
            duties = [w for w in a.duties if w in body and not self._everywhere(w)]
            named = [w for w in words_of(a.name) if w in body and not self._everywhere(w)][:1]
            score = sum((1.0 if w in title else 0.5) * DUTY_WEIGHT for w in duties)
            score += sum((1.0 if w in title else 0.5) * NAME_WEIGHT for w in named)
            if score:
                out[a.name] = (score, duties + [w for w in named if w not in duties])
        return out

    def _named(self, office: Office, m: Measure) -> dict[str, float]:
        """The office's own bureaus the measure's words name (由市中小企业局综合协调处牵头负责
        in a note the parser could not read as one): the strongest evidence there is. The
        agencies the measure's own notes name are not looked for: they assign it already."""
        body = plain_text(m)
        out = {}
        for a in self._own(office):
            for n in (a.name, *a.aliases):
                at = body.find(simplified(n)) if len(n) >= 3 else -1
                if at >= 0:
                    after = body[at + len(n):at + len(n) + 6]
                    out[a.name] = NAMED_WEIGHT * (2 if "牵头" in after or "负责" in after else 1)
                    break
        return out

    def _everywhere(self, word: str) -> bool:
        """A word in most measures (中小企业 in an SME plan) tells one bureau from no other."""
        got = self._common.get(word)
        if got is None:
            n = sum(1 for e in self.evidence if word in e.text)
            got = self._common[word] = n > COMMON_WORD * max(len(self.evidence), 1)
        return got

    def _own(self, office: Office) -> list:
        """The office's bureaus at its own level (those a measure's words may point to)."""
        key = office.level
        if key not in self._own_cache:
            self._own_cache[key] = [a for a in self.registry.agencies
                                    if not a.group and office.mine(a.name)]
        return self._own_cache[key]

    def _support(self, office: Office, hits, lead: set[str]) -> tuple[Candidate, ...]:
        """Support only where the evidence agrees: named in SUPPORT_AGREE or more similar measures."""
        votes: dict[str, float] = {}
        count: dict[str, int] = {}
        best: dict[str, tuple[Evidence, float, str]] = {}
        for e, s in hits:
            for agency in set(self._map(office, e.support)) - lead:
                votes[agency] = votes.get(agency, 0.0) + s
                count[agency] = count.get(agency, 0) + 1
                if agency not in best or best[agency][1] < s:
                    best[agency] = (e, s, "配合")
        mass = sum(s for _e, s in hits) or 1.0
        ranked = sorted(((a, v) for a, v in votes.items() if count[a] >= SUPPORT_AGREE and v / mass >= SUPPORT_SHARE),
                        key=lambda p: (-p[1], self.registry.order(p[0]), p[0]))
        return tuple(Candidate(a, round(v / mass, 2), _reason(best[a], None))
                     for a, v in ranked[:MAX_SUPPORT])


def _reason(hit: Optional[tuple[Evidence, float, str]],
            duty: Optional[tuple[float, list[str]]], named: bool = False) -> str:
    parts = []
    if named:
        parts.append("措施原文提到该单位")
    if hit:
        e, _s, role = hit
        version = "（旧版本）" if e.earlier else ""
        who = "、".join(e.lead if role == "牵头" else e.support)
        parts.append(f"相似措施：《{e.title}》{version}{e.measure}“{e.measure_title}”，"
                     f"由{who}{role}")
    if duty:
        parts.append("措施涉及：" + "、".join(duty[1]))
    return "；".join(parts)


def suggest(docs: Sequence[Document], registry: Registry, earlier: Sequence[Document] = (),
            top: int = TOP, level: Optional[str] = None) -> list[Suggestion]:
    """A suggestion for every measure of `docs` that build lists as unassigned (`docs` with
    their overrides applied, so the office's own corrections are evidence too)."""
    wanted = [(d, m) for d in docs for m in d.measures if needs_suggestion(m)]
    if not wanted:
        return []
    suggester = Suggester(evidence_of(docs, registry) + evidence_of(earlier, registry, True),
                          registry, level)
    return [suggester.suggest(d, m, top) for d, m in wanted]


@dataclass
class Found:
    """What `matrix suggest` reports: a suggestion per unassigned measure, and the files
    that could not be read or were left out on the way (as build would say)."""
    suggestions: list[Suggestion]
    errors: list[MatrixError]
    notes: list[str]


def suggest_files(paths: Sequence[Path], config, out_dir: Optional[Path] = None,
                  top: int = TOP) -> Found:
    """`matrix suggest`: the parsed files as build takes them (overrides applied, each
    document once), with their earlier versions as evidence too."""
    from .. import corpus
    from ..build import overridden, roots
    from ..prepare import prepare
    from ..i18n import _
    paths = list(paths)
    default = Layout(out_dir or config.output).measures
    missing = [p for p in paths if not Path(p).exists() and Path(p) != default]
    if missing:
        raise MatrixError(_("no such file or folder"), str(missing[0]))
    if not store.parsed_files(paths) or not any(Path(p).exists() for p in paths):
        raise MatrixError(_("nothing parsed yet: run `matrix run` first (or `matrix parse "
                            "DOC...`)"), ", ".join(str(p) for p in paths))
    found = corpus.load(paths, roots(config), set_aside=False, folder=default,
                        prefer=overridden(config))
    docs = prepare(found.documents, config).documents
    folders = {p.parent for p in store.parsed_files(paths)}
    earlier, errors = history_documents(folders.pop() if len(folders) == 1 else None)
    level = (config.settings.get("suggest") or {}).get("level")
    notes = list(found.notes)
    if not config.registry.agencies:
        notes.append(_("config/agencies.yaml lists no agencies: the candidates are agencies as "
                       "the documents write them, of any level; list your own bureaus there"))
    elif level and not any(level_of(a.name) == level for a in config.registry.agencies):
        notes.append(_("the registry has no bureau at the level '{level}' that suggest.level "
                       "names: nothing can be suggested").format(level=level))
    return Found(suggest(docs, config.registry, earlier, top, level),
                 found.errors + errors, notes)
