#!/usr/bin/env python3
"""Writes 05-annex.md: the report's annex of case summaries and its table of 150 cases.

The cases are invented (Calvera is fictional) but follow the report's own figures and coding rules.
The output is committed together with this script; run it again after changing it:

    python3 examples/report/make_annex.py > examples/report/05-annex.md
"""
import random

REGIONS = ["North", "Central", "Coastal", "Islands"]
TOWNS = {
    "North": ["Alta Vista", "Sierra Roja", "Monteclaro", "Puente Viejo"],
    "Central": ["San Calvera", "Villa Nueva", "Los Pinos", "Santa Inés"],
    "Coastal": ["Puerto Salina", "Bahía Clara", "Punta Arenas", "Costa Azul"],
    "Islands": ["Isla Mayor", "Isla Perla", "Cayo Verde", "Isla Menor"],
}
GROUNDS = ["public order law", "unlawful assembly", "insulting an official", "no charge recorded",
           "membership of an unregistered union", "spreading false news"]
REPLIES = ["none", "acknowledgement", "request for information", "government answer", "opinion"]
OCCUPATIONS = ["a teacher", "a fisherman", "a nurse", "a student", "a bus driver", "a market trader",
               "a journalist", "a community organiser", "a lawyer", "a farmer", "a dock worker", "a pharmacist"]
OUTCOMES = [
    "was released without charge after {days} days",
    "was brought before a judge after {days} days and released on bail",
    "was still held at the end of the study, {days} days after the arrest",
    "was transferred to a prison in the capital after {days} days; the family learned of it by chance",
    "was released after {days} days, a week after the government's answer reached the mechanism",
]
WAITING = [
    "The family wrote {letters} letters in all, each one shorter than the last.",
    "A neighbour who had seen the arrest signed the petition as a witness.",
    "The petition was written by hand and transcribed twice for this study.",
    "The acknowledgement letter was the first document that named the detention.",
    "The family asked us to keep the detained person's name out of this report.",
    "A lawyer joined the case only after the first reply, and the later petitions are much more precise.",
]
CONTEXT = [
    "The arrest took place at night, at the family's home, in front of two children.",
    "No arrest warrant was shown, and the officers did not say where they were taking the person.",
    "The family first went to the nearest police station, where nobody would confirm the arrest.",
    "A local organisation drafted the petition with the family within a week of the arrest.",
    "The petition attached a copy of an identity card and a statement by a neighbour.",
    "The person had been arrested once before, in 2018, and released after a few hours.",
    "The family's own account was written in Spanish and translated by the organisation.",
    "A second petition, sent a year later, added the name of the officer in charge.",
]
NOTES = [
    "The date of arrest is the one given by the family; the police record gives a date two days later.",
    "This case was also raised by a trade union federation, whose letter we did not count as a separate petition.",
    "The government's answer denied that any detention had taken place; a court record obtained later shows otherwise.",
    "The Working Group's opinion in this case is among the few published for Calvera in the period.",
    "Two organisations sent the same petition; the duplicate check of chapter 2 kept the earlier one.",
    "The place of detention was never confirmed; the family was told three different places.",
]


def case_rows(rng):
    rows = []
    for n in range(1, 151):
        region = REGIONS[min(3, int(rng.random() ** 1.3 * 4))]
        year = 2019 + rng.randrange(7)
        days = rng.choice([4, 5, 7, 9, 12, 16, 21, 30, 45, 60, 90, 120, 180, 240, 365, 410])
        reply = REPLIES[min(4, int(rng.random() ** 2.2 * 5))]
        rows.append({
            "id": f"C-{n:03d}", "region": region, "town": rng.choice(TOWNS[region]), "year": year,
            "ground": rng.choice(GROUNDS), "days": days, "reply": reply,
            "released": "yes" if rng.random() < (0.45 if reply != "none" else 0.3) else "no",
        })
    return rows


def summary(rng, case, note):
    who = rng.choice(OCCUPATIONS)
    text = [f"### Case {case['id']}: {case['town']}, {case['year']}", ""]
    first = (f"The person named in this petition, {who} from {case['town']}, was detained in {case['year']} "
             f"on the ground recorded as *{case['ground']}*. The petition reached the mechanisms "
             f"{rng.choice(['within a month', 'after three months', 'late in the same year', 'the following spring'])}, "
             f"and the reply coded for it is: {case['reply']}.")
    if note:
        first += f"[^{case['id'].lower()}]"
    first += " " + " ".join(rng.sample(CONTEXT, 2))
    text.append(first)
    text.append("")
    outcome = rng.choice(OUTCOMES).format(days=case["days"])
    waiting = rng.sample(WAITING, 2)
    text.append(f"The detained person {outcome}. " + waiting[0].format(letters=rng.randrange(2, 7)) + " " +
                waiting[1].format(letters=rng.randrange(2, 7)) + " " + rng.choice([
                    "Nothing in the file suggests that the petition changed the course of the case.",
                    "The family believes the petition made the difference; we cannot tell.",
                    "The reply arrived after the release and was read by the family only later.",
                    "The file ends with a note of thanks from the family to the organisation that wrote it.",
                ]))
    text.append("")
    if note:
        text.append(f"[^{case['id'].lower()}]: {rng.choice(NOTES)}")
        text.append("")
    return text


def main():
    rng = random.Random(2026)
    rows = case_rows(rng)
    out = ["# Annex: case summaries", "",
           "This annex summarises sixty of the petitions behind the figures of chapter 3, fifteen from each region, "
           "followed by the coding of a sample of 150 cases. Names of detained people are left out; the case "
           "numbers are those of our database. The summaries follow the coding rules of chapter 2.", ""]
    for region in REGIONS:
        cases = [r for r in rows if r["region"] == region][:15]
        out += [f"## {region} region", "",
                f"The {region.lower()} region's petitions have their own character, described in chapter 3. "
                "The summaries below are in the order of the case numbers.", ""]
        for k, case in enumerate(cases):
            out += summary(rng, case, note=(k % 3 == 1))
        if region == "Coastal":
            out += ["The coastal cases are easier to read against the national series: @fig:again draws it once "
                    "more.", "",
                    "![The petitions of chapter 3 again (@fig:sent), for comparison with the coastal cases]"
                    "(figures/petitions.png){#fig:again}", ""]
    out += ["## Coding of 150 cases", "",
            "@tbl:cases lists the coding of every case in the sample: the region and town of arrest, the year, "
            "the ground recorded, the days held, the reply received and whether the person was released "
            "within a year.", "",
            ": Coding of the 150 cases in the sample {#tbl:cases}", "",
            "| Case | Region | Town | Year | Ground | Days | Reply | Released |",
            "|:-----|:-------|:-----|-----:|:-------|-----:|:------|:--------:|"]
    for r in rows:
        out.append(f"| {r['id']} | {r['region']} | {r['town']} | {r['year']} | {r['ground']} | {r['days']} | "
                   f"{r['reply']} | {r['released']} |")
    out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
