"""ATMP-201 Environmental monitoring and QC microbiology (ATMP_GMP_FACTS.md §1.5–§1.7, §4.2).

Numbers in braces are filled in from simulations.regulatory (courses.demo.numbers).
"""

from decimal import Decimal

from .text import callout, exercise, heading, paragraph, simulation

LESSON_METHODS = {
    "slug": {"nl": "monitoringmethoden-en-grenzen", "en": "monitoring-methods-and-limits"},
    "duration": 50,
    "nl": {
        "title": "Monitoringmethoden en de actiegrenzen",
        "summary": "Deeltjestellers, luchtmonsters, sedimentatie-, contact- en handschoenplaten.",
        "body": [
            heading("Totale deeltjes: continu in graad A"),
            paragraph(
                "<p>In graad A worden deeltjes van ≥0,5 µm en ≥5 µm continu gemeten, gedurende "
                "de hele kritieke verwerking, ook tijdens het opbouwen van de apparatuur. De "
                "teller zuigt minstens {flow_l_min} L/min aan (1 kubieke voet per minuut), zodat "
                "ingrepen en korte pieken zichtbaar worden. Een overschreden waarschuwingsniveau "
                "geeft een alarm. In graad B wordt een gelijkaardig systeem aanbevolen, "
                "eventueel met een lagere meetfrequentie; graad C en D worden gemonitord "
                "volgens het risicobeheer.</p>"
            ),
            heading("Levende deeltjes: vier methoden"),
            paragraph(
                "<ul><li><b>Actieve luchtmonstername</b>: een toestel zuigt een gekend volume "
                "lucht over een voedingsbodem; het resultaat is in kve per m³.</li>"
                "<li><b>Sedimentatieplaten</b> (Ø 90 mm) liggen open tijdens de hele "
                "bewerking, ook het opbouwen, en worden in graad A en B na hoogstens "
                "{settle_h} uur vervangen.</li>"
                "<li><b>Contactplaten</b> (Ø 55 mm) worden op oppervlakken, apparatuur en "
                "kledij gedrukt.</li>"
                "<li><b>Handschoenafdrukken</b>: de vijf vingers van beide handen op een "
                "plaat.</li></ul>"
            ),
            heading("De actiegrenzen van Annex 1 (tabel 6)"),
            paragraph(
                "<ul><li>Graad A: geen groei, voor alle vier de methoden.</li>"
                "<li>Graad B: lucht {air_B} kve/m³, sedimentatieplaat {settle_B} kve per "
                "{settle_h} uur, contactplaat {contact_B} kve per plaat, handschoenafdruk "
                "{glove_B} kve per handschoen.</li>"
                "<li>Graad C: lucht {air_C}, sedimentatieplaat {settle_C}, contactplaat "
                "{contact_C}.</li>"
                "<li>Graad D: lucht {air_D}, sedimentatieplaat {settle_D}, contactplaat "
                "{contact_D}.</li></ul>"
                "<p>Een resultaat <i>overschrijdt</i> de grens als het erboven ligt: {air_B} "
                "kve/m³ in graad B is nog binnen de grens, één kolonie meer niet.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), punt 9.30 en tabel 6",
                "<p>De waarden zijn maximale actiegrenzen. Micro-organismen uit graad A en B "
                "worden tot op soortniveau geïdentificeerd en hun impact op het product wordt "
                "beoordeeld.</p>",
            ),
        ],
    },
    "en": {
        "title": "Monitoring methods and the action limits",
        "summary": "Particle counters, air samples, settle, contact and glove plates.",
        "body": [
            heading("Total particles: continuous in Grade A"),
            paragraph(
                "<p>In Grade A, particles of ≥0.5 µm and ≥5 µm are measured continuously for "
                "the full duration of critical processing, equipment assembly included. The "
                "counter samples at least {flow_l_min} L/min (one cubic foot per minute), so "
                "that interventions and short peaks show up. An exceeded alert level raises an "
                "alarm. In Grade B a similar system is recommended, possibly at a lower sampling "
                "frequency; Grades C and D are monitored in line with risk management.</p>"
            ),
            heading("Viable particles: four methods"),
            paragraph(
                "<ul><li><b>Active air sampling</b>: a sampler draws a known volume of air over "
                "a growth medium; the result is in CFU per m³.</li>"
                "<li><b>Settle plates</b> (Ø 90 mm) stay open for the whole operation, set-up "
                "included, and in Grades A and B are changed after at most {settle_h} "
                "hours.</li>"
                "<li><b>Contact plates</b> (Ø 55 mm) are pressed on surfaces, equipment and "
                "garments.</li>"
                "<li><b>Glove prints</b>: the five fingers of both hands on a plate.</li></ul>"
            ),
            heading("The Annex 1 action limits (Table 6)"),
            paragraph(
                "<ul><li>Grade A: no growth, for all four methods.</li>"
                "<li>Grade B: air {air_B} CFU/m³, settle plate {settle_B} CFU per {settle_h} "
                "hours, contact plate {contact_B} CFU per plate, glove print {glove_B} CFU per "
                "glove.</li>"
                "<li>Grade C: air {air_C}, settle plate {settle_C}, contact plate "
                "{contact_C}.</li>"
                "<li>Grade D: air {air_D}, settle plate {settle_D}, contact plate "
                "{contact_D}.</li></ul>"
                "<p>A result <i>exceeds</i> the limit when it is above it: {air_B} CFU/m³ in "
                "Grade B is still within the limit, one colony more is not.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), point 9.30 and Table 6",
                "<p>The values are maximum action limits. Micro-organisms recovered in Grades A "
                "and B are identified to species level and their impact on the product is "
                "assessed.</p>",
            ),
        ],
    },
}

