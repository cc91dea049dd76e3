"""ATMP-101 GMP and quality systems for ATMPs (ATMP_GMP_FACTS.md §1.1, §2, §3.5, §5.4)."""

from decimal import Decimal

from .text import callout, heading, paragraph

LESSON_ATMP = {
    "slug": {"nl": "wat-een-atmp-anders-maakt", "en": "what-makes-an-atmp-different"},
    "duration": 40,
    "nl": {
        "title": "Wat een ATMP anders maakt",
        "summary": "Levende geneesmiddelen, één batch per patiënt, en welke GMP-regels gelden.",
        "body": [
            heading("Levende geneesmiddelen"),
            paragraph(
                "<p>Geneesmiddelen voor geavanceerde therapie (ATMP's) zijn gemaakt van levende "
                "cellen of genetisch gewijzigd materiaal. Ze worden ingezet tegen kanker, "
                "zeldzame erfelijke aandoeningen en chronische ontstekingsziekten, vaak bij "
                "patiënten die ernstig ziek zijn.</p>"
                "<p>Een autologe therapie zoals CAR-T wordt gemaakt uit de eigen cellen van de "
                "patiënt: één batch is één patiënt. Mislukt de batch, dan is er geen voorraad "
                "om op terug te vallen, en het uitgangsmateriaal is soms maar enkele uren "
                "houdbaar. Snelheid, veiligheid en kwaliteit hangen daarom direct samen.</p>"
            ),
            heading("Steriliteit kun je niet achteraf toevoegen"),
            paragraph(
                "<p>Een product dat uit levende cellen bestaat, kun je aan het einde niet "
                "filtreren of verhitten om het steriel te maken. Elke open handeling moet dus "
                "aseptisch gebeuren: in een omgeving, met materialen en door mensen die zelf "
                "geen besmetting binnenbrengen. Daarom leer je in dit programma niet alleen "
                "regels, maar vooral gedrag.</p>"
            ),
            heading("Welke GMP-regels gelden er?"),
            paragraph(
                "<p>Voor ATMP's heeft de Europese Commissie een eigen GMP-richtsnoer: EudraLex "
                "Volume 4, <b>Deel IV</b>, aangenomen op 22 november 2017 en van kracht sinds "
                "22 mei 2018. Deel IV staat op zichzelf: de andere documenten van Volume 4 "
                "gelden voor ATMP's alleen waar Deel IV er uitdrukkelijk naar verwijst.</p>"
                "<p>De herziene <b>Annex 1</b> (productie van steriele geneesmiddelen) werd op "
                "22 augustus 2022 aangenomen en geldt sinds 25 augustus 2023; punt 8.123 pas "
                "sinds 25 augustus 2024. Voor ATMP-fabrikanten in de EU is Annex 1 dus formeel "
                "niet bindend, maar inspecteurs gebruiken haar wel als referentie. Onder PIC/S "
                "(ATMP-annex 2A) geldt Annex 1 wel.</p>"
            ),
            callout(
                "EudraLex Volume 4, Deel IV (2017)",
                "<p>Andere documenten van Volume 4 zijn niet van toepassing op ATMP's, tenzij "
                "deze richtsnoeren er uitdrukkelijk naar verwijzen.</p>",
            ),
            paragraph(
                "<p>Dat verschil gaat kleiner worden. Een conceptnota van het EMA van 8 mei "
                "2025 stelt voor Deel IV af te stemmen op Annex 1 (2022): risicobeheer, de "
                "contaminatiecontrolestrategie, gesloten systemen, isolatoren en RABS, en snelle "
                "microbiologische methoden. Een ontwerp wordt verwacht rond september 2026, de "
                "goedkeuring rond maart 2027.</p>"
            ),
            callout(
                "In dit programma",
                "<p>We gebruiken de grenswaarden van Annex 1 (2022) als referentie. Werk je op "
                "een site die nog de waarden van 2008 in haar procedures heeft, dan zie je daar "
                "soms andere getallen: volg altijd de procedures van je eigen site.</p>",
                kind="info",
            ),
        ],
    },
    "en": {
        "title": "What makes an ATMP different",
        "summary": "Living medicines, one batch per patient, and which GMP rules apply.",
        "body": [
            heading("Living medicines"),
            paragraph(
                "<p>Advanced therapy medicinal products (ATMPs) are made of living cells or "
                "genetically modified material. They are used against cancer, rare genetic "
                "disorders and chronic inflammatory diseases, often in patients who are "
                "seriously ill.</p>"
                "<p>An autologous therapy such as CAR-T is made from the patient's own cells: "
                "one batch is one patient. If the batch fails there is no stock to fall back "
                "on, and the starting material may keep for only a few hours. Speed, safety and "
                "quality are therefore bound up with each other.</p>"
            ),
            heading("Sterility cannot be added afterwards"),
            paragraph(
                "<p>A product that consists of living cells cannot be filtered or heated at the "
                "end to make it sterile. Every open step must therefore be aseptic: in an "
                "environment, with materials and by people that bring no contamination in "
                "themselves. That is why this programme teaches behaviour as much as rules.</p>"
            ),
            heading("Which GMP rules apply?"),
            paragraph(
                "<p>For ATMPs the European Commission has its own GMP guideline: EudraLex "
                "Volume 4, <b>Part IV</b>, adopted on 22 November 2017 and in operation since "
                "22 May 2018. Part IV stands alone: the other documents of Volume 4 apply to "
                "ATMPs only where Part IV refers to them explicitly.</p>"
                "<p>The revised <b>Annex 1</b> (manufacture of sterile medicinal products) was "
                "adopted on 22 August 2022 and has applied since 25 August 2023, point 8.123 "
                "only since 25 August 2024. For EU ATMP manufacturers Annex 1 is therefore not "
                "formally binding, but inspectors do use it as their reference. Under PIC/S "
                "(ATMP Annex 2A) Annex 1 does apply.</p>"
            ),
            callout(
                "EudraLex Volume 4, Part IV (2017)",
                "<p>Other documents of Volume 4 are not applicable to ATMPs, unless these "
                "guidelines make specific reference to them.</p>",
            ),
            paragraph(
                "<p>That gap is going to narrow. An EMA concept paper of 8 May 2025 proposes to "
                "align Part IV with Annex 1 (2022): risk management, the contamination control "
                "strategy, closed systems, isolators and RABS, and rapid microbiological "
                "methods. A draft is expected around September 2026, adoption around March "
                "2027.</p>"
            ),
            callout(
                "In this programme",
                "<p>We use the limits of Annex 1 (2022) as our reference. If you work at a site "
                "whose procedures still hold the 2008 values, you will see different numbers "
                "there now and then: always follow your own site's procedures.</p>",
                kind="info",
            ),
        ],
    },
}

