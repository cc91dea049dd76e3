"""Demo news articles, each in Dutch and English, newest last."""

import datetime

from .content import callout, heading, paragraph, quote

NEWS = [
    {
        "slug": {"nl": "atmp-xb-van-start", "en": "atmp-xb-launches"},
        "date": datetime.date(2025, 12, 16),
        "tags": {"nl": ["project", "Interreg"], "en": ["project", "Interreg"]},
        "nl": {
            "title": "ATMP XB van start: Vlaanderen en Nederland bundelen krachten",
            "introduction": (
                "Gent en Antwerpen, 16 december 2025. Met ATMP XB slaan Vlaamse en Nederlandse "
                "partners de handen in elkaar om cel- en gentherapieën sneller en veiliger bij "
                "patiënten te brengen."
            ),
            "body": [
                paragraph(
                    "<p>Het project heeft een budget van 3,5 miljoen euro en wordt door de "
                    "Europese Unie medegefinancierd via Interreg Vlaanderen-Nederland. Het loopt "
                    "van november 2025 tot en met oktober 2028.</p>"
                ),
                heading("Drie sporen"),
                paragraph(
                    "<ol><li>Een gezamenlijk Vlaams-Nederlands competentiecentrum voor "
                    "kwaliteitsborging en kwaliteitscontrole van ATMP's, en een "
                    "biomaterialenhub in Helmond voor GMP-biomaterialen.</li>"
                    "<li>Innovatie: een voucherprogramma voor kmo's en werk aan "
                    "combinatieproducten, zoals een hulpmiddel dat een celtherapie rechtstreeks "
                    "uit een cryoflacon toedient.</li>"
                    "<li>Een leernetwerk en opleidingscentrum voor de mensen die deze "
                    "therapieën maken en testen.</li></ol>"
                ),
                quote(
                    "Snelheid, veiligheid en kwaliteit zijn cruciaal voor patiënten die vaak "
                    "ernstig ziek zijn.",
                    "ATMP XB",
                ),
            ],
        },
        "en": {
            "title": "ATMP XB launches: Flanders and the Netherlands join forces",
            "introduction": (
                "Ghent and Antwerp, 16 December 2025. With ATMP XB, Flemish and Dutch partners "
                "join forces to bring cell and gene therapies to patients faster and more safely."
            ),
            "body": [
                paragraph(
                    "<p>The project has a budget of €3.5 million and is co-funded by the "
                    "European Union through Interreg Vlaanderen-Nederland. It runs from "
                    "November 2025 to October 2028.</p>"
                ),
                heading("Three tracks"),
                paragraph(
                    "<ol><li>A joint Flemish-Dutch competence centre for the quality assurance "
                    "and quality control of ATMPs, and a biomaterials hub in Helmond for GMP "
                    "biomaterials.</li>"
                    "<li>Innovation: a voucher programme for SMEs and work on combination "
                    "products, such as a device that administers a cell therapy directly from "
                    "a cryo-vial.</li>"
                    "<li>A learning network and training centre for the people who make and "
                    "test these therapies.</li></ol>"
                ),
                quote(
                    "Speed, safety and quality are critical for patients who are often "
                    "seriously ill.",
                    "ATMP XB",
                ),
            ],
        },
    },
    {
        "slug": {"nl": "leernetwerk", "en": "learning-network"},
        "date": datetime.date(2026, 2, 10),
        "tags": {"nl": ["leernetwerk", "opleiding"], "en": ["learning network", "training"]},
        "nl": {
            "title": "Het leernetwerk: samen opleiden over de grens",
            "introduction": (
                "Wie ATMP's maakt of test, heeft specifieke kennis en vaardigheden nodig. Het "
                "leernetwerk van ATMP XB brengt opleiders, bedrijven en ziekenhuizen samen."
            ),
            "body": [
                paragraph(
                    "<p>De grensregio telt grote bedrijven, tientallen kmo's die technologie "
                    "voor ATMP's ontwikkelen en academische groepen met tientallen klinische "
                    "studies in de pijplijn. Ze hebben allemaal mensen nodig die aseptisch "
                    "kunnen werken en de kwaliteit van een product met een korte houdbaarheid "
                    "kunnen bewaken.</p>"
                ),
                heading("Wat het netwerk biedt"),
                paragraph(
                    "<ul><li>Lesmodules over onder meer omkleden, aseptisch werken en "
                    "omgevingsmonitoring.</li><li>Simulaties van cleanroom- en "
                    "productiesituaties om beslissingen te oefenen.</li><li>Praktijkbeoordelingen "
                    "door trainers, vastgelegd in een competentieprofiel.</li></ul>"
                ),
            ],
        },
        "en": {
            "title": "The learning network: training together across the border",
            "introduction": (
                "Making or testing ATMPs takes specific knowledge and skills. The ATMP XB "
                "learning network brings trainers, companies and hospitals together."
            ),
            "body": [
                paragraph(
                    "<p>The border region has large companies, dozens of SMEs developing "
                    "technology for ATMPs, and academic groups with dozens of clinical studies in "
                    "the pipeline. All of them need people who can work aseptically and safeguard "
                    "the quality of a product with a short shelf life.</p>"
                ),
                heading("What the network offers"),
                paragraph(
                    "<ul><li>Modules on gowning, aseptic practice and environmental monitoring, "
                    "among others.</li><li>Simulations of cleanroom and manufacturing situations "
                    "to practise decisions.</li><li>Practical assessments by trainers, recorded "
                    "in a competency profile.</li></ul>"
                ),
            ],
        },
    },
    {
        "slug": {"nl": "postgraduaat", "en": "postgraduate-programme"},
        "date": datetime.date(2026, 4, 14),
        "tags": {"nl": ["postgraduaat", "opleiding"], "en": ["postgraduate", "training"]},
        "nl": {
            "title": "Een postgraduaat voor ATMP-analisten en -operatoren",
            "introduction": (
                "ATMP XB werkt aan een nieuw postgraduaat voor analisten en operatoren in de "
                "kwaliteitscontrole en productie van cel- en gentherapieën."
            ),
            "body": [
                paragraph(
                    "<p>Het programma combineert online lessen, simulaties en "
                    "praktijkbeoordelingen. Deelnemers bouwen een overzicht op van hun "
                    "competenties, en certificaten tonen wat ze aantoonbaar kennen en "
                    "kunnen.</p>"
                ),
                callout(
                    "Wat een certificaat wel en niet zegt",
                    "<p>Een certificaat bevestigt kennis, vaardigheid in simulaties en "
                    "competenties die een trainer heeft beoordeeld. Het geeft geen toegang tot "
                    "zelfstandig werk in graad A of B: daarvoor zijn een omkleedkwalificatie en "
                    "een geslaagde aseptische processimulatie bij de werkgever nodig (EU GMP "
                    "Annex 1).</p>",
                    kind="regulation",
                ),
            ],
        },
        "en": {
            "title": "A postgraduate programme for ATMP analysts and operators",
            "introduction": (
                "ATMP XB is preparing a new postgraduate programme for analysts and operators in "
                "the quality control and manufacturing of cell and gene therapies."
            ),
            "body": [
                paragraph(
                    "<p>The programme combines online lessons, simulations and practical "
                    "assessments. Participants build up a record of their competencies, and "
                    "certificates show what they have demonstrably learned and can do.</p>"
                ),
                callout(
                    "What a certificate does and does not say",
                    "<p>A certificate attests knowledge, proficiency in simulations and "
                    "competencies assessed by a trainer. It does not qualify the holder for "
                    "unsupervised work in Grade A or B: that takes gowning qualification and a "
                    "successful aseptic process simulation at the employer's site (EU GMP "
                    "Annex 1).</p>",
                    kind="regulation",
                ),
            ],
        },
    },
    {
        "slug": {"nl": "annex-1-uitgelegd", "en": "annex-1-explained"},
        "date": datetime.date(2026, 6, 2),
        "tags": {"nl": ["Annex 1", "GMP"], "en": ["Annex 1", "GMP"]},
        "nl": {
            "title": "Annex 1 uitgelegd: wat de herziene GMP-bijlage betekent voor ATMP's",
            "introduction": (
                "De herziene EU GMP Annex 1 over steriele productie geldt sinds 25 augustus "
                "2023. Wat verandert er voor wie cel- en gentherapieën maakt?"
            ),
            "body": [
                paragraph(
                    "<p>Annex 1 werd in augustus 2022 gepubliceerd. Een "
                    "contaminatiebeheersingsstrategie staat centraal, en de term "
                    "„niet-levensvatbare deeltjes” maakte plaats voor „totale deeltjes”.</p>"
                    "<p>Voor ATMP's geldt formeel Deel IV van de EU GMP-richtsnoeren (2017). "
                    "Annex 1 is daar niet bindend, maar wel het referentiepunt voor "
                    "inspecteurs, en de EMA wil Deel IV erop afstemmen.</p>"
                ),
                callout(
                    "Graad A: geen groei",
                    "<p>In graad A is het criterium „geen groei”: elke kolonie op een "
                    "luchtmonster, sedimentatie- of contactplaat of handschoenafdruk leidt tot "
                    "een onderzoek.</p>",
                    kind="regulation",
                ),
            ],
        },
        "en": {
            "title": "Annex 1 explained: what the revised GMP annex means for ATMPs",
            "introduction": (
                "The revised EU GMP Annex 1 on sterile manufacturing has applied since 25 August "
                "2023. What changes for those who make cell and gene therapies?"
            ),
            "body": [
                paragraph(
                    "<p>Annex 1 was published in August 2022. A contamination control strategy "
                    "is central, and the term “non-viable particles” gave way to “total "
                    "particles”.</p>"
                    "<p>For ATMPs, Part IV of the EU GMP guidelines (2017) formally applies. "
                    "Annex 1 is not binding there, but it is the reference point for inspectors, "
                    "and the EMA intends to align Part IV with it.</p>"
                ),
                callout(
                    "Grade A: no growth",
                    "<p>In Grade A the criterion is “no growth”: any colony on an air sample, "
                    "settle or contact plate or glove print leads to an investigation.</p>",
                    kind="regulation",
                ),
            ],
        },
    },
    {
        "slug": {"nl": "voorbeelden-uit-europa", "en": "examples-from-europe"},
        "date": datetime.date(2026, 9, 15),
        "tags": {"nl": ["opleiding", "Europa"], "en": ["training", "Europe"]},
        "nl": {
            "title": "Wat we leren van het Verenigd Koninkrijk en Zweden",
            "introduction": (
                "ATMP XB kijkt naar initiatieven in het Verenigd Koninkrijk en Zweden die al "
                "jaren ATMP-professionals opleiden."
            ),
            "body": [
                paragraph(
                    "<p>In het Verenigd Koninkrijk startte in december 2020 het Advanced "
                    "Therapies Skills Training Network, met een online opleidingsplatform en drie "
                    "nationale opleidingscentra. De praktijkcursussen gaan over omkleden en gedrag "
                    "in de cleanroom, aseptisch werken, microbiologie en omgevingsmonitoring.</p>"
                    "<p>In Zweden bleek uit een bevraging in het voorjaar van 2022 dat bedrijven "
                    "binnen vijf jaar meer dan 500 specialisten verwachtten aan te werven.</p>"
                ),
            ],
        },
        "en": {
            "title": "What we learn from the United Kingdom and Sweden",
            "introduction": (
                "ATMP XB looks at initiatives in the United Kingdom and Sweden that have trained "
                "ATMP professionals for years."
            ),
            "body": [
                paragraph(
                    "<p>In the United Kingdom, the Advanced Therapies Skills Training Network "
                    "started in December 2020, with an online training platform and three "
                    "national training centres. Its practical courses cover cleanroom gowning and "
                    "behaviour, aseptic processing, microbiology and environmental "
                    "monitoring.</p>"
                    "<p>In Sweden, a survey in spring 2022 found that companies expected to hire "
                    "more than 500 specialists within five years.</p>"
                ),
            ],
        },
    },
    {
        "slug": {
            "nl": "vouchers-en-combinatieproducten",
            "en": "vouchers-and-combination-products",
        },
        "date": datetime.date(2026, 10, 20),
        "tags": {"nl": ["innovatie", "kmo"], "en": ["innovation", "SME"]},
        "nl": {
            "title": "Vouchers en combinatieproducten: innovatie voor kmo's",
            "introduction": (
                "Naast opleiding zet ATMP XB in op innovatie, met een voucherprogramma voor "
                "kmo's en werk aan hulpmiddelen om celtherapieën toe te dienen."
            ),
            "body": [
                paragraph(
                    "<p>Veel kmo's in de regio ontwikkelen technologie en hulpmiddelen om ATMP's "
                    "te maken en toe te dienen. Met vouchers krijgen ze toegang tot de expertise "
                    "van de partners.</p>"
                    "<p>Een van de onderwerpen zijn combinatieproducten, zoals een hulpmiddel "
                    "dat een celtherapie rechtstreeks uit een cryoflacon toedient, plug-and-play. "
                    "De biomaterialenhub in Helmond richt zich op biomaterialen van "
                    "GMP-kwaliteit.</p>"
                ),
            ],
        },
        "en": {
            "title": "Vouchers and combination products: innovation for SMEs",
            "introduction": (
                "Besides training, ATMP XB invests in innovation, with a voucher programme for "
                "SMEs and work on devices to administer cell therapies."
            ),
            "body": [
                paragraph(
                    "<p>Many SMEs in the region develop technology and devices to make and "
                    "administer ATMPs. Vouchers give them access to the partners' expertise.</p>"
                    "<p>One of the topics is combination products, such as a plug-and-play "
                    "device that administers a cell therapy directly from a cryo-vial. The "
                    "biomaterials hub in Helmond focuses on GMP-grade biomaterials.</p>"
                ),
            ],
        },
    },
]
