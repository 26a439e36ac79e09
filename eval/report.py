"""Table helpers for eval/run: recall figures and Markdown tables."""


def pct(part, whole):
    return "-" if whole == 0 else "%.1f%%" % (100.0 * part / whole)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def family_recall(samples, hit):
    """Each family weighs one, by the share of its members that hit."""
    families = {}
    for s in samples:
        families.setdefault(s["family"], []).append(hit(s))
    if not families:
        return 0.0, 0
    score = sum(sum(v) / len(v) for v in families.values())
    return score, len(families)


def recall_rows(malicious, at_least):
    rows = []
    n = len(malicious)
    for level in ("high", "medium"):
        hit = sum(1 for s in malicious if at_least(s["risk"], level))
        rows.append(["malicious at >= %s" % level, "%d/%d" % (hit, n), pct(hit, n), "per sample"])
    for level in ("high", "medium"):
        score, fams = family_recall(malicious, lambda s, l=level: at_least(s["risk"], l))
        rows.append(["families at >= %s" % level, "%.1f/%d" % (score, fams),
                     pct(score, fams), "each family weighs one"])
    want = sum(len(s["expected_caps"]) for s in malicious)
    got = sum(len(set(s["expected_caps"]) & set(s["caps"])) for s in malicious)
    rows.append(["expected capabilities reported", "%d/%d" % (got, want), pct(got, want),
                 "malicious samples"])
    return rows
