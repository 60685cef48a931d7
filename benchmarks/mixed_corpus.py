"""Generate a seeded, messy, domain-shifted SYNTHETIC study folder for the pipeline.

Written by an independent tester from the user documentation only (README.md, docs/*.md,
config/config.yaml and the bundled example inputs), to exercise issue 16 (chunked ingest and
per-chunk de-identification) on data nobody on the team wrote. Every person, organisation and
place in it is invented; the phone numbers are in Ofcom's ranges reserved for drama
(07700 900xxx, 0113/0161 496 0xxx, 020 7946 0xxx).

What it writes under --out DIR:

  raw/                 transcripts in mixed formats: .txt (many label styles: Interviewer:/
                       Respondent:, I:/R:, INT:/P017:, Q:/A:, lower-case labels, full names,
                       e-mail addresses, "Name <address>:"), .docx (header table + paragraphs
                       with soft line breaks and tracked insertions, or a speaker | time |
                       speech table), .vtt (MS Teams <v Name> voice tags) and .srt ("Name:" at
                       speaker changes, unlabelled continuation cues). Some .txt files are CRLF,
                       some carry a UTF-8 BOM, one or two are Windows-1252.
  participants.tsv     the participants sheet (transcript_id, participant_id, file, site_id,
                       group, role_category), rows in shuffled order.
  register.yaml        every person named anywhere in the text (participants, interviewers,
                       colleagues), every organisation and every place.
  config.yaml          a config overlay (use on top of config/config.yaml with --configfile)
                       pointing corpus.* at these files; study.synthetic: true; no gold and no
                       human coding.

The talk is not health/social care: housing associations, fisheries cooperatives and university
estates, across 24 sites (groups `local` and `national`, as the bundled manuscript expects).
It is messy but valid: first names shared by several people, names written in lower case and
with accents ("Siobhán", "Zoë", "Ó Briain"), very long turns, blank lines, timestamp lines,
participants' e-mail addresses and UK phone numbers inside the talk.

Same --n and --seed give byte-identical output (docx zips are written with fixed timestamps).

Usage (paths in the overlay are written relative to --root, default the current directory,
which should be the project copy the pipeline runs in):

    .venv/bin/python benchmarks/mixed_corpus.py --n 150 --seed 7 --out study
    .venv/bin/snakemake --cores 2 --configfile config/config.yaml study/config.yaml
"""

# ruff: noqa: E501  (sentence banks and templates are long literal strings)

from __future__ import annotations

import argparse
import io
import os
import random
import unicodedata
import zipfile
from pathlib import Path

import yaml

# --------------------------------------------------------------------------------------------
# Invented vocabulary
# --------------------------------------------------------------------------------------------

# First names: deliberately a small pool so many people share one; accented forms included.
# None is a common English word (no Will, Hope, Mark, Grace ...).
FIRST = [
    "Siobhán",
    "Zoë",
    "Ciarán",
    "Aoife",
    "Seán",
    "Máire",
    "Niamh",
    "Eoghan",
    "Chloë",
    "Renée",
    "José",
    "Noémie",
    "Tomasz",
    "Agnieszka",
    "Oluwaseun",
    "Chidinma",
    "Priyanka",
    "Dhruv",
    "Fenella",
    "Lachlan",
    "Torquil",
    "Ingrid",
    "Henrik",
    "Marguerite",
    "Declan",
    "Bronagh",
    "Caoimhe",
    "Padraig",
    "Ruairí",
    "Gráinne",
    "Ffion",
    "Gethin",
    "Rhiannon",
    "Iestyn",
]
# Surnames: invented or uncommon, none an English word.
LAST = [
    "Ó Briain",
    "Ní Mhurchú",
    "McIlwraith",
    "Abernethy",
    "Kowalczyk",
    "Okonkwo",
    "Brannigan",
    "Penhaligon",
    "Trevaskis",
    "Darroch",
    "Quarrie",
    "Lindqvist",
    "Müller-Haas",
    "Nwosu",
    "Castellanos",
    "Haddow",
    "Pitcaithly",
    "Ferreira-Lund",
    "Szymańska",
    "Achterberg",
    "Vanterpool",
    "Gilfeather",
    "Rautenbach",
    "Oyelaran",
    "Deverell",
    "Kincraig-Moss",
    "Tulloch-Baines",
    "Barraclough",
    "Eberhardt",
    "Mavromatis",
    "Ó Duibhir",
    "MacAskill",
    "Inchbald",
    "Zurbriggen",
    "Halvorsen",
    "Petrakis",
    "Nakagawa",
    "Ubaldini",
    "Ravensworth",
    "Strachan-Ivey",
]
INTERVIEWERS = [
    ("Zoë Penhaligon", ["Zoë", "Dr Penhaligon"]),
    ("Ciarán Ó Briain", ["Ciarán"]),
    ("Marguerite Achterberg", ["Marguerite"]),
]

