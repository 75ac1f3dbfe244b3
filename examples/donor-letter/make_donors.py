#!/usr/bin/env python3
"""Writes donors.csv: 1,000 made-up donors for the mail-merge example (merge.sh).

Deterministic (a fixed linear congruential generator, not `random`), so every run writes the same
bytes. The file exercises what real exports contain: English and Korean names, fields with quoted
commas and doubled quotes, a two-line address in every row (an embedded newline), amounts in two
currencies with thousands separators, and ISO dates.

Usage: examples/donor-letter/make_donors.py [OUTPUT.csv]   (default: donors.csv beside this script)
"""
import csv
import os
import sys


class Lcg:
    """Numerical Recipes' LCG: the same sequence on every Python."""

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 1664525 + 1013904223) % 2**32
        return (self.state >> 8) % n

    def pick(self, items):
        return items[self.below(len(items))]


ENGLISH_FIRST = ["Sofia", "Amara", "Joon", "Tomás", "Grace", "Daniel", "Nadia", "Oliver", "Priya", "Mateo",
                 "Hannah", "Kwame", "Isabel", "Liam", "Chiara", "Samuel", "Aisha", "Felix", "Maya", "Ethan"]
ENGLISH_LAST = ["Okafor", "Nair", "Park", "Haddad", "Silva", "O'Brien", "Mensah", "Kowalski", "Fischer", "Moreau",
                "Santos", "Lindqvist", "Adeyemi", "Costa", "Novak", "Walsh", "Rahman", "Bianchi", "Dubois", "Reyes"]
KOREAN_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오"]
KOREAN_GIVEN = ["민지", "서연", "지훈", "도윤", "하은", "지원", "수빈", "예준", "서준", "유진", "현우", "은비"]
ORGANISATIONS = ["Friends of the Lantern, Busan Chapter", "Okafor & Sons, Ltd.", "Porto Families' Circle, Inc.",
                 "Saint Brigid's Parish, Dublin"]
STREETS = [("Harbour Street", "Accra"), ("Rua das Flores", "Porto"), ("Marine Road", "Lagos"),
           ("Ulica Długa", "Kraków"), ("Abbey Street", "Dublin"), ("Rue Oberkampf", "Paris"),
           ("Lindenstraße", "Berlin"), ("Via Roma", "Turin")]
KOREAN_STREETS = [("세종대로", "서울특별시 종로구"), ("중앙대로", "부산광역시 동구"), ("동성로", "대구광역시 중구")]
COUNTRIES = {"Accra": "GH", "Porto": "PT", "Lagos": "NG", "Kraków": "PL", "Dublin": "IE", "Paris": "FR",
             "Berlin": "DE", "Turin": "IT"}


def donor(n, rng):
    kind = "korean" if n % 5 == 2 else "organisation" if n % 37 == 3 else "english"
    day = 1 + rng.below(28)
    month = 1 + rng.below(5)
    row = {"id": f"D{n:04d}", "gift_date": f"2026-{month:02d}-{day:02d}"}
    if kind == "korean":
        family, given = rng.pick(KOREAN_FAMILY), rng.pick(KOREAN_GIVEN)
        street, city = rng.pick(KOREAN_STREETS)
        row["name"] = family + given
        row["salutation"] = f"친애하는 {family}{given} 님"
        row["amount"] = f"₩{(1 + rng.below(40)) * 25000:,}"
        row["address"] = f"{city} {street} {1 + rng.below(300)}\n대한민국"
        row["country"] = "KR"
    else:
        first, last = rng.pick(ENGLISH_FIRST), rng.pick(ENGLISH_LAST)
        street, city = rng.pick(STREETS)
        if kind == "organisation":
            row["name"] = rng.pick(ORGANISATIONS)
            row["salutation"] = "Dear friends"
        else:
            row["name"] = f"{first} {last}"
            row["salutation"] = f"Dear {first}"
        row["amount"] = f"€{(1 + rng.below(120)) * 25:,}"
        row["address"] = f"{1 + rng.below(200)} {street}\n{city}, {COUNTRIES[city]}"
        row["country"] = COUNTRIES[city]
    return row


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "donors.csv")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = Lcg(20260602)
    columns = ["id", "name", "salutation", "amount", "gift_date", "address", "country"]
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for n in range(1, count + 1):
            row = donor(n, rng)
            if n == 3:  # doubled quotes and a comma in one field
                row["name"] = 'The "Lantern" Circle, Busan'
                row["salutation"] = 'Dear friends of the "Lantern"'
            if n == 1000:  # a large gift: two thousands separators inside quotes
                row["amount"] = "€1,250,000"
            writer.writerow(row)


if __name__ == "__main__":
    main()