LESSON_TRENDS = {
    "slug": {"nl": "waarschuwing-actie-en-trends", "en": "alert-action-and-trends"},
    "duration": 45,
    "exercise": "limits-b",
    "nl": {
        "title": "Waarschuwingsniveaus, actiegrenzen en trends",
        "summary": "Wanneer een resultaat een onderzoek vraagt, en welke patronen je zoekt.",
        "body": [
            heading("Twee drempels, twee reacties"),
            paragraph(
                "<p>Boven de <b>actiegrens</b> start je een onderzoek en CAPA. Boven het "
                "<b>waarschuwingsniveau</b> kijk je beter: het signaal vraagt opvolging, maar "
                "op zichzelf geen correctie. Een site legt haar waarschuwingsniveaus vast uit "
                "de gegevens van de kwalificatie en uit trends, en herziet ze regelmatig.</p>"
            ),
            heading("Trends die je moet zien"),
            paragraph(
                "<ul><li>meer overschrijdingen van actie- of waarschuwingsniveaus dan "
                "vroeger;</li>"
                "<li>opeenvolgende overschrijdingen van het waarschuwingsniveau;</li>"
                "<li>losse actie-overschrijdingen die steeds terugkomen en een gemeenschappelijke "
                "oorzaak kunnen hebben, bijvoorbeeld altijd na gepland onderhoud;</li>"
                "<li>veranderingen in de flora: soort, aantal of overwicht.</li></ul>"
                "<p>Sporenvormers en schimmels wijzen op verlies van controle en krijgen extra "
                "aandacht.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), hoofdstuk 9",
                "<p>Eén losse telling van ≥5 µm in graad A kan een valse telling zijn "
                "(elektronische ruis, strooilicht). Opeenvolgende of regelmatige lage tellingen "
                "kunnen op een besmetting wijzen en worden onderzocht.</p>",
            ),
            heading("Oefening: welke resultaten overschrijden de actiegrens?"),
            paragraph(
                "<p>Hieronder staan resultaten van één dag in een cleanroom van graad B, in "
                "bedrijf. Vink elk resultaat aan dat de actiegrens van Annex 1 overschrijdt. "
                "Let op: een resultaat dat precies op de grens ligt, overschrijdt ze niet.</p>"
            ),
            exercise("limits-b", "Monitoringresultaten in graad B"),
            simulation(
                "em-weekly-trend-review",
                "<p>Volg een week monitoring in klasse A tot D en classificeer elke bevinding: "
                "binnen de limieten, alert, actie of trend.</p>",
            ),
        ],
    },
    "en": {
        "title": "Alert levels, action limits and trends",
        "summary": "When a result calls for an investigation, and which patterns to look for.",
        "body": [
            heading("Two thresholds, two responses"),
            paragraph(
                "<p>Above the <b>action limit</b> you start an investigation and CAPA. Above the "
                "<b>alert level</b> you look more closely: the signal calls for follow-up, but "
                "not by itself for corrective action. A site sets its alert levels from "
                "qualification and trend data, and reviews them periodically.</p>"
            ),
            heading("Trends you must see"),
            paragraph(
                "<ul><li>more action or alert excursions than before;</li>"
                "<li>consecutive alert excursions;</li>"
                "<li>isolated action excursions that keep recurring and may share a cause, for "
                "example always after planned maintenance;</li>"
                "<li>changes in the flora: type, numbers or predominance.</li></ul>"
                "<p>Spore-formers and moulds indicate loss of control and get particular "
                "attention.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), chapter 9",
                "<p>A single ≥5 µm count in Grade A may be a false count (electronic noise, "
                "stray light). Consecutive or regular low-level counts may indicate a "
                "contamination event and are investigated.</p>",
            ),
            heading("Exercise: which results exceed the action limit?"),
            paragraph(
                "<p>Below are one day's results from a Grade B cleanroom in operation. Tick "
                "every result that exceeds the Annex 1 action limit. Mind: a result exactly at "
                "the limit does not exceed it.</p>"
            ),
            exercise("limits-b", "Monitoring results in Grade B"),
            simulation(
                "em-weekly-trend-review",
                "<p>Follow a week of monitoring in Grades A to D and classify each finding: "
                "within limits, alert, action or trend.</p>",
            ),
        ],
    },
}

