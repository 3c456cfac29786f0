"""Topics of congress work (监督, 代表工作, 乡镇人大 …) for clauses and for user queries.

The taxonomy is data (index/data/topics.toml); `assign_topics` and `topic_for_query` are pure over it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from index.core.data import read_data
from index.core.requirements import normalize_subject

# A clause under 代表工作 is about 代表工作 whatever its own words; its nearest heading counts
# most, outer ones (支持和保证县人大…和乡镇人大…依法行使职权) only as much as its own text.
NEAREST_HEADING_WEIGHT = 2
OUTER_HEADING_WEIGHT = 1
MIN_SCORE = 2  # one long keyword (4+ characters) or two short ones
RELATIVE_FLOOR = 0.34  # drop topics scoring under a third of the best: mentions, not subjects


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Topic:
        return cls(
            data["name"],
            tuple(data.get("keywords", ())),
            tuple(re.compile(p) for p in data.get("patterns", ())),
            tuple(data.get("exclude", ())),
        )

    def score(self, text: str) -> int:
        """Distinct hits in `text`: 2 for a keyword of 4+ characters or a pattern, else 1."""
        for phrase in self.exclude:
            text = text.replace(phrase, "")
        hits = sum(2 if len(k) >= 4 else 1 for k in self.keywords if k in text)
        return hits + sum(2 for p in self.patterns if p.search(text))


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    ignore: tuple[re.Pattern[str], ...] = ()  # text removed before scoring (role lines)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Taxonomy:
        return cls(
            tuple(Topic.from_dict(t) for t in data.get("topic", [])),
            tuple(re.compile(p) for p in data.get("ignore", ())),
        )


@cache
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped in index/data/topics.toml (package data, read once)."""
    return Taxonomy.from_dict(read_data("topics.toml"))


def assign_topics(heading_chain: list[str], text: str, taxonomy: Taxonomy | None = None) -> list[str]:
    """Topic names for a clause, best first; its heading chain counts double."""
    taxonomy = taxonomy or load_taxonomy()
    headings = [h for h in heading_chain or [] if isinstance(h, str) and h]
    weighted = [(OUTER_HEADING_WEIGHT, h) for h in headings[:-1]] + [(NEAREST_HEADING_WEIGHT, h) for h in headings[-1:]]
    text = text if isinstance(text, str) else ""
    for pattern in taxonomy.ignore:
        text = pattern.sub("", text)
    scored = []
    for order, topic in enumerate(taxonomy.topics):
        score = topic.score(text) + sum(weight * topic.score(h) for weight, h in weighted)
        if score >= MIN_SCORE:
            scored.append((score, order, topic.name))
    best = max((score for score, _, _ in scored), default=0)
    kept = [(-score, order, name) for score, order, name in scored if score >= best * RELATIVE_FLOOR]
    return [name for _, _, name in sorted(kept)]


# Words in a query that ask for a requirement row rather than a topic: 常委会会议频次.
KIND_CUES = (
    # 频次, 几次, and the questions 每年开几次, 多久开一次会.
    ("frequency", re.compile(r"(?:(?:每年|一年|每届)?(?:要|应)?(?:开|召开|举行)?(?:几次|多少次)(?:会议?)?"
                             r"|多久(?:开|召开|举行)?一次(?:会议?)?|(?:召开|举行)?(?:频次|频率|次数))$")),
    ("ratio", re.compile(r"(的?比例|占比|比重|(?:要|应)?占(?:到)?多少)$")),
    ("count", re.compile(r"(名额|人数|职数|数量|配备)$")),
    ("duration", re.compile(r"(时长|课时|学时)$")),
    ("deadline", re.compile(r"(期限|时限)$")),
    ("amount", re.compile(r"(的?(数额|金额))$")),
)


def topic_for_query(query: str, taxonomy: Taxonomy | None = None) -> str | None:
    """A requirement key ("ratio:专职组成人员") or a topic name for a user's phrase, else None."""
    return requirement_key_for_query(query) or taxonomy_topic(query, taxonomy)


def requirement_key_for_query(query: str) -> str | None:
    """The requirement key a phrase with a kind word asks for (常委会会议频次 → frequency:常委会会议), else None."""
    query = re.sub(r"\s+", "", query or "")
    for kind, cue in KIND_CUES:
        rest = cue.sub("", query)
        if rest != query and normalize_subject(rest):
            return f"{kind}:{normalize_subject(rest)}"
    return None


def taxonomy_topic(query: str, taxonomy: Taxonomy | None = None) -> str | None:
    """The taxonomy topic a phrase names, by its name or its longest keyword (代表建议办理 → 建议办理), else None."""
    taxonomy = taxonomy or load_taxonomy()
    query = re.sub(r"\s+", "", query or "")
    if not query:
        return None
    best: tuple[int, str] | None = None
    for topic in taxonomy.topics:
        if topic.name in query:
            return topic.name
        for keyword in topic.keywords:
            if keyword in query and (best is None or len(keyword) > best[0]):
                best = (len(keyword), topic.name)
    return best[1] if best else None


def match_requirement_key(query: str, known_keys: Iterable[str]) -> str | None:
    """The requirement key whose subject a phrase names, among the keys the corpus states.

    The head of a Chinese noun phrase comes last, so a phrase names a subject it ends
    with: 乡镇人大专职副主席 → count:专职副主席, 街道工委专职工作人员 → count:专职工作人员.
    The same subject exactly wins, then the longest; among equals the first of
    `known_keys` (pass them most stated first).
    """
    subject = normalize_subject(re.sub(r"\s+", "", query or ""))
    if not subject:
        return None
    candidates = [
        (stated != subject, -len(stated), order, key)
        for order, key in enumerate(known_keys)
        if len(stated := key.partition(":")[2]) >= 2 and subject.endswith(stated)
    ]
    return min(candidates)[3] if candidates else None


def stated_requirement_key(key: str, known_keys: Iterable[str]) -> str | None:
    """The stated key a kind-cued phrase means when its own subject is no stated one.

    专职比例 asks ratio:专职, which no clause states; the corpus writes the subject out in
    full (ratio:专职组成人员). Same kind, and the typed subject inside the stated one; among
    several, the first of `known_keys` (pass them most stated first).
    """
    kind, _, subject = key.partition(":")
    if len(subject) < 2:
        return None
    for known in known_keys:
        known_kind, _, stated = known.partition(":")
        if known_kind == kind and subject in stated:
            return known
    return None
