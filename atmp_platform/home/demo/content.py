"""The demo content, in Dutch and English: data only, no database access.

Every fact comes from the project description (shared/domain/PROJECT.md) or the domain fact
sheet (ATMP_GMP_FACTS.md). Where a partner's kind, region or website is not known for sure,
it is left empty rather than guessed.
"""

DEMO_PASSWORD = "demo-atmp-xb-2026"  # noqa: S105 - published on purpose: demo accounts only


def paragraph(html: str) -> tuple[str, str]:
    return ("paragraph", html)


def heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


def callout(title: str, html: str, kind: str = "info") -> tuple[str, dict]:
    return ("callout", {"kind": kind, "title": title, "text": html})


def quote(text: str, attribution: str = "") -> tuple[str, dict]:
    return ("quote", {"quote": text, "attribution": attribution})


HOME = {
    "nl": {
        "title": "ATMP XB",
        "hero_title": "Sneller en veiliger naar cel- en gentherapie",
        "hero_introduction": (
            "ATMP XB brengt Vlaamse en Nederlandse partners samen om geavanceerde therapieën "
            "(ATMP's) sneller, veiliger en met een hogere kwaliteit bij patiënten te brengen. "
            "Ons leernetwerk en postgraduaat leiden de analisten en operatoren op die deze "
            "gepersonaliseerde geneesmiddelen maken en testen."
        ),
        "body": [
            paragraph(
                "<p>Cel- en gentherapieën gebruiken levende cellen of genetisch gewijzigd "
                "materiaal tegen kanker, zeldzame erfelijke aandoeningen en chronische "
                "ontstekingsziekten. De patiënten zijn vaak ernstig ziek: snelheid, veiligheid "
                "en kwaliteit zijn dus cruciaal.</p>"
                "<p>Zo'n geneesmiddel wordt vaak gemaakt uit de eigen cellen van de patiënt en "
                "is soms maar enkele uren houdbaar. Betrouwbaar produceren, kwaliteit en "
                "steriliteit garanderen en genoeg goed opgeleide mensen vinden: dat zijn de "
                "uitdagingen waar dit project op inzet.</p>"
            ),
        ],
        "programme_title": "Postgraduaat en leernetwerk",
        "programme_text": (
            "Een nieuw postgraduaat en een grensoverschrijdend leernetwerk leiden analisten en "
            "operatoren op voor kwaliteitscontrole en productie van ATMP's."
        ),
    },
    "en": {
        "title": "ATMP XB",
        "hero_title": "Faster and safer to cell and gene therapy",
        "hero_introduction": (
            "ATMP XB brings Flemish and Dutch partners together to bring advanced therapies "
            "(ATMPs) to patients faster, more safely and at higher quality. Our learning network "
            "and postgraduate programme train the analysts and operators who make and test these "
            "personalised medicines."
        ),
        "body": [
            paragraph(
                "<p>Cell and gene therapies use living cells or genetically modified material "
                "against cancer, rare genetic disorders and chronic inflammatory diseases. The "
                "patients are often seriously ill, so speed, safety and quality are critical.</p>"
                "<p>Such a medicine is often made from the patient's own cells and may keep for "
                "only a few hours. Manufacturing it reliably, guaranteeing quality and sterility, "
                "and finding enough well-trained people: those are the challenges this project "
                "takes on.</p>"
            ),
        ],
        "programme_title": "Postgraduate programme and learning network",
        "programme_text": (
            "A new postgraduate programme and a cross-border learning network train analysts "
            "and operators in the quality control and manufacturing of ATMPs."
        ),
    },
}