LESSON_GRADE_A = {
    "slug": {"nl": "graad-a-geen-groei", "en": "grade-a-no-growth"},
    "duration": 40,
    "exercise": "limits-a",
    "nl": {
        "title": "Graad A: geen groei betekent geen groei",
        "summary": "Elke kolonie in graad A is een onderzoek, en zo pak je dat aan.",
        "body": [
            heading("Eén kolonie is genoeg"),
            paragraph(
                "<p>In graad A is de actiegrens voor elke methode 'geen groei'. Er is geen "
                "marge: één kolonie op een sedimentatieplaat, een contactplaat of een "
                "handschoenafdruk leidt tot een onderzoek. Het luchtmonster in graad A gebeurt "
                "continu gedurende de hele kritieke verwerking, ook bij het opbouwen.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), tabel 6, noot c",
                "<p>In graad A moet elke groei tot een onderzoek leiden.</p>",
            ),
            heading("Van alarm tot vrijgavebeslissing"),
            paragraph(
                "<ol><li>Het alarm of het resultaat komt binnen: beoordeel meteen de ingreep of "
                "de gebeurtenis.</li>"
                "<li>Leg de afwijking vast.</li>"
                "<li>Onderzoek: oorzaak, impact op het product of de units die open stonden, "
                "microbiologische opvolging en identificatie van het organisme.</li>"
                "<li>Het resultaat weegt mee in de beslissing over de vrijgave van de "
                "batch.</li></ol>"
            ),
            heading("Oefening"),
            paragraph(
                "<p>Deze resultaten komen uit de veiligheidswerkbank (graad A) tijdens één "
                "productie. Vink elk resultaat aan dat de actiegrens overschrijdt.</p>"
            ),
            exercise("limits-a", "Monitoringresultaten in graad A", pass_mark=100),
        ],
    },
    "en": {
        "title": "Grade A: no growth means no growth",
        "summary": "Every colony in Grade A is an investigation, and how you handle one.",
        "body": [
            heading("One colony is enough"),
            paragraph(
                "<p>In Grade A the action limit for every method is 'no growth'. There is no "
                "margin: one colony on a settle plate, a contact plate or a glove print leads "
                "to an investigation. Viable air monitoring in Grade A is continuous for the "
                "full duration of critical processing, set-up included.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), Table 6, note c",
                "<p>For Grade A, any growth should result in an investigation.</p>",
            ),
            heading("From alarm to batch decision"),
            paragraph(
                "<ol><li>The alarm or result comes in: assess the intervention or event at "
                "once.</li>"
                "<li>Record the deviation.</li>"
                "<li>Investigate: root cause, impact on the exposed product or units, microbial "
                "follow-up and identification of the organism.</li>"
                "<li>The outcome feeds into the batch-disposition decision.</li></ol>"
            ),
            heading("Exercise"),
            paragraph(
                "<p>These results come from the biosafety cabinet (Grade A) during one "
                "production run. Tick every result that exceeds the action limit.</p>"
            ),
            exercise("limits-a", "Monitoring results in Grade A", pass_mark=100),
        ],
    },
}

MODULE = {
    "code": "ATMP-201",
    "slug": {"nl": "atmp-201-omgevingsmonitoring", "en": "atmp-201-environmental-monitoring"},
    "ects_credits": Decimal("6"),
    "level": "intermediate",
    "prerequisites": ["ATMP-102"],
    "nl": {
        "title": "Omgevingsmonitoring en QC-microbiologie",
        "summary": (
            "Hoe je deeltjes en micro-organismen in de cleanroom meet, welke grenzen Annex 1 "
            "stelt, en hoe je resultaten en trends beoordeelt."
        ),
        "outcomes": [
            "Je kiest de juiste monitoringmethode voor lucht, oppervlakken en handschoenen.",
            "Je beoordeelt monitoringresultaten tegen de actiegrenzen van graad A en B.",
            "Je herkent trends die een onderzoek vragen, ook onder de actiegrens.",
            "Je beschrijft de stappen van een onderzoek na groei in graad A.",
        ],
    },
    "en": {
        "title": "Environmental monitoring and QC microbiology",
        "summary": (
            "How you measure particles and micro-organisms in the cleanroom, which limits "
            "Annex 1 sets, and how you judge results and trends."
        ),
        "outcomes": [
            "You choose the right monitoring method for air, surfaces and gloves.",
            "You judge monitoring results against the Grade A and B action limits.",
            "You recognise trends that call for an investigation, also below the action limit.",
            "You describe the steps of an investigation after growth in Grade A.",
        ],
    },
    "lessons": [LESSON_METHODS, LESSON_TRENDS, LESSON_GRADE_A],
}