LESSON_QUALITY = {
    "slug": {"nl": "afwijkingen-capa-en-ccs", "en": "deviations-capa-and-ccs"},
    "duration": 45,
    "nl": {
        "title": "Afwijkingen, CAPA en de contaminatiecontrolestrategie",
        "summary": "Hoe een kwaliteitssysteem leert van wat misgaat.",
        "body": [
            heading("Een kwaliteitssysteem leert van afwijkingen"),
            paragraph(
                "<p>Het farmaceutische kwaliteitssysteem zorgt ervoor dat elke batch wordt "
                "gemaakt zoals gevalideerd en dat elke afwijking wordt opgemerkt, onderzocht en "
                "opgevolgd. Een afwijking is niet in de eerste plaats een fout van iemand: het "
                "is informatie over een proces dat niet doet wat het moet doen.</p>"
                "<p>De vaste volgorde is: de afwijking vastleggen, de impact op het product "
                "inschatten, de meest waarschijnlijke oorzaak zoeken, en corrigerende en "
                "preventieve maatregelen (CAPA) nemen. Een goede CAPA pakt de oorzaak aan, "
                "niet alleen het symptoom.</p>"
            ),
            heading("Waarschuwingsniveau en actiegrens"),
            paragraph(
                "<p>Bij monitoring werk je met twee drempels. Een <b>actiegrens</b> die "
                "overschreden wordt, leidt tot een onderzoek en CAPA. Een "
                "<b>waarschuwingsniveau</b> is een vroeg signaal dat de omstandigheden "
                "afdrijven: het vraagt om extra aandacht en opvolging, maar niet op zichzelf om "
                "een correctie. In module ATMP-201 oefen je met beide.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), begrippenlijst",
                "<p>De actiegrenzen in de tabellen van Annex 1 zijn maxima: een site mag "
                "strengere grenzen vastleggen, en waarschuwingsniveaus stelt ze zelf vast uit "
                "de gegevens van kwalificatie en trends.</p>",
            ),
            heading("De contaminatiecontrolestrategie"),
            paragraph(
                "<p>Annex 1 (2022) zet de contaminatiecontrolestrategie (CCS) centraal: één "
                "samenhangend document over hoe de site besmetting voorkomt, opspoort en "
                "beheerst, van het ontwerp van de ruimtes tot opleiding, reiniging en "
                "monitoring. De CCS verklaart waarom de monitoringplannen en de grenzen zijn "
                "zoals ze zijn.</p>"
            ),
            heading("Wat er in de praktijk misgaat"),
            paragraph(
                "<p>In de literatuur mislukt de productie van CAR-T-cellen in 1 tot 13 % van de "
                "gevallen. In een Britse studie van 2019–2023 waren de belangrijkste oorzaken "
                "trage groei in cultuur, een te lage viabiliteit en een te lage zuiverheid aan "
                "T-cellen. Zulke cijfers tonen waarom procesbeheersing en een snel, grondig "
                "onderzoek van elke afwijking voor de patiënt het verschil maken.</p>"
            ),
        ],
    },
    "en": {
        "title": "Deviations, CAPA and the contamination control strategy",
        "summary": "How a quality system learns from what goes wrong.",
        "body": [
            heading("A quality system learns from deviations"),
            paragraph(
                "<p>The pharmaceutical quality system makes sure every batch is made as "
                "validated and that every deviation is noticed, investigated and followed up. A "
                "deviation is not first of all somebody's mistake: it is information about a "
                "process that does not do what it should.</p>"
                "<p>The fixed sequence is: record the deviation, assess the impact on the "
                "product, look for the most probable root cause, and take corrective and "
                "preventive action (CAPA). A good CAPA tackles the cause, not only the "
                "symptom.</p>"
            ),
            heading("Alert level and action limit"),
            paragraph(
                "<p>Monitoring works with two thresholds. An <b>action limit</b> that is "
                "exceeded triggers an investigation and CAPA. An <b>alert level</b> is an early "
                "warning that conditions are drifting: it calls for closer scrutiny and "
                "follow-up, but not by itself for corrective action. You practise both in "
                "module ATMP-201.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), glossary",
                "<p>The action limits in the Annex 1 tables are maxima: a site may set tighter "
                "ones, and it sets its alert levels itself from qualification and trend "
                "data.</p>",
            ),
            heading("The contamination control strategy"),
            paragraph(
                "<p>Annex 1 (2022) puts the contamination control strategy (CCS) at the centre: "
                "one coherent document on how the site prevents, detects and controls "
                "contamination, from the design of the rooms to training, cleaning and "
                "monitoring. The CCS explains why the monitoring plans and limits are what they "
                "are.</p>"
            ),
            heading("What goes wrong in practice"),
            paragraph(
                "<p>In the literature, CAR-T manufacturing fails in 1 to 13 % of cases. In a UK "
                "study of 2019–2023 the main causes were poor growth in culture, low viability "
                "and low T-cell purity. Figures like these show why process control and a quick, "
                "thorough investigation of every deviation make the difference for the "
                "patient.</p>"
            ),
        ],
    },
}

