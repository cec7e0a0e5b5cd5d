"""Source names (teams, recipients) mapped to catalogue roles, keeping their own
names as role labels."""

from __future__ import annotations

import re

from ..model import Catalog

# Words in a team's or recipient's name that point to a catalogue role, strongest first.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "csirt": ("csirt", "cert", "soc", "security", "infosec", "cyber", "ciso", "incident response", "sirt",
              "情報セキュリティ", "セキュリティ"),
    "pr": ("public relations", "communications", "comms", "media", "press", "pr", "marketing", "広報"),
    "legal": ("legal", "counsel", "compliance", "privacy", "regulatory", "dpo", "法務", "総務"),
    "management": (
        "executive", "exec", "management", "leadership", "board", "ceo", "cio", "coo", "cfo", "crisis",
        "director", "senior", "経営", "幹部", "役員", "社長", "危機管理",
    ),
    "vendor": ("vendor", "supplier", "contractor", "third party", "msp", "provider", "maker", "保守", "ベンダー", "委託"),
    "site": ("site", "plant", "facility", "facilities", "field", "ot", "physical", "depot", "現場", "工場", "運転", "監視員"),
    "business": ("business", "finance", "hr", "customer", "sales", "service", "業務", "営業", "経理"),
    "system": (
        "it", "system", "systems", "infrastructure", "network", "ops", "operations", "tech", "engineering",
        "helpdesk", "service desk", "server", "システム", "ヘルプデスク",
    ),
}  # fmt: skip
EVERYONE = {"all", "everyone", "all players", "all teams", "all participants", "players", "全員"}


def _words(name: str) -> str:
    return " " + re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]+", " ", name.lower()).strip() + " "


def role_scores(name: str, catalog: Catalog | None) -> list[str]:
    """Catalogue roles a name may mean, best first (may be empty)."""
    low = name.strip().lower()
    m = re.search(r"\(([a-z0-9-]+)\)\s*$", low)
    if catalog is not None:
        for rid, role in catalog.roles.items():
            names = {
                rid,
                (role.name.en or "").lower(),
                (role.name.ja or "").lower(),
                (role.name.any or "").lower(),
            }
            if low in names or (m and m.group(1) == rid):
                return [rid]
    words = _words(name)
    scored = []
    for rid, keys in ROLE_WORDS.items():
        for rank, key in enumerate(keys):
            hit = key in name if not key.isascii() else f" {key} " in words
            if hit:
                scored.append((rank, list(ROLE_WORDS).index(rid), rid))
                break
    known = set(catalog.roles) if catalog is not None else set(ROLE_WORDS)
    return [rid for _, _, rid in sorted(scored) if rid in known]


class RoleMap:
    """Source names (teams, recipients) → catalogue role ids, each source name its own
    role where the catalogue has one to spare; labels keep the source's names."""

    def __init__(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        self.by_name: dict[str, str] = {}
        self.labels: dict[str, list[str]] = {}
        self.order: list[str] = []

    def role(self, name: str) -> str:
        key = name.strip().lower()
        if key in self.by_name:
            return self.by_name[key]
        known = list(self.catalog.roles) if self.catalog is not None else list(ROLE_WORDS)
        candidates = role_scores(name, self.catalog)
        free = [r for r in candidates if r not in self.labels]
        if free:
            rid = free[0]
        elif candidates:
            rid = candidates[0]
        else:  # nothing in the name points anywhere: the first unused role, else business
            rest = [r for r in ("business", "management", "system", "csirt", "pr", "legal", "site", "vendor")
                    if r in known and r not in self.labels]  # fmt: skip
            rid = rest[0] if rest else (known[0] if known else "business")
        self.by_name[key] = rid
        if rid not in self.labels:
            self.labels[rid] = []
            self.order.append(rid)
        # Tabletop's own export writes a renamed role as 'Label (rid)': the label is what
        # comes back, or every round trip would add another ' (rid)' to it
        label = re.sub(rf"\s*\({re.escape(rid)}\)\s*$", "", name.strip()) or name.strip()
        if label not in self.labels[rid]:
            self.labels[rid].append(label)
        return rid

    def fixed(self, rid: str, label: str) -> str:
        """A source name that is already a catalogue role id (Tabletop's own exports)."""
        self.by_name[rid.lower()] = self.by_name[label.strip().lower()] = rid
        if rid not in self.labels:
            self.labels[rid] = []
            self.order.append(rid)
        if label.strip() and label.strip() != rid and label.strip() not in self.labels[rid]:
            self.labels[rid].append(label.strip())
        return rid

    def labels_for(self, rid: str) -> str:
        return " / ".join(self.labels.get(rid) or [rid])

    def role_labels(self) -> dict[str, str]:
        out = {}
        for rid in self.order:
            if not self.labels[rid]:
                continue
            label = " / ".join(self.labels[rid])
            role = self.catalog.roles.get(rid) if self.catalog is not None else None
            official = {(role.name.en or "").lower(), (role.name.ja or "").lower()} if role else set()
            # a team's own name is kept unless it is the role's name already; 'Legal' for
            # the role 'legal' is a name ("Legal and compliance" would replace it otherwise)
            if label.lower() not in official and label != rid:
                out[rid] = label
        return out
