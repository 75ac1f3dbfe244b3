#!/usr/bin/env python3
"""Writes cases.yaml: 50 invented casework records for the casebook example (deterministic)."""
import random

rng = random.Random(2026)
first = ["Amara", "Tomás", "Ji-won", "Lena", "Kwame", "Sofia", "Minh", "Yusuf", "Elif", "Mateo", "Hana", "Ravi"]
last = ["Okafor", "Ferreira", "Han", "Novak", "Mensah", "Rossi", "Nguyen", "Haddad", "Kaya", "Silva", "Kim", "Iyer"]
kinds = ["detention without charge", "denial of counsel", "travel ban", "unlawful search",
         "incommunicado detention", "press licence revoked", "assembly dispersed", "eviction without notice"]
regions = ["Porto Calvo", "the northern districts", "San Aurelio", "the river provinces", "Isla Verde"]
statuses = ["open", "open", "referred", "closed", "awaiting reply"]
handlers = ["M. Duarte", "S. Park", "A. Laine", "R. Osei"]

lines = ["# Invented casework records for examples/casebook (written by make_cases.py): a YAML list."]
for n in range(1, 51):
    name = f"{rng.choice(first)} {rng.choice(last)}"
    kind = rng.choice(kinds)
    year, month, day = 2025, rng.randint(1, 12), rng.randint(1, 28)
    lines += [
        f"- id: C-{n:03d}",
        f"  title: \"{kind.capitalize()} in {rng.choice(regions)}\"",
        f"  status: {rng.choice(statuses)}",
        f"  opened: {year}-{month:02d}-{day:02d}",
        f"  handler: {rng.choice(handlers)}",
        f"  person: {name}",
        f"  summary: \"A petition on behalf of the person concerned reports {kind}. The case was documented"
        f" from {rng.randint(2, 9)} interviews and court records.\"",
    ]
open("cases.yaml", "w", encoding="utf-8").write("\n".join(lines) + "\n")