LESSON_DATA = {
    "slug": {"nl": "data-integriteit-en-traceerbaarheid", "en": "data-integrity-and-traceability"},
    "duration": 40,
    "nl": {
        "title": "Data-integriteit en traceerbaarheid",
        "summary": "ALCOA+, dertig jaar traceerbaarheid en de keten van identiteit.",
        "body": [
            heading("Wat niet gedocumenteerd is, is niet gebeurd"),
            paragraph(
                "<p>In GMP is het record het bewijs. Een inspecteur, een QP of een collega moet "
                "uit je registraties kunnen reconstrueren wat er met een batch is gebeurd, wie "
                "het deed en wanneer. De principes daarvoor vat men samen als <b>ALCOA+</b>.</p>"
            ),
            paragraph(
                "<ul><li><b>Attributable</b>: wie deed het en wanneer.</li>"
                "<li><b>Legible</b>: leesbaar en blijvend.</li>"
                "<li><b>Contemporaneous</b>: vastgelegd op het moment zelf.</li>"
                "<li><b>Original</b>: het originele record of een gewaarmerkte kopie.</li>"
                "<li><b>Accurate</b>: juist.</li>"
                "<li><b>Complete</b>: niets gewist, met een audittrail.</li>"
                "<li><b>Consistent</b>: chronologisch, met tijdstempels.</li>"
                "<li><b>Enduring</b>: bewaard voor de hele bewaartermijn.</li>"
                "<li><b>Available</b>: terug te vinden voor controle of inspectie.</li></ul>"
            ),
            callout(
                "PIC/S PI 041-1 en EudraLex hoofdstuk 4",
                "<p>De richtsnoeren voor data-integriteit en documentatie gelden voor papier en "
                "elektronische systemen: een elektronisch record heeft een audittrail nodig die "
                "laat zien wie wat wanneer wijzigde.</p>",
            ),
            heading("Dertig jaar traceerbaarheid"),
            paragraph(
                "<p>Voor ATMP's moeten de gegevens die de traceerbaarheid van het product "
                "verzekeren <b>30 jaar</b> bewaard worden (artikel 15 van Verordening (EG) nr. "
                "1394/2007). Van donor of patiënt tot het toegediende product moet elke stap "
                "terug te volgen zijn.</p>"
            ),
            heading("De keten van identiteit"),
            paragraph(
                "<p>Bij een autologe therapie moet het product dat terugkomt bij de patiënt "
                "aantoonbaar van diezelfde patiënt komen. De keten van identiteit (chain of "
                "identity) verbindt alle stappen: aferese, productie, vrijgave, transport en "
                "toediening. ISBT 128 heeft daarvoor een eigen identificatie (ST-028, de CoI "
                "Identifier), die op ISBT- en andere etiketten kan staan.</p>"
                "<p>Controleer de identiteit bij elke overdracht, lees af van het etiket en "
                "niet uit je geheugen, en behandel elke afwijking in de keten als een ernstige "
                "afwijking.</p>"
            ),
        ],
    },
    "en": {
        "title": "Data integrity and traceability",
        "summary": "ALCOA+, thirty years of traceability and the chain of identity.",
        "body": [
            heading("If it is not documented, it did not happen"),
            paragraph(
                "<p>In GMP the record is the evidence. An inspector, a QP or a colleague must be "
                "able to reconstruct from your records what happened to a batch, who did it and "
                "when. The principles for that are summed up as <b>ALCOA+</b>.</p>"
            ),
            paragraph(
                "<ul><li><b>Attributable</b>: who performed the action and when.</li>"
                "<li><b>Legible</b>: readable and permanent.</li>"
                "<li><b>Contemporaneous</b>: recorded at the time of the activity.</li>"
                "<li><b>Original</b>: the original record or a certified true copy.</li>"
                "<li><b>Accurate</b>: correct.</li>"
                "<li><b>Complete</b>: nothing deleted, with an audit trail.</li>"
                "<li><b>Consistent</b>: chronological, with time stamps.</li>"
                "<li><b>Enduring</b>: lasts for the whole retention period.</li>"
                "<li><b>Available</b>: retrievable for review or inspection.</li></ul>"
            ),
            callout(
                "PIC/S PI 041-1 and EudraLex chapter 4",
                "<p>The guidance on data integrity and documentation covers paper and "
                "electronic systems alike: an electronic record needs an audit trail that shows "
                "who changed what, and when.</p>",
            ),
            heading("Thirty years of traceability"),
            paragraph(
                "<p>For ATMPs, the data that ensure the product's traceability are kept for "
                "<b>30 years</b> (Article 15 of Regulation (EC) No 1394/2007). Every step from "
                "donor or patient to the administered product must be traceable.</p>"
            ),
            heading("The chain of identity"),
            paragraph(
                "<p>With an autologous therapy, the product that returns to the patient must "
                "demonstrably come from that same patient. The chain of identity links every "
                "step: apheresis, manufacturing, release, transport and administration. ISBT 128 "
                "has its own identifier for it (ST-028, the CoI Identifier), which can appear on "
                "ISBT and non-ISBT labels.</p>"
                "<p>Check the identity at every hand-over, read it off the label rather than "
                "from memory, and treat any break in the chain as a serious deviation.</p>"
            ),
        ],
    },
}

