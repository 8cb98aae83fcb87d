#!/usr/bin/env python3
"""Merge the researched deal terms, equity, financing and site power into the seed.

Usage: scripts/merge_terms.py RESEARCH_DIR [SEED_DIR]

RESEARCH_DIR holds equity.json, financing.json, deal-terms.json, site-power.json
and counterparties-a.json (the shapes of the terms audit). The script is
idempotent: running it twice gives the same seed. It writes equity.json and
financing.json, sets the term fields on deals.json and the power fields on
sites.json (the site's former "grid" becomes "iso"; the research's ISO wins),
adds the new counterparties and bumps meta.json's revision. `go run . lint`
checks the result.
"""
import json
import os
import sys

research = sys.argv[1]
seed = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "dataset", "seed")


def load(d, name):
    with open(os.path.join(d, name)) as f:
        return json.load(f)


def save(name, v):
    with open(os.path.join(seed, name), "w") as f:
        json.dump(v, f, indent=2, ensure_ascii=False)
        f.write("\n")


def clean_sources(ss):
    return [{k: s[k] for k in ("url", "publisher", "title", "date", "kind", "note") if s.get(k) not in (None, "")} for s in ss]


# Financing records whose amount is part of another (a draw, a conversion).
PART_OF = {
    "applied-digital-macquarie-preferred-2025-11": "applied-digital-macquarie-preferred-2025-01",
    "bitfarms-macquarie-project-loan-2025-10": "bitfarms-macquarie-loan-2025-04",
}
# Amounts that are the proposed size, not the priced one (see each record's notes).
PROPOSED = {"iren-convertible-2026-05", "core-scientific-notes-2026-04", "galaxy-exchangeable-2024-11"}
# Amounts that are a facility's commitment.
FACILITY = {"cipher-revolver-2026-03", "iren-term-loan-2026-05", "applied-digital-macquarie-preferred-2025-01",
            "core-scientific-loan-2026-03", "bitfarms-macquarie-loan-2025-04", "coreweave-term-loan-2025-09"}

changed = []

# Counterparties.
cps = load(seed, "counterparties.json")
have = {c["id"] for c in cps}
for c in load(research, "counterparties-a.json"):
    if c["id"] not in have:
        cps.append(c)
        changed.append("counterparty " + c["id"])
save("counterparties.json", cps)

# Equity.
eq_out = []
for e in load(research, "equity.json"):
    r = {"id": e["id"], "holder": e["holder"], "issuer": e["issuer"], "instrument": e["instrument"],
         "shares": e.get("shares"), "strike_usd": e.get("strike_usd"), "percent": e.get("percent")}
    if e.get("percent_basis"):
        r["percent_basis"] = e["percent_basis"]
    r["value_usd"] = e.get("value_usd")
    if e.get("value_basis"):
        r["value_basis"] = e["value_basis"]
    for k in ("vesting", "date", "deal", "verified", "notes"):
        if e.get(k) not in (None, ""):
            r[k] = e[k]
    r["sources"] = clean_sources(e["sources"])
    eq_out.append(r)
save("equity.json", eq_out)

# Financing.
fin_out = []
for f in load(research, "financing.json"):
    r = {"id": f["id"], "issuer": f["issuer"], "kind": f["kind"], "amount_usd": f.get("amount_usd")}
    if f.get("amount_usd") is not None:
        r["amount_basis"] = ("draw" if f["id"] in PART_OF and "draw" in f.get("notes", "").lower() else
                             "proposed" if f["id"] in PROPOSED else
                             "facility" if f["id"] in FACILITY or f["id"] in PART_OF else "issued")
    if f["id"] in PART_OF:
        r["part_of"] = PART_OF[f["id"]]
    r["coupon_pct"] = f.get("coupon_pct")
    for k in ("maturity", "use_of_proceeds", "sites", "deals", "date"):
        if f.get(k) not in (None, "", []):
            r[k] = f[k]
    if f.get("currency") not in (None, "", "USD"):
        for k in ("currency", "amount_orig", "fx_rate", "fx_date"):
            r[k] = f.get(k)
    for k in ("verified", "notes"):
        if f.get(k):
            r[k] = f[k]
    r["sources"] = clean_sources(f["sources"])
    fin_out.append(r)
