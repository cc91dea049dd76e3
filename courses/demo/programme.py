"""The postgraduate programme page, in Dutch and English."""

from decimal import Decimal

from .text import callout, heading, paragraph

PROGRAMME = {
    "slug": {"nl": "postgraduaat", "en": "postgraduate-programme"},
    "ects_credits": Decimal("20"),
    "nl": {
        "title": "Postgraduaat ATMP-analist en -operator",
        "introduction": (
            "Een postgraduaat van het leernetwerk van ATMP XB voor wie cel- en gentherapieën "
            "wil maken of testen: van de GMP-regels en het gedrag in de cleanroom tot "
            "omgevingsmonitoring en de productie van CAR-T-cellen."
        ),
        "audience": (
            "<p>Het postgraduaat is bedoeld voor:</p>"
            "<ul><li>operatoren die in een GMP-cleanroom ATMP's (gaan) produceren;</li>"
            "<li>analisten in kwaliteitscontrole en QC-microbiologie die omgevingsmonitoring "
            "en vrijgavetesten uitvoeren;</li>"
            "<li>laboranten, verpleegkundigen en onderzoekers die de overstap maken van het "
            "onderzoekslab of het ziekenhuis naar GMP-productie.</li></ul>"
        ),
        "admission": (
            "<p>Je hebt een bachelordiploma in een laboratorium- of life-sciencesrichting, of "
            "een gelijkwaardige ervaring die je in een motivatie toelicht. Voor de modules op "
            "niveau 200 heb je de voorkennis van de inleidende modules nodig (zie de "
            "voorkennis bij elke module).</p>"
            "<p>Sommige edities staan open voor inschrijving; voor andere stel je je kandidaat "
            "en beslist een trainer. Er is een maximaal aantal plaatsen per editie; wie niet "
            "meer past, komt op de wachtlijst.</p>"
        ),
        "structure": (
            "<p>Het programma telt 20 ECTS-studiepunten in vier modules. Elke module heeft "
            "lessen met tekst en oefeningen die je online volgt, en edities (cohortes) met "
            "vaste begin- en einddata en een trainer. Een module is afgerond wanneer je al haar "
            "lessen hebt afgerond: door ze te lezen of door de oefeningen te halen.</p>"
            "<ul><li><b>ATMP-101</b> GMP en kwaliteitssystemen voor ATMP's</li>"
            "<li><b>ATMP-102</b> Gedrag in de cleanroom en aseptisch werken</li>"
            "<li><b>ATMP-201</b> Omgevingsmonitoring en QC-microbiologie</li>"
            "<li><b>ATMP-202</b> CAR-T-productie van aferese tot cryopreservatie</li></ul>"
        ),
        "body": [
            heading("Wat dit programma wel en niet bewijst"),
            paragraph(
                "<p>Je leert de regels, de achtergrond en het denkwerk achter aseptische "
                "productie en kwaliteitscontrole, en je oefent met realistische gegevens. Wat je "
                "hier haalt, toont kennis en geoefende vaardigheid aan.</p>"
            ),
            callout(
                "Kwalificatie gebeurt bij je werkgever",
                "<p>Zelfstandig werken in graad A of B vraagt een omkleedkwalificatie (visueel "
                "en microbiologisch) en deelname aan een geslaagde processimulatie (APS) op de "
                "site van je werkgever (EU GMP Annex 1, hoofdstuk 7). Geen cursus of "
                "certificaat kan dat vervangen.</p>",
                kind="warning",
            ),
        ],
    },
    "en": {
        "title": "Postgraduate programme ATMP analyst and operator",
        "introduction": (
            "A postgraduate programme of the ATMP XB learning network for people who want to "
            "make or test cell and gene therapies: from the GMP rules and cleanroom behaviour "
            "to environmental monitoring and CAR-T cell manufacturing."
        ),
        "audience": (
            "<p>The programme is meant for:</p>"
            "<ul><li>operators who manufacture, or are about to manufacture, ATMPs in a GMP "
            "cleanroom;</li>"
            "<li>analysts in quality control and QC microbiology who run environmental "
            "monitoring and release testing;</li>"
            "<li>technicians, nurses and researchers moving from the research lab or the "
            "hospital into GMP manufacturing.</li></ul>"
        ),
        "admission": (
            "<p>You hold a bachelor's degree in a laboratory or life-sciences subject, or "
            "equivalent experience that you explain in a motivation. The level-200 modules "
            "build on the introductory ones (see each module's prerequisites).</p>"
            "<p>Some editions are open for enrolment; for others you apply and a trainer "
            "decides. Each edition has a maximum number of places; anyone who no longer fits "
            "goes on the waiting list.</p>"
        ),
        "structure": (
            "<p>The programme is worth 20 ECTS credits in four modules. Each module has lessons "
            "with text and exercises that you follow online, and editions (cohorts) with fixed "
            "start and end dates and a trainer. You complete a module by completing all its "
            "lessons: by reading them or by passing their exercises.</p>"
            "<ul><li><b>ATMP-101</b> GMP and quality systems for ATMPs</li>"
            "<li><b>ATMP-102</b> Cleanroom behaviour and aseptic technique</li>"
            "<li><b>ATMP-201</b> Environmental monitoring and QC microbiology</li>"
            "<li><b>ATMP-202</b> CAR-T manufacturing from apheresis to cryopreservation</li></ul>"
        ),
        "body": [
            heading("What this programme does and does not prove"),
            paragraph(
                "<p>You learn the rules, the background and the reasoning behind aseptic "
                "manufacturing and quality control, and you practise with realistic data. What "
                "you achieve here shows knowledge and practised skill.</p>"
            ),
            callout(
                "Qualification happens at your employer",
                "<p>Working unsupervised in Grade A or B needs a gowning qualification (visual "
                "and microbial) and participation in a successful aseptic process simulation "
                "(APS) at your employer's site (EU GMP Annex 1, chapter 7). No course or "
                "certificate can replace that.</p>",
                kind="warning",
            ),
        ],
    },
}
