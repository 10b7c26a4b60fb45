"""What travels in a hand-over file: each table with its natural key, the fields compared and
written, and the references it holds (Spec); the tables of a year's file and of a unit's file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spec:
    table: str
    key: tuple[str, ...]  # natural key when the uids differ (references matched first)
    fields: tuple[str, ...]  # compared, and written when the file's side is taken
    refs: Mapping[str, str] = field(default_factory=dict)  # column -> table it points at
    folded: tuple[str, ...] = ()  # key columns compared folded (case and marks ignored)
    extra: tuple[str, ...] = ()  # written when the row is new, never compared
    uid: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((("uid",) if self.uid else ()) + self.key + self.fields + self.extra))


U = "units"
VOTE_UNITS = {"next_head_unit_id": U, "next_deputy_unit_id": U, "next_host_unit_id": U}
SPECS: dict[str, Spec] = {s.table: s for s in (
    Spec("clusters", ("name",), ("name", "authority"), folded=("name",)),
    Spec("units", (), ("name", "short_name", "code", "award_track", "founded_on")),
    Spec("memberships", ("unit_id", "year"), ("cluster_id", "role", "award_track"),
         {"cluster_id": "clusters", "unit_id": U}, uid=False),
    Spec("movements", ("cluster_id", "year", "name"),
         ("name", "kind", "doc_number", "doc_date", "doc_issuer", "start_date", "end_date", "note"),
         {"cluster_id": "clusters"}, folded=("name",)),
    Spec("registrations", ("movement_id", "unit_id"), ("registered_on", "titles", "targets"),
         {"movement_id": "movements", "unit_id": U}, uid=False),
    Spec("reviews", ("cluster_id", "year", "kind"),
         ("held_on", "host_unit_id", "cohost_unit_id", "next_host_unit_id", "place", "note"),
         {"cluster_id": "clusters", "host_unit_id": U, "cohost_unit_id": U, "next_host_unit_id": U}, uid=False),
    Spec("scoring_tables", ("cluster_id", "year"), ("title", "tie_rule"), {"cluster_id": "clusters"}),
    Spec("criteria", ("table_id", "group_code", "text"),
         ("position", "group_code", "group_title", "kind", "text", "max_points"),
         {"table_id": "scoring_tables"}, folded=("text",)),
    Spec("unit_scores", ("criterion_id", "unit_id"), ("self_score", "agreed_score", "note", "evidence"),
         {"criterion_id": "criteria", "unit_id": U}),
    Spec("votes", ("cluster_id", "year"),
         ("held_on", "place", "chair", "secretary", "issued", "leading_places", "commend_places",
          "threshold_percent", "base", "status", "closed_at", "reopen_reason", "settings_reason",
          "counting_committee", *VOTE_UNITS),
         {"cluster_id": "clusters", **VOTE_UNITS}),
    Spec("vote_units", ("vote_id", "unit_id"), ("position", "present", "representative"),
         {"vote_id": "votes", "unit_id": U}, uid=False),
    Spec("ballots", ("vote_id", "number"), ("number", "state", "marks", "void_reason"), {"vote_id": "votes"},
         extra=("entered_at",)),
    Spec("calendar_events", ("cluster_id", "year", "kind", "title"), ("kind", "title", "due_on", "done"),
         {"cluster_id": "clusters"}, folded=("title",)),
    Spec("proposals", ("unit_id", "year", "award_code", "vote_id"),
         ("kind", "summary", "votes_for", "votes_total", "status", "submission_number", "submission_date",
          "decision_number", "decision_date", "decision_issuer", "awarded_code", "register_number",
          "return_reason", "override_reason", "movement_id"),
         {"unit_id": U, "movement_id": "movements", "vote_id": "votes"}, extra=("subject", "created_at")),
)}  # fmt: skip
# A unit's file: its registrations and self-scores; the rest is there to match them.
UNIT_FILE_TABLES = (
    "clusters",
    "units",
    "movements",
    "registrations",
    "scoring_tables",
    "criteria",
    "unit_scores",
)
UNIT_SCORE_FIELDS = ("self_score", "note", "evidence")
REFERENCE_IN_UNIT_FILE = ("movements", "scoring_tables", "criteria")