MODULE = {
    "code": "ATMP-101",
    "slug": {"nl": "atmp-101-gmp-en-kwaliteitssystemen", "en": "atmp-101-gmp-and-quality-systems"},
    "ects_credits": Decimal("4"),
    "level": "introductory",
    "prerequisites": [],
    "nl": {
        "title": "GMP en kwaliteitssystemen voor ATMP's",
        "summary": (
            "De GMP-regels die voor ATMP's gelden, hoe een kwaliteitssysteem met afwijkingen "
            "omgaat, en waarom data-integriteit en traceerbaarheid voor een levend "
            "geneesmiddel zo zwaar wegen."
        ),
        "outcomes": [
            "Je legt uit welke GMP-richtsnoeren voor ATMP's gelden en welke rol Annex 1 (2022) "
            "daarbij speelt.",
            "Je beschrijft hoe een afwijking wordt vastgelegd, onderzocht en met CAPA opgevolgd.",
            "Je onderscheidt een waarschuwingsniveau van een actiegrens.",
            "Je past de ALCOA+-principes toe op je eigen registraties.",
        ],
    },
    "en": {
        "title": "GMP and quality systems for ATMPs",
        "summary": (
            "The GMP rules that apply to ATMPs, how a quality system handles deviations, and "
            "why data integrity and traceability weigh so heavily for a living medicine."
        ),
        "outcomes": [
            "You explain which GMP guidelines apply to ATMPs and what role Annex 1 (2022) plays.",
            "You describe how a deviation is recorded, investigated and followed up with CAPA.",
            "You tell an alert level from an action limit.",
            "You apply the ALCOA+ principles to your own records.",
        ],
    },
    "lessons": [LESSON_ATMP, LESSON_QUALITY, LESSON_DATA],
}