DOMAINS = {
    "housing": {
        "places": [
            "Tarnbrook",
            "Hollinsclough Vale",
            "Greyhithe",
            "Ashwick Moor",
            "Penmorrow",
            "Quarrendon Fields",
            "Brackenlow",
            "Sallowmere",
        ],
        "org": "{place} Homes Housing Association",
        "org_alias": "{place} Homes",
        "domain": "{slug}homes.org.uk",
        "titles": [
            "Tenancy Services Manager",
            "Head of Asset Management",
            "Resident Voice Lead",
            "Neighbourhood Officer",
            "Repairs and Maintenance Coordinator",
        ],
        "roles": [
            "tenancy services manager",
            "asset management lead",
            "resident engagement lead",
            "neighbourhood officer",
            "repairs coordinator",
        ],
        "sentences": [
            "The damp and mould complaints went up every winter and the repairs backlog never really came down.",
            "We moved to a patch-based model so each neighbourhood officer knows their tenants by name.",
            "The stock condition survey told us that a third of the boilers were past their design life.",
            "Tenants on the scrutiny panel rewrote the lettings policy, and honestly it was better than ours.",
            "Rent arrears rose when universal credit came in, and the hardship fund was gone by October.",
            "Retrofit is the big one now, external wall insulation, heat pumps, and the decant logistics are a nightmare.",
            "The board wanted a new asset strategy, but the tenants wanted the communal stairs cleaned first.",
            "Void turnaround was forty days and we got it down to twenty-two with a new contractor framework.",
            "Every estate walkabout finds the same things, fly-tipping, broken door entry, bins not collected.",
            "The regulator's consumer standards mean we have to evidence that tenants actually shaped the decisions.",
            "Sheltered housing schemes lost their wardens years ago and some residents still haven't forgiven us.",
            "Our development pipeline is three hundred homes but the land prices make the viability sums very tight.",
            "The tenants' association asked for the repairs data broken down by block, and we gave it to them.",
            "Service charges are the most complained-about thing, people don't see what they're paying for.",
            "We trialled a resident-led procurement panel for the grounds maintenance contract.",
            "Anti-social behaviour cases take a huge amount of officer time and the legal route is slow.",
        ],
    },
    "fisheries": {
        "places": [
            "Gullhaven",
            "Skerrowick",
            "Port Annisbeg",
            "Trallacombe",
            "Mewstone Quay",
            "Kelderness",
            "Rosscarbery Point",
            "Dunhallow Sound",
        ],
        "org": "{place} Fishermen's Cooperative",
        "org_alias": "{place} Co-op",
        "domain": "{slug}fishcoop.co.uk",
        "titles": [
            "Cooperative Secretary",
            "Harbour Liaison Officer",
            "Quota Manager",
            "Marketing and Sales Lead",
            "Vessel Safety Coordinator",
        ],
        "roles": [
            "cooperative secretary",
            "harbour liaison officer",
            "quota manager",
            "sales lead",
            "vessel safety coordinator",
        ],
        "sentences": [
            "The quota swaps between members are where most of the arguments start, every single season.",
            "Landings at the market were down by a quarter after the cod closure and the prawn price collapsed.",
            "The younger skippers want to diversify into creel fishing and scallop ranching.",
            "Fuel costs doubled and the smaller boats simply could not go out on a marginal tide.",
            "The auction moved online during the lockdown and the buyers from the continent liked it.",
            "Crew safety training is mandatory now, and the cooperative pays for the sea survival course.",
            "We share an ice plant and a chill store, and the maintenance bill is shared by tonnage.",
            "The harbour dredging has been promised for six years and the sandbar is getting worse.",
            "Discard rules meant we had to land everything, and the processing side wasn't ready for it.",
            "Members vote on the marketing levy at the annual general meeting, one boat one vote.",
            "The fisheries science partnership lets skippers put observers on board and share the catch data.",
            "Offshore wind leasing is the new fight, the survey vessels sit right on our grounds.",
            "Succession is the quiet crisis, the average age of a skipper here is well over fifty.",
            "We pooled the boxes and the transport to the processors in the south, which cut costs a lot.",
            "Seal damage to the nets is a constant complaint at the harbour meetings.",
            "The shellfish water classification dropped and the mussel growers lost a whole season.",
        ],
    },
    "estates": {
        "places": [
            "Ellerby Park",
            "Westmorrow",
            "Caddon Brae",
            "Fennimore Hill",
            "Lorrimer Quad",
            "Stavely Cross",
            "Harrowgate Mills",
            "Bellbrook",
        ],
        "org": "University of {place} Estates Office",
        "org_alias": "{place} Estates",
        "domain": "{slug}-estates.ac.uk",
        "titles": [
            "Director of Estates",
            "Space Planning Manager",
            "Sustainability Officer",
            "Capital Projects Lead",
            "Facilities Helpdesk Supervisor",
        ],
        "roles": [
            "director of estates",
            "space planning manager",
            "sustainability officer",
            "capital projects lead",
            "facilities supervisor",
        ],
        "sentences": [
            "The space utilisation survey showed teaching rooms were used less than a third of the week.",
            "The carbon plan needs the heat network extended to the science buildings by the end of the decade.",
            "Backlog maintenance is over a hundred million and the roofs on the sixties blocks leak every winter.",
            "Students sat on the masterplan steering group and pushed hard for more informal study space.",
            "Timetabling and estates never talked to each other, so we built rooms nobody could book.",
            "The capital programme was paused when the student numbers dropped and the bond covenants tightened.",
            "Lab refurbishments are the most expensive square metres on the campus by a long way.",
            "The cleaning contract was brought back in house after the strike and it cost more but worked better.",
            "Accessibility audits found step-free routes that ended at a locked fire door.",
            "The halls of residence are ageing and the private providers are undercutting us on price.",
            "Hybrid working emptied the admin buildings and now there is pressure to dispose of them.",
            "The biodiversity plan turned two car parks into meadow and the academics complained about parking.",
            "Building management system data finally lets us see which plant runs all night for no reason.",
            "Post-occupancy evaluation is the thing we always promise and never fund properly.",
            "The helpdesk gets thousands of tickets about heating, too hot in one room, too cold next door.",
            "Listed buildings on the old campus make every small change a planning negotiation.",
        ],
    },
}

