"""Demo partners (PROJECT.md), their knowledge articles and the demo accounts.

Kind, region and website are filled in only where they are certain; descriptions say no more
than the project description does.
"""

from atmp_platform.accounts import roles

from .content import callout, heading, paragraph


def _generic(name: str) -> dict:
    return {
        "nl": {
            "role_description": "",
            "description": (
                f"<p>{name} is een van de projectpartners van ATMP XB en werkt mee aan het "
                "Vlaams-Nederlandse netwerk dat cel- en gentherapieën sneller en veiliger bij "
                "patiënten wil brengen.</p>"
            ),
        },
        "en": {
            "role_description": "",
            "description": (
                f"<p>{name} is one of the project partners of ATMP XB and contributes to the "
                "Flemish-Dutch network that aims to bring cell and gene therapies to patients "
                "faster and more safely.</p>"
            ),
        },
    }


def _partner(name, *, slug, colour, kind="", region="", role="partner", website="", texts=None):
    return {
        "name": name,
        "slug": slug,
        "colour": colour,
        "kind": kind,
        "region": region,
        "role": role,
        "website": website,
        **(texts or _generic(name)),
    }


PARTNERS = [
    _partner(
        "FBM",
        slug="fbm",
        colour="#0a4d8c",
        role="lead_partner",
        texts={
            "nl": {
                "role_description": "Hoofdpartner",
                "description": "<p>FBM is de hoofdpartner van ATMP XB.</p>",
            },
            "en": {
                "role_description": "Lead partner",
                "description": "<p>FBM is the lead partner of ATMP XB.</p>",
            },
        },
    ),
    _partner(
        "Biovia",
        slug="biovia",
        colour="#1d7a5f",
        kind="cluster",
        region="flanders",
        role="coordination",
        website="https://biovia.be",
        texts={
            "nl": {
                "role_description": "Innovatieprojectmanagement",
                "description": (
                    "<p>Biovia is de Vlaamse life-sciencescluster. Het verzorgt het "
                    "innovatieprojectmanagement van ATMP XB.</p>"
                ),
            },
            "en": {
                "role_description": "Innovation project management",
                "description": (
                    "<p>Biovia is Flanders' life-sciences cluster. It provides the innovation "
                    "project management of ATMP XB.</p>"
                ),
            },
        },
    ),
    _partner("Anabiotec", slug="anabiotec", colour="#6b3fa0", kind="company"),
    _partner("anicells", slug="anicells", colour="#b5472f", kind="company"),
    _partner("at.las", slug="at-las", colour="#2f6fb5"),
    _partner("Idevax", slug="idevax", colour="#8c6d0a", kind="company"),
    _partner(
        "Karel de Grote Hogeschool",
        slug="karel-de-grote-hogeschool",
        colour="#a01f4f",
        kind="university_college",
        region="flanders",
        website="https://www.kdg.be",
        texts={
            "nl": {
                "role_description": "Hogeschool (Katholieke Hogeschool Antwerpen)",
                "description": (
                    "<p>Karel de Grote Hogeschool (Katholieke Hogeschool Antwerpen) is een "
                    "hogeschool in Antwerpen en een van de projectpartners van ATMP XB.</p>"
                ),
            },
            "en": {
                "role_description": "University college (Katholieke Hogeschool Antwerpen)",
                "description": (
                    "<p>Karel de Grote Hogeschool (Katholieke Hogeschool Antwerpen) is a "
                    "university college in Antwerp and one of the project partners of "
                    "ATMP XB.</p>"
                ),
            },
        },
    ),
    _partner(
        "POM Antwerpen",
        slug="pom-antwerpen",
        colour="#3d5a80",
        kind="public_body",
        region="flanders",
        website="https://www.pomantwerpen.be",
    ),
    _partner("Quality by Design", slug="quality-by-design", colour="#4a7c2a", kind="company"),
    _partner(
        "RegMed XB",
        slug="regmed-xb",
        colour="#c0392b",
        texts={
            "nl": {
                "role_description": "",
                "description": (
                    "<p>RegMed XB (REGenerative MEDicine crossing Borders) is een "
                    "grensoverschrijdend samenwerkingsverband rond regeneratieve geneeskunde, "
                    "gestart in 2017, met universiteiten en universitaire medische centra in "
                    "Nederland en Vlaanderen.</p>"
                ),
            },
            "en": {
                "role_description": "",
                "description": (
                    "<p>RegMed XB (REGenerative MEDicine crossing Borders) is a cross-border "
                    "partnership in regenerative medicine, started in 2017, with universities "
                    "and university medical centres in the Netherlands and Flanders.</p>"
                ),
            },
        },
    ),
    _partner(
        "Stichting REGenerative MEDicine Crossing Borders",
        slug="stichting-regmed-xb",
        colour="#7a1f1f",
        kind="foundation",
        region="netherlands",
    ),
    _partner(
        "Stichting Smart BioMaterials Consortium",
        slug="smart-biomaterials-consortium",
        colour="#0a7c8c",
        kind="foundation",
        region="netherlands",
        website="https://smartbiomaterials.nl",
        texts={
            "nl": {
                "role_description": "",
                "description": (
                    "<p>Het Smart BioMaterials Consortium is een van de pilotlijnen van de "
                    "RegMed XB Pilot Factory en een van de projectpartners van ATMP XB.</p>"
                ),
            },
            "en": {
                "role_description": "",
                "description": (
                    "<p>The Smart BioMaterials Consortium is one of the pilot lines of the "
                    "RegMed XB Pilot Factory and one of the project partners of ATMP XB.</p>"
                ),
            },
        },
    ),
    _partner("Sure Laboratories", slug="sure-laboratories", colour="#5a3d80", kind="company"),
    _partner(
        "Universitair Ziekenhuis Gent",
        slug="uz-gent",
        colour="#1f5fa0",
        kind="hospital",
        region="flanders",
        website="https://www.uzgent.be",
        texts={
            "nl": {
                "role_description": "Universitair ziekenhuis",
                "description": (
                    "<p>Het Universitair Ziekenhuis Gent is een van de projectpartners van "
                    "ATMP XB.</p>"
                ),
            },
            "en": {
                "role_description": "University hospital",
                "description": (
                    "<p>Ghent University Hospital (Universitair Ziekenhuis Gent) is one of the "
                    "project partners of ATMP XB.</p>"
                ),
            },
        },
    ),
]