ABOUT = {
    "slug": {"nl": "over-atmp-xb", "en": "about-atmp-xb"},
    "nl": {
        "title": "Over ATMP XB",
        "introduction": (
            "ATMP XB (XB staat voor cross-border) is een Interreg Vlaanderen-Nederland-project "
            "dat loopt van 3 november 2025 tot en met 31 oktober 2028."
        ),
        "body": [
            heading("Wat we doen"),
            paragraph(
                "<ul><li>Een <b>ATMP-competentiecentrum</b> dat volgens de strengste normen "
                "werkt, met de nadruk op kwaliteitscontrole en productie.</li>"
                "<li>Onderzoek naar nieuwe technologie: slimme monitoring tijdens de productie, "
                "kwaliteitscontrole en hulpmiddelen om therapieën veilig en efficiënt toe te "
                "dienen.</li>"
                "<li>Een <b>leernetwerk</b> en een nieuw <b>postgraduaat</b> voor analisten en "
                "operatoren. Dit platform is hun thuis.</li></ul>"
            ),
            heading("Partners en financiering"),
            paragraph(
                "<p>FBM is hoofdpartner, samen met twaalf projectpartners uit Vlaanderen en "
                "Nederland. Biovia, de Vlaamse life-sciencescluster, verzorgt het "
                "innovatieprojectmanagement. Het budget bedraagt 3,5 miljoen euro inclusief "
                "cofinanciering; de Interreg-subsidie van 1.745.730,28 euro (50 %) komt uit "
                "het Europees Fonds voor Regionale Ontwikkeling (EFRO).</p>"
            ),
            callout(
                "Interreg Vlaanderen-Nederland",
                "<p>Het project valt onder het thema „Een slimmer Europa: innovatie en "
                "vaardigheden voor slimme transformatie”. Meer informatie staat op de "
                '<a href="https://interregvlaned.eu/atmp-xb">projectpagina van het '
                "programma</a>.</p>",
            ),
        ],
    },
    "en": {
        "title": "About ATMP XB",
        "introduction": (
            "ATMP XB (XB for cross-border) is an Interreg Vlaanderen-Nederland project that runs "
            "from 3 November 2025 to 31 October 2028."
        ),
        "body": [
            heading("What we do"),
            paragraph(
                "<ul><li>An <b>ATMP Competence Centre</b> working to the strictest standards, "
                "focused on quality control and manufacturing.</li>"
                "<li>Research into new technology: smart monitoring during production, quality "
                "control, and devices to administer therapies safely and efficiently.</li>"
                "<li>A <b>learning network</b> and a new <b>postgraduate programme</b> for "
                "analysts and operators. This platform is their home.</li></ul>"
            ),
            heading("Partners and funding"),
            paragraph(
                "<p>FBM is the lead partner, together with twelve project partners from Flanders "
                "and the Netherlands. Biovia, Flanders' life-sciences cluster, provides the "
                "innovation project management. The budget is €3.5 million including "
                "co-financing; the Interreg grant of €1,745,730.28 (50 %) comes from the "
                "European Regional Development Fund (ERDF).</p>"
            ),
            callout(
                "Interreg Vlaanderen-Nederland",
                "<p>The project falls under the theme “A smarter Europe: innovation and skills "
                "for smart transformation”. More information is on the "
                '<a href="https://interregvlaned.eu/atmp-xb">programme\'s project page</a>.</p>',
            ),
        ],
    },
}

NEWS_INDEX = {
    "slug": {"nl": "nieuws", "en": "news"},
    "nl": {"title": "Nieuws", "introduction": "Nieuws uit het project en het leernetwerk."},
    "en": {"title": "News", "introduction": "News from the project and the learning network."},
}

PARTNER_INDEX = {
    "slug": {"nl": "partners", "en": "partners"},
    "nl": {
        "title": "Partners",
        "introduction": (
            "Hoofdpartner FBM en twaalf projectpartners uit Vlaanderen en Nederland werken "
            "samen in ATMP XB. Biovia verzorgt het innovatieprojectmanagement."
        ),
    },
    "en": {
        "title": "Partners",
        "introduction": (
            "The lead partner FBM and twelve project partners from Flanders and the "
            "Netherlands work together in ATMP XB. Biovia provides the innovation project "
            "management."
        ),
    },
}

FOOTER = {
    "nl": (
        "ATMP XB is een project van Interreg Vlaanderen-Nederland (2025–2028), medegefinancierd "
        "door de Europese Unie via het Europees Fonds voor Regionale Ontwikkeling (EFRO)."
    ),
    "en": (
        "ATMP XB is an Interreg Vlaanderen-Nederland project (2025–2028), co-funded by the "
        "European Union through the European Regional Development Fund (ERDF)."
    ),
}