NATIONAL = [
    ("Federation of Mutual Housing Providers", "housing"),
    ("Inshore Fleet Alliance", "fisheries"),
    ("Association of Campus Estate Directors", "estates"),
]
NATIONAL_TITLES = ["Policy Director", "Member Services Lead", "Head of Research"]

GENERIC = [
    "I mean, it depends who you ask, to be fair.",
    "We had a consultation, but to be honest the decision was already made before anyone asked.",
    "The funding is always short term, three years if you're lucky, and then you start again.",
    "Trust takes years to build and about a week to lose.",
    "The pandemic changed how we meet, most of the committee work is online now and some people prefer it.",
    "Nobody reads the annual report, but everybody reads the newsletter.",
    "There's a real tension between the board's priorities and what members tell us they need.",
    "If I'm honest, the data we collect is not the data we need to make the decisions.",
    "We brought in a facilitator for the away day and it helped, a wee bit.",
    "Staff turnover means we keep losing the people who know the history.",
    "Erm, yeah, sorry, I lost my train of thought there. [laughs]",
    "The governance structure has too many groups, and the same six people sit on all of them.",
    "You can write the best strategy in the world and it doesn't matter if nobody owns it.",
    "I think leadership here is mostly about keeping people in the room when they want to walk out.",
]
QUESTIONS = [
    "Could you start by telling me a bit about your role and how long you've been in post?",
    "What does working together with residents or members mean in your organisation?",
    "Can you give me an example of a decision that members really shaped?",
    "What got in the way of that?",
    "How has the last couple of years changed things?",
    "Who would you say leads that work, in practice?",
    "How do you know whether it's working?",
    "Is there anything you'd do differently if you started again?",
    "Mm-hm. Can you say a bit more about that?",
    "And how did the board respond?",
    "Is there anything we haven't covered that you'd like to add?",
]
BACKCHANNEL = ["Mm-hm.", "Yeah.", "Right.", "Okay.", "Sure.", "[laughs] Yes."]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "September",
    "October",
    "November",
    "December",
]