save("financing.json", fin_out)

# Deal terms.
deals = load(seed, "deals.json")
by_id = {d["id"]: d for d in deals}
TERM_KEYS = ["prepayment_usd", "lease_structure", "escalator_pct", "renewal_count", "renewal_years", "option_mw",
             "option_kind", "currency", "value_orig", "fx_rate", "fx_date"]
for did, t in load(research, "deal-terms.json").items():
    d = by_id[did]
    for k in TERM_KEYS:
        if t.get(k) is not None:
            d[k] = t[k]
    if t.get("renewal_count") is not None:
        d["renewal_count"] = int(t["renewal_count"])
    if t.get("jv_share_pct") is not None:
        if d["type"] == "jv":
            d["share"] = round(t["jv_share_pct"] / 100, 6)
        else:
            print(f"{did}: jv_share_pct given on a {d['type']} deal; kept in terms_note only", file=sys.stderr)
    for k in ("end_user", "guarantor", "guarantee_usd"):
        if t.get(k) is not None:
            if d.get(k) not in (None, t[k]):
                print(f"{did}: {k} {d.get(k)!r} in the seed, {t[k]!r} in the research: research kept", file=sys.stderr)
            d[k] = t[k]
    if t.get("terms_note"):
        d["terms_note"] = t["terms_note"]
    if t.get("terms_sources"):
        d["terms_sources"] = clean_sources(t["terms_sources"])
        d["terms_verified"] = t.get("verified", "2026-12-03")
    changed.append("deal " + did)
save("deals.json", deals)

# Site power: iso replaces grid.
sites = load(seed, "sites.json")
power = load(research, "site-power.json")
for s in sites:
    grid = s.pop("grid", None)
    p = power.get(s["id"], {})
    iso = p.get("iso")
    if iso is None and grid and "conflict" not in p.get("power_note", "").lower() and s["id"] != "abernathy":
        iso = grid  # the research gave none: keep the seed's grid
    for k in ("power_source", "power_mix"):
        if p.get(k):
            s[k] = p[k]
    if iso:
        s["iso"] = iso
    if p.get("interconnection"):
        s["interconnection"] = p["interconnection"]
    if p.get("regulatory"):
        s["regulatory"] = [{"flag": r["flag"], "note": r["note"], "sources": clean_sources(r["sources"])} for r in p["regulatory"]]
    if p.get("power_note"):
        note = p["power_note"]
        if grid and grid != iso:
            note += f" (The seed's former grid field said {grid}.)" if f"former grid field said {grid}" not in note else ""
        s["power_note"] = note
    if p.get("power_sources"):
        s["power_sources"] = clean_sources(p["power_sources"])
        s["power_verified"] = p.get("verified", "2026-12-03")
save("sites.json", sites)

# Re-order keys of sites and deals so the new blocks sit before verified.
def reorder(recs, keys):
    for i, r in enumerate(recs):
        tail = {k: r.pop(k) for k in ("verified", "confidence", "notes", "sources") if k in r}
        r.update(tail)
reorder(sites, None)
reorder(deals, None)
save("sites.json", sites)
save("deals.json", deals)

meta = load(seed, "meta.json")
marker = "Deal terms, equity/warrants, financing and site power"
if marker not in meta.get("notes", ""):
    meta["revision"] += 1
    meta["notes"] += (" " + marker + " (revision %d): equity.json and financing.json are records of their own; "
                      "deal terms (lease structure, escalator, renewals, options, prepayment, JV share, original currency) "
                      "and site power (power source, ISO, interconnection, regulatory flags) carry their own sources "
                      "(terms_sources, power_sources) and check date. A site's ISO replaces the former grid field." % meta["revision"])
save("meta.json", meta)
print(f"equity {len(eq_out)}, financing {len(fin_out)}, {len(changed)} records changed, revision {meta['revision']}")