EDITOR_PARTNER_SLUG = "sure-laboratories"

USERS = [
    {"email": "student@demo.atmp-xb.eu", "full_name": "Sam Student", "role": roles.STUDENT},
    {"email": "trainer@demo.atmp-xb.eu", "full_name": "Tess Trainer", "role": roles.TRAINER},
    {"email": "partner@demo.atmp-xb.eu", "full_name": "Pim Partner", "role": roles.PARTNER_EDITOR},
    {
        "email": "admin@demo.atmp-xb.eu",
        "full_name": "Ada Administrator",
        "role": roles.PROGRAMME_ADMINISTRATOR,
    },
]

# The first is published after moderation (and translated); the second awaits moderation.
ARTICLES = [
    {
        "slug": {"nl": "omgevingsmonitoring-graad-a", "en": "environmental-monitoring-grade-a"},
        "publish": True,
        "tags": {"nl": ["omgevingsmonitoring", "Annex 1"], "en": ["environmental monitoring"]},
        "nl": {
            "title": "Omgevingsmonitoring in graad A en B: de basis",
            "summary": (
                "Welke microbiologische grenzen gelden in graad A en B volgens Annex 1 (2022), "
                "en wat doe je als er toch iets groeit?"
            ),
            "body": [
                heading("Graad A: geen groei"),
                paragraph(
                    "<p>In graad A is het criterium „geen groei”. Elke kolonie, op een "
                    "luchtmonster, een sedimentatie- of contactplaat of een handschoenafdruk, "
                    "leidt tot een onderzoek.</p>"
                ),
                heading("Graad B: maximale actiegrenzen"),
                paragraph(
                    "<ul><li>Luchtmonster: 10 kve/m³</li><li>Sedimentatieplaat (90 mm, 4 uur): "
                    "5 kve</li><li>Contactplaat (55 mm): 5 kve</li><li>Handschoenafdruk (vijf "
                    "vingers): 5 kve</li></ul>"
                ),
                callout(
                    "Identificatie",
                    "<p>Micro-organismen uit graad A en B worden tot op soortniveau "
                    "geïdentificeerd, en hun impact op het product wordt beoordeeld.</p>",
                    kind="regulation",
                ),
            ],
        },
        "en": {
            "title": "Environmental monitoring in Grade A and B: the basics",
            "summary": (
                "Which microbiological limits apply in Grade A and B under Annex 1 (2022), and "
                "what do you do when something grows after all?"
            ),
            "body": [
                heading("Grade A: no growth"),
                paragraph(
                    "<p>In Grade A the criterion is “no growth”. Any colony, on an air sample, a "
                    "settle or contact plate or a glove print, leads to an investigation.</p>"
                ),
                heading("Grade B: maximum action limits"),
                paragraph(
                    "<ul><li>Air sample: 10 CFU/m³</li><li>Settle plate (90 mm, 4 hours): "
                    "5 CFU</li><li>Contact plate (55 mm): 5 CFU</li><li>Glove print (five "
                    "fingers): 5 CFU</li></ul>"
                ),
                callout(
                    "Identification",
                    "<p>Micro-organisms recovered in Grade A and B are identified to species "
                    "level, and their impact on the product is assessed.</p>",
                    kind="regulation",
                ),
            ],
        },
    },
    {
        "slug": {"nl": "omkleedkwalificatie"},
        "publish": False,
        "tags": {"nl": ["omkleden", "Annex 1"]},
        "nl": {
            "title": "Omkleedkwalificatie: elk jaar opnieuw",
            "summary": (
                "Wie zonder toezicht in graad A of B werkt, moet zijn omkleedkwalificatie "
                "minstens jaarlijks vernieuwen. Wat houdt dat in?"
            ),
            "body": [
                paragraph(
                    "<p>Annex 1 vraagt een eerste beoordeling van het omkleden en daarna "
                    "minstens jaarlijks een herbeoordeling, zowel visueel als "
                    "microbiologisch. Bemonsterd worden onder meer de gehandschoende vingers, "
                    "de onderarmen, de borst en de kap of het voorhoofd.</p>"
                    "<p>Alleen wie de kwalificatie haalde en deelnam aan een geslaagde "
                    "aseptische processimulatie, mag zonder toezicht in graad A of B "
                    "werken.</p>"
                ),
            ],
        },
    },
]