def strip_accents(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def handle(full: str) -> str:
    first, *rest = full.split(" ", 1)
    last = rest[0] if rest else ""
    a = strip_accents(first).lower()
    b = "".join(ch for ch in strip_accents(last).lower() if ch.isalpha())
    return f"{a}.{b}"


def ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


# --------------------------------------------------------------------------------------------
# Study design
# --------------------------------------------------------------------------------------------


def design(n: int, rng: random.Random):
    """Sites, organisations, places, people; one participant per transcript."""
    sites = []  # (site_id, domain, place, org, org_alias, email domain)
    for key, dom in DOMAINS.items():
        for i, place in enumerate(dom["places"]):
            slug = "".join(c for c in strip_accents(place).lower() if c.isalpha())
            sites.append(
                {
                    "site_id": f"{key[:2]}_{i + 1:02d}",
                    "domain": key,
                    "place": place,
                    "org": dom["org"].format(place=place),
                    "org_alias": dom["org_alias"].format(place=place),
                    "email_domain": dom["domain"].format(slug=slug),
                }
            )
    names_used = {n_ for n_, _ in INTERVIEWERS}
    pool = [(f, s) for f in FIRST for s in LAST]
    rng.shuffle(pool)

    def new_person():
        while True:
            f, s = pool.pop()
            full = f"{f} {s}"
            if full not in names_used:
                names_used.add(full)
                return full

    people = []
    transcripts = []
    for i in range(n):
        tid = f"t{i + 1:03d}"
        national = rng.random() < 0.12
        if national:
            org, dkey = NATIONAL[i % len(NATIONAL)]
            site = {
                "site_id": f"nat_{(i % len(NATIONAL)) + 1:02d}",
                "domain": dkey,
                "place": None,
                "org": org,
                "org_alias": None,
                "email_domain": "".join(w[0] for w in org.split() if w[0].isupper()).lower() + ".org.uk",
            }
            title = rng.choice(NATIONAL_TITLES)
            role = title.lower()
            group = "national"
        else:
            site = sites[i % len(sites)] if i < len(sites) else rng.choice(sites)
            dom = DOMAINS[site["domain"]]
            k = rng.randrange(len(dom["titles"]))
            title, role, group = dom["titles"][k], dom["roles"][k], "local"
        full = new_person()
        pid = f"P{i + 1:03d}"
        colleagues = [new_person() for _ in range(rng.randint(1, 3))]
        for c in colleagues:
            people.append({"name": c, "aliases": [c.split(" ")[0]], "role": "colleague"})
        people.append(
            {
                "name": full,
                "aliases": [full.split(" ")[0]],
                "role": "participant",
                "participant_id": pid,
                "job_title": [title],
                "organisation": [site["org"]] + ([site["org_alias"]] if site["org_alias"] else []),
            }
        )
        transcripts.append(
            {
                "tid": tid,
                "pid": pid,
                "name": full,
                "site": site,
                "title": title,
                "role": role,
                "group": group,
                "colleagues": colleagues,
                "interviewer": INTERVIEWERS[i % len(INTERVIEWERS)][0],
            }
        )
    for name, aliases in INTERVIEWERS:
        people.append({"name": name, "aliases": aliases, "role": "interviewer"})
    people.sort(key=lambda p: p["name"])
    return sites, people, transcripts


# --------------------------------------------------------------------------------------------
# Talk
# --------------------------------------------------------------------------------------------


def lower_or_not(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        return name.lower()
    if r < 0.35:
        return strip_accents(name)
    return name


def participant_turn(t, rng: random.Random, long: bool = False) -> str:
    dom = DOMAINS[t["site"]["domain"]]
    k = rng.randint(40, 90) if long else rng.randint(2, 7)
    out = []
    for _ in range(k):
        r = rng.random()
        if r < 0.6:
            out.append(rng.choice(dom["sentences"]))
        elif r < 0.8:
            out.append(rng.choice(GENERIC))
        elif r < 0.9:
            c = rng.choice(t["colleagues"])
            first = c.split(" ")[0]
            out.append(
                rng.choice(
                    [
                        f"I spoke to {lower_or_not(first, rng)} about it and she just laughed.",
                        f"{c} ran the first session, and {first} is still the person everyone phones.",
                        f"you'd need to ask {lower_or_not(c, rng)}, honestly, {c.split(' ')[0].lower()} knows the history.",
                        f"Me and {lower_or_not(first, rng)} wrote the paper for the board over a weekend.",
                    ]
                )
            )
        else:
            site = t["site"]
            if site["place"]:
                out.append(
                    rng.choice(
                        [
                            f"Down in {site['place']} it was different, the residents there organised themselves.",
                            f"The {site['org_alias']} board met in {site['place']} every second Tuesday.",
                            f"We borrowed the idea from {rng.choice(dom['places'])}, to be honest.",
                        ]
                    )
                )
            else:
                out.append(f"Members of {site['org']} keep asking for the same thing.")
    return " ".join(out)


def identifiers_turn(t, rng: random.Random) -> str:
    h = handle(t["name"])
    mail = f"{h}@{t['site']['email_domain']}"
    mob = f"07700 900{rng.randrange(1000):03d}"
    land = rng.choice(
        [
            f"0113 496 0{rng.randrange(1000):03d}",
            f"0161 496 0{rng.randrange(1000):03d}",
            f"+44 20 7946 0{rng.randrange(1000):03d}",
        ]
    )
    return rng.choice(
        [
            f"If you need anything else my email is {mail}, or the mobile, {mob}.",
            f"Just send it to {mail} and copy in the office line, {land}.",
            f"My direct line is {land}, but honestly the mobile's better, {mob}, or email {mail.upper() if rng.random() < 0.2 else mail}.",
        ]
    )


def build_turns(t, rng: random.Random):
    """[(role, text)] with role in {'I', 'P'}."""
    iv = t["interviewer"]
    date = f"the {ordinal(rng.randint(1, 28))} of {rng.choice(MONTHS)} {rng.choice([2021, 2022, 2023])}"
    pfirst = t["name"].split(" ")[0]
    turns = [
        (
            "I",
            f"Okay, that's us recording. So for the tape it's {date}, I'm {iv}, and I'm speaking with "
            f"{t['name']}, {t['title']} at {t['site']['org']}. {pfirst}, you've had the information sheet?",
        ),
        (
            "P",
            f"Yes, yes, I signed it and sent it back. {lower_or_not(pfirst, rng)} is fine, by the way, nobody calls me anything else.",
        ),
        ("I", rng.choice(QUESTIONS[:1])),
        (
            "P",
            f"So I'm the {t['title']}, I've been here about {rng.randint(2, 19)} years. "
            + participant_turn(t, rng),
        ),
    ]
    n_q = rng.randint(8, 16)
    long_at = rng.randrange(n_q) if rng.random() < 0.3 else -1
    ident_at = rng.randrange(n_q)
    for q in range(n_q):
        turns.append(("I", rng.choice(QUESTIONS[1:])))
        text = participant_turn(t, rng, long=(q == long_at))
        if q == ident_at:
            text += " " + identifiers_turn(t, rng)
        turns.append(("P", text))
        if rng.random() < 0.3:
            turns.append(("I", rng.choice(BACKCHANNEL)))
            turns.append(("P", participant_turn(t, rng)))
    ivfirst = iv.split(" ")[0]
    turns.append(("I", "That's everything from me. Thank you so much for your time."))
    turns.append(("P", f"No bother at all, {lower_or_not(ivfirst, rng)}. Good luck with it."))
    return turns


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------

TXT_STYLES = ["interviewer_respondent", "i_r", "int_p", "q_a", "fullname", "lower", "email", "name_addr"]


def labels(t, style: str):
    iv, p = t["interviewer"], t["name"]
    mail = f"{handle(p)}@{t['site']['email_domain']}"
    return {
        "interviewer_respondent": ("Interviewer", "Respondent"),
        "i_r": ("I", "R"),
        "int_p": ("INT", t["pid"]),
        "q_a": ("Q", "A"),
        "fullname": (iv, p),
        "lower": ("interviewer", "respondent"),
        "email": ("Interviewer", mail),
        "name_addr": (iv, f"{p} <{mail}>"),
    }[style]


def fmt_ts(sec: float, sep: str = ".") -> str:
    ms = int(round(sec * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_txt(path: Path, t, turns, rng: random.Random, encoding: str, crlf: bool):
    style = TXT_STYLES[int(t["tid"][1:]) % len(TXT_STYLES)]
    li, lp = labels(t, style)
    timestamps = rng.random() < 0.4
    lines, clock = [], 0.0
    for role, text in turns:
        if timestamps and rng.random() < 0.3:
            lines.append(f"[{fmt_ts(clock)[:8]}]")
            lines.append("")
        clock += 5 + len(text.split()) / 2.5
        lines.append(f"{li if role == 'I' else lp}: {text}")
        lines.append("")
        if rng.random() < 0.1:
            lines.append("")  # extra blank line
    body = "\n".join(lines).replace("'", "\u2019") + "\n"  # curly apostrophes: real cp1252 bytes
    if crlf:
        body = body.replace("\n", "\r\n")
    path.write_bytes(body.encode(encoding))


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so output is byte-reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write_docx(path: Path, t, turns, rng: random.Random):
    import datetime

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.core_properties.author = "Transcription service"
    d.core_properties.created = datetime.datetime(2021, 1, 1)
    d.core_properties.modified = datetime.datetime(2021, 1, 1)
    d.core_properties.last_modified_by = "Transcription service"
    table_form = int(t["tid"][1:]) % 3 == 0
    if not table_form:
        hdr = d.add_table(rows=0, cols=2)
        for k, v in [
            ("Project", "Member voice study"),
            ("Interview", t["tid"]),
            ("Interviewer", t["interviewer"]),
            ("Respondent", t["name"]),
        ]:
            row = hdr.add_row().cells
            row[0].text, row[1].text = k, v
        d.add_paragraph("")
        ins_id = 1
        for role, text in turns:
            lab = "Interviewer" if role == "I" else "Respondent"
            p = d.add_paragraph()
            sentences = text.split(". ")
            if len(sentences) > 3 and rng.random() < 0.3:
                # soft line break inside a turn
                cut = len(sentences) // 2
                p.add_run(f"{lab}: " + ". ".join(sentences[:cut]) + ".")
                p.runs[-1].add_break()
                p.add_run(". ".join(sentences[cut:]))
            else:
                p.add_run(f"{lab}: {text}")
            if role == "P" and rng.random() < 0.15:
                ins = OxmlElement("w:ins")
                ins.set(qn("w:id"), str(ins_id))
                ins.set(qn("w:author"), "Transcriber")
                ins.set(qn("w:date"), "2021-03-01T00:00:00Z")
                r = OxmlElement("w:r")
                tt = OxmlElement("w:t")
                tt.set(qn("xml:space"), "preserve")
                tt.text = " [crosstalk] Sorry, go on."
                r.append(tt)
                ins.append(r)
                p._p.append(ins)
                ins_id += 1
    else:
        tab = d.add_table(rows=0, cols=3)
        clock = 0.0
        for role, text in turns:
            row = tab.add_row().cells
            row[0].text = t["interviewer"] if role == "I" else t["name"]
            row[1].text = fmt_ts(clock)[:8]
            row[2].text = text
            clock += 5 + len(text.split()) / 2.5
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


def _cues(text: str, max_words: int = 18):
    words = text.split()
    for i in range(0, len(words), max_words):
        yield " ".join(words[i : i + max_words])


def write_vtt(path: Path, t, turns, rng: random.Random):
    out = ["WEBVTT", ""]
    clock = 1.0
    for k, (role, text) in enumerate(turns):
        who = t["interviewer"] if role == "I" else t["name"]
        a, b, c, d, e = (rng.getrandbits(bits) for bits in (32, 16, 16, 16, 48))
        cue_base = f"{a:08x}-{b:04x}-{c:04x}-{d:04x}-{e:012x}"
        for j, chunk in enumerate(_cues(text)):
            dur = 1 + len(chunk.split()) / 2.7
            out += [
                f"{cue_base}/{k + 1}-{j}",
                f"{fmt_ts(clock)} --> {fmt_ts(clock + dur)}",
                f"<v {who}>{chunk}</v>",
                "",
            ]
            clock += dur + 0.2
    path.write_text("\n".join(out), encoding="utf-8")


def write_srt(path: Path, t, turns, rng: random.Random):
    out, idx, clock = [], 1, 0.5
    for role, text in turns:
        who = t["interviewer"] if role == "I" else t["name"]
        for j, chunk in enumerate(_cues(text, 14)):
            dur = 1 + len(chunk.split()) / 2.7
            line = f"{who}: {chunk}" if j == 0 else chunk
            out += [str(idx), f"{fmt_ts(clock, ',')} --> {fmt_ts(clock + dur, ',')}", line, ""]
            idx += 1
            clock += dur + 0.3
    path.write_text("\n".join(out), encoding="utf-8")


# --------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150, help="number of transcripts")
    ap.add_argument("--seed", type=int, default=16, help="random seed")
    ap.add_argument("--out", required=True, help="study folder to write (created)")
    ap.add_argument("--root", default=".", help="project root the overlay's paths are relative to")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    out = Path(a.out)
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)

    sites, people, transcripts = design(a.n, rng)
    # Formats: roughly 40% txt, 25% docx, 20% vtt, 15% srt.
    fmts = ["txt"] * 40 + ["docx"] * 25 + ["vtt"] * 20 + ["srt"] * 15
    rows = []
    cp1252_left = 2
    for t in transcripts:
        trng = random.Random(f"{a.seed}-{t['tid']}")
        turns = build_turns(t, trng)
        fmt = fmts[trng.randrange(len(fmts))]
        stem = (
            trng.choice(["int", "Interview", "rec", "tx", "session"])
            + f"-{t['tid'][1:]}"
            + trng.choice(["", "_final", "_v2", "-clean"])
        )
        fname = f"{stem}.{fmt}"
        path = raw / fname
        if fmt == "txt":
            enc, crlf = "utf-8", trng.random() < 0.35
            r = trng.random()
            if r < 0.25:
                enc = "utf-8-sig"
            elif cp1252_left and r < 0.4:
                text_all = " ".join(x for _, x in turns) + t["interviewer"] + t["name"]
                try:
                    text_all.encode("cp1252")
                    enc, cp1252_left = "cp1252", cp1252_left - 1
                except UnicodeEncodeError:
                    pass
            write_txt(path, t, turns, trng, enc, crlf)
        elif fmt == "docx":
            write_docx(path, t, turns, trng)
        elif fmt == "vtt":
            write_vtt(path, t, turns, trng)
        else:
            write_srt(path, t, turns, trng)
        rows.append([t["tid"], t["pid"], fname, t["site"]["site_id"], t["group"], t["role"]])
    if cp1252_left == 2:
        raise SystemExit("no transcript could be written as Windows-1252; change --seed")
    rng.shuffle(rows)
    with open(out / "participants.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write("transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")

    orgs = [{"name": s["org"], "aliases": [s["org_alias"]]} for s in sites]
    orgs += [{"name": o, "aliases": []} for o, _ in NATIONAL]
    places = [{"name": s["place"], "aliases": []} for s in sites]
    register = {"people": people, "organisations": orgs, "places": places}
    with open(out / "register.yaml", "w", encoding="utf-8") as fh:
        fh.write(
            "# Identifier register of a SYNTHETIC corpus (benchmarks/mixed_corpus.py): every "
            "person, organisation and place is invented.\n"
        )
        yaml.safe_dump(register, fh, allow_unicode=True, sort_keys=False, width=200)

    rel = Path(os.path.relpath(out.resolve(), Path(a.root).resolve())).as_posix()
    overlay = {
        "study": {"synthetic": True, "after": ""},
        "corpus": {
            "name": "mixed_synthetic",
            "description": (
                f"a SYNTHETIC mixed-format corpus of {a.n} invented interviews (housing "
                "associations, fisheries cooperatives, university estates; generated by "
                f"benchmarks/mixed_corpus.py, seed {a.seed}; no real participants)"
            ),
            "raw_dir": f"{rel}/raw",
            "participants": f"{rel}/participants.tsv",
            "register": f"{rel}/register.yaml",
            "gold": "",
        },
        "deidentify": {
            "role_labels": {"local": "senior operational role", "national": "senior national role"},
            "org_labels": {"local": "the participant's organisation", "national": "a national body"},
        },
        "coding": {"human": [], "human_sample": ""},
        "topics": {"extra_stop_words": ["people", "members", "tenants", "board", "think", "really"]},
    }
    with open(out / "config.yaml", "w", encoding="utf-8") as fh:
        fh.write(
            "# Config overlay for a SYNTHETIC corpus generated by benchmarks/mixed_corpus.py.\n"
            "# Use on top of config/config.yaml: snakemake --configfile config/config.yaml "
            f"{rel}/config.yaml\n"
        )
        yaml.safe_dump(overlay, fh, allow_unicode=True, sort_keys=False, width=200)
    counts = {}
    for r in rows:
        counts[r[2].rsplit(".", 1)[1]] = counts.get(r[2].rsplit(".", 1)[1], 0) + 1
    print(
        f"wrote {a.n} transcripts to {raw} ({counts}), {len(people)} people, "
        f"{len({r[3] for r in rows})} sites; overlay {out / 'config.yaml'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
