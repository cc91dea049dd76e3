"""ATMP-102 Cleanroom behaviour and aseptic technique (ATMP_GMP_FACTS.md §1.2, §1.3, §1.8–§1.11).

Numbers in braces are filled in from simulations.regulatory (courses.demo.numbers).
"""

from decimal import Decimal

from .steps import GOWNING_STEPS, ordered_list
from .text import callout, exercise, heading, paragraph, simulation

LESSON_GRADES = {
    "slug": {"nl": "cleanroomgraden", "en": "cleanroom-grades"},
    "duration": 45,
    "nl": {
        "title": "Cleanroomgraden: wat gebeurt waar",
        "summary": "Graad A tot D, de deeltjesgrenzen en de luchtstroom die je beschermt.",
        "body": [
            heading("Vier graden, elk met een taak"),
            paragraph(
                "<ul><li><b>Graad A</b> is de kritieke zone voor handelingen met een hoog "
                "risico: aseptische verbindingen, open recipiënten, vullen. Meestal een "
                "unidirectionele luchtstroom (UDAF) in een veiligheidswerkbank, een RABS of een "
                "isolator. Ingrepen door de operator houd je tot een minimum beperkt.</li>"
                "<li><b>Graad B</b> is de achtergrond voor graad A wanneer die geen isolator "
                "is. De drukverschillen worden er continu bewaakt.</li>"
                "<li><b>Graad C en D</b> zijn voor minder kritieke stappen en als achtergrond "
                "voor isolatoren. Gesloten systemen kunnen hier werken.</li></ul>"
            ),
            callout(
                "EudraLex Deel IV (2017), ruimtes",
                "<p>Open aseptische handelingen met ATMP's gebeuren in graad A met een "
                "achtergrond van graad B. Met gesloten systemen of isolatoren is een minder "
                "strenge achtergrond aanvaardbaar.</p>",
            ),
            heading("Deeltjes tellen"),
            paragraph(
                "<p>Annex 1 (2022) spreekt van <i>totale deeltjes</i> (het oude woord "
                "'niet-levensvatbaar' is verdwenen) en telt deeltjes van minstens 0,5 µm en "
                "minstens 5 µm per kubieke meter lucht. De maxima voor monitoring (tabel 5) "
                "zijn:</p>"
                "<ul><li>Graad A: {p_small_rest_A} (≥0,5 µm) en {p_large_rest_A} (≥5 µm), in "
                "rust en in bedrijf.</li>"
                "<li>Graad B: in rust {p_small_rest_B} en {p_large_rest_B}; in bedrijf "
                "{p_small_op_B} en {p_large_op_B}.</li>"
                "<li>Graad C: in rust {p_small_rest_C} en {p_large_rest_C}; in bedrijf "
                "{p_small_op_C} en {p_large_op_C}.</li>"
                "<li>Graad D: in rust {p_small_rest_D} en {p_large_rest_D}; in bedrijf "
                "{p_small_op_D}: de fabrikant legt die grenzen zelf vast op basis van een "
                "risicobeoordeling.</li></ul>"
                "<p>Graad A komt zo overeen met ISO 5; graad B met ISO 5 in rust en ISO 7 in "
                "bedrijf.</p>"
            ),
            heading("Lucht die van schoon naar minder schoon stroomt"),
            paragraph(
                "<p>Tussen aangrenzende ruimtes van verschillende graad geldt een drukverschil "
                "van minstens {dp_pa} Pa als richtwaarde: lucht stroomt dan van de schonere "
                "naar de minder schone ruimte, ook als een deur even opengaat. In een "
                "luchtsluis mogen de deuren niet tegelijk opengaan: een vergrendeling of een "
                "waarschuwing voorkomt het.</p>"
                "<p>De unidirectionele luchtstroom in graad A heeft op de werkpositie een "
                "snelheid van {udaf_low} tot {udaf_high} m/s als richtwaarde. Alles wat tussen "
                "het filter en je product komt, ook je hand, onderbreekt die 'first air'.</p>"
                "<p>Na afloop van de werkzaamheden moet een lege ruimte binnen {clean_up_min} "
                "minuten (richtwaarde) terug aan de grenzen in rust voldoen: de "
                "'clean-up'-periode, bepaald bij de kwalificatie van de ruimte.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), hoofdstuk 4",
                "<p>Drukverschil tussen graden minstens {dp_pa} Pa; UDAF {udaf_low}–"
                "{udaf_high} m/s op de werkpositie; clean-up binnen {clean_up_min} minuten. "
                "Het zijn richtwaarden: de CCS kan andere rechtvaardigen.</p>",
            ),
        ],
    },
    "en": {
        "title": "Cleanroom grades and what happens in them",
        "summary": "Grades A to D, the particle limits and the airflow that protects you.",
        "body": [
            heading("Four grades, each with a job"),
            paragraph(
                "<ul><li><b>Grade A</b> is the critical zone for high-risk operations: aseptic "
                "connections, open containers, filling. Usually unidirectional airflow (UDAF) in "
                "a biosafety cabinet, a RABS or an isolator. Operator interventions are kept to "
                "a minimum.</li>"
                "<li><b>Grade B</b> is the background for Grade A when it is not an isolator. "
                "Its pressure differences are monitored continuously.</li>"
                "<li><b>Grades C and D</b> are for less critical steps and the background for "
                "isolators. Closed systems may run here.</li></ul>"
            ),
            callout(
                "EudraLex Part IV (2017), premises",
                "<p>Open aseptic manipulation of ATMPs takes place in Grade A with a Grade B "
                "background. With closed systems or isolators a less stringent background is "
                "acceptable.</p>",
            ),
            heading("Counting particles"),
            paragraph(
                "<p>Annex 1 (2022) speaks of <i>total particles</i> (the old word "
                "'non-viable' is gone) and counts particles of at least 0.5 µm and at least "
                "5 µm per cubic metre of air. The maxima for monitoring (Table 5) are:</p>"
                "<ul><li>Grade A: {p_small_rest_A} (≥0.5 µm) and {p_large_rest_A} (≥5 µm), at "
                "rest and in operation.</li>"
                "<li>Grade B: at rest {p_small_rest_B} and {p_large_rest_B}; in operation "
                "{p_small_op_B} and {p_large_op_B}.</li>"
                "<li>Grade C: at rest {p_small_rest_C} and {p_large_rest_C}; in operation "
                "{p_small_op_C} and {p_large_op_C}.</li>"
                "<li>Grade D: at rest {p_small_rest_D} and {p_large_rest_D}; in operation "
                "{p_small_op_D}: the manufacturer sets those limits from a risk "
                "assessment.</li></ul>"
                "<p>Grade A thus matches ISO 5; Grade B ISO 5 at rest and ISO 7 in "
                "operation.</p>"
            ),
            heading("Air that flows from clean to less clean"),
            paragraph(
                "<p>Between adjacent rooms of different grades a pressure differential of at "
                "least {dp_pa} Pa is the guidance value: air then flows from the cleaner to the "
                "less clean room, even when a door opens for a moment. In an airlock the doors "
                "must not open at the same time: an interlock or a warning prevents it.</p>"
                "<p>The unidirectional airflow in Grade A has a guidance speed of {udaf_low} to "
                "{udaf_high} m/s at the working position. Anything that comes between the filter "
                "and your product, your hand included, breaks that 'first air'.</p>"
                "<p>After operations end, an unmanned room must be back within its at-rest "
                "limits within {clean_up_min} minutes (guidance value): the clean-up period, "
                "determined when the room is qualified.</p>"
            ),
            callout(
                "EU GMP Annex 1 (2022), chapter 4",
                "<p>Pressure differential between grades at least {dp_pa} Pa; UDAF {udaf_low}–"
                "{udaf_high} m/s at the working position; clean-up within {clean_up_min} "
                "minutes. These are guidance values: the CCS may justify others.</p>",
            ),
        ],
    },
}

LESSON_GOWNING = {
    "slug": {"nl": "omkleden-voor-graad-b", "en": "gowning-for-grade-b"},
    "duration": 50,
    "exercise": "gowning",
    "nl": {
        "title": "Omkleden voor graad B",
        "summary": "De steriele kledij, de volgorde van omkleden en de kwalificatie.",
        "body": [
            heading("Jij bent de grootste bron van deeltjes"),
            paragraph(
                "<p>Een mens verliest voortdurend huidschilfers en deeltjes, ook in "
                "cleanroomkledij, en meer naarmate je sneller beweegt. De kledij voor graad B "
                "houdt dat binnen, maar alleen als je ze aantrekt zonder de buitenkant te "
                "besmetten.</p>"
            ),
            heading("Wat je draagt in graad B"),
            paragraph(
                "<ul><li>kledij die alleen onder het steriele pak gedragen wordt;</li>"
                "<li>steriele, poedervrije handschoenen tijdens het omkleden;</li>"
                "<li>een steriele kap die al het haar (en de baard) omsluit en in het pak "
                "gestoken wordt;</li>"
                "<li>een steriel mondmasker en een steriele oogbescherming;</li>"
                "<li>gesteriliseerde overschoenen, met de broekspijpen erin;</li>"
                "<li>de mouwen in een tweede paar steriele handschoenen gestoken.</li></ul>"
                "<p>Controleer de kledij vlak voor en na het omkleden op netheid en "
                "onbeschadigdheid, en gebruik alleen steriele pakken met een intacte verpakking "
                "binnen hun bewaartermijn.</p>"
            ),
            heading("Een typische volgorde"),
            paragraph(
                "<p>Elke site legt haar eigen volgorde vast in een SOP, en jij volgt altijd die "
                "van je site. In deze module oefenen we met deze volgorde:</p>"
                + ordered_list(GOWNING_STEPS, "nl")
            ),
            callout(
                "EU GMP Annex 1 (2022), hoofdstuk 7",
                "<p>De omkleedkwalificatie voor graad A/B wordt eerst beoordeeld en daarna "
                "minstens elke {gown_months} maanden opnieuw, visueel én microbiologisch: op "
                "de gehandschoende vingers, de onderarmen, de borst en de kap of het voorhoofd. "
                "In graad B is de actiegrens voor contactplaten {contact_B} kve per plaat en "
                "voor handschoenafdrukken {glove_B} kve per handschoen; in graad A is elke "
                "groei te veel.</p>",
            ),
            exercise("gowning", "Zet de omkleedstappen voor graad B in de juiste volgorde"),
            simulation(
                "gowning-qualification",
                "<p>Beoordeel de handschoen- en kledingplaten van drie omkleedsessies tegen de "
                "limieten van klasse B, en beslis over de kwalificatie.</p>",
            ),
        ],
    },
    "en": {
        "title": "Gowning for Grade B",
        "summary": "The sterile garments, the gowning sequence and the qualification.",
        "body": [
            heading("You are the biggest source of particles"),
            paragraph(
                "<p>People shed skin flakes and particles all the time, also in cleanroom "
                "garments, and more the faster they move. Grade B garments keep that in, but "
                "only if you put them on without contaminating their outside.</p>"
            ),
            heading("What you wear in Grade B"),
            paragraph(
                "<ul><li>garments dedicated for use under the sterile suit;</li>"
                "<li>sterile, non-powdered gloves while donning;</li>"
                "<li>a sterile hood that encloses all hair (and beard) and is tucked into the "
                "suit;</li>"
                "<li>a sterile face mask and sterile eye cover;</li>"
                "<li>sterilised over-boots, with the trouser legs inside;</li>"
                "<li>the sleeves tucked into a second pair of sterile gloves.</li></ul>"
                "<p>Check the garments for cleanliness and integrity immediately before and "
                "after gowning, and use only sterile garments whose packs are intact and within "
                "their hold time.</p>"
            ),
            heading("A typical sequence"),
            paragraph(
                "<p>Every site sets its own sequence in an SOP, and you always follow your "
                "site's. In this module we practise with this sequence:</p>"
                + ordered_list(GOWNING_STEPS, "en")
            ),
            callout(
                "EU GMP Annex 1 (2022), chapter 7",
                "<p>Gowning qualification for Grade A/B is assessed initially and then at least "
                "every {gown_months} months, both visually and microbially: on the gloved "
                "fingers, the forearms, the chest and the hood or forehead. In Grade B the "
                "action limit is {contact_B} CFU per contact plate and {glove_B} CFU per glove "
                "print; in Grade A any growth is too much.</p>",
            ),
            exercise("gowning", "Put the Grade B gowning steps in the right order"),
            simulation(
                "gowning-qualification",
                "<p>Judge the glove and gown plates of three gowning sessions against the Grade B"
                " limits, and decide on the qualification.</p>",
            ),
        ],
    },
}

LESSON_ASEPTIC = {
    "slug": {"nl": "aseptisch-werken-en-aps", "en": "aseptic-technique-and-aps"},
    "duration": 45,
    "nl": {
        "title": "Aseptisch werken en de processimulatie",
        "summary": "Gedrag in graad A, en hoe een media fill je aseptische techniek bewijst.",
        "body": [
            heading("Gedrag dat besmetting voorkomt"),
            paragraph(
                "<ul><li>Beweeg rustig en doelgericht: snelle bewegingen verspreiden deeltjes "
                "en verstoren de luchtstroom.</li>"
                "<li>Kom nooit met je handen of je lichaam tussen het filter en een open "
                "recipiënt: bescherm de 'first air'.</li>"
                "<li>Ontsmet je handschoenen vaak, en zeker na het aanraken van een niet-steriel "
                "oppervlak.</li>"
                "<li>Beperk ingrepen in graad A tot wat de procedure voorschrijft, en noteer "
                "elke ingreep.</li></ul>"
            ),
            heading("De aseptische processimulatie (APS)"),
            paragraph(
                "<p>Of een aseptisch proces werkt, kun je niet bewijzen door het product te "
                "testen. Daarom simuleer je het proces met een groeimedium in plaats van "
                "product: de media fill. Alle ingrepen uit het protocol worden nagespeeld, in "
                "het slechtste geval (langste duur, meeste mensen, ploegwissels).</p>"
                "<ul><li>Bij de eerste validatie: minstens {aps_runs} opeenvolgende geslaagde "
                "simulaties.</li>"
                "<li>Daarna {aps_per_year} keer per jaar voor elk aseptisch proces, elke lijn "
                "en elke ploeg.</li>"
                "<li>Elke operator neemt minstens {aps_operator} keer per jaar deel aan een "
                "geslaagde APS.</li>"
                "<li>De units worden in totaal {aps_days} dagen geïncubeerd; typisch gaat het "
                "om {aps_units_low} tot {aps_units_high} units, of minstens de maximale "
                "batchgrootte als die kleiner is.</li></ul>"
            ),
            callout(
                "EU GMP Annex 1 (2022), punt 9.33 en volgende",
                "<p>Het doel is nul groei. Eén besmette unit betekent een mislukte APS: een "
                "onderzoek naar de meest waarschijnlijke oorzaak, maatregelen, en normaal "
                "{aps_runs} opeenvolgende geslaagde simulaties voor je terugkeert naar de "
                "routine. De betrokken operatoren werken niet zonder toezicht aseptisch tot ze "
                "opnieuw gekwalificeerd zijn.</p>",
            ),
            heading("Wanneer mag je zelfstandig in graad A/B?"),
            paragraph(
                "<p>Pas als je de omkleedkwalificatie hebt gehaald <b>en</b> hebt deelgenomen "
                "aan een geslaagde APS. Deel IV vraagt hetzelfde: voor je routinematig "
                "aseptisch werkt, neem je deel aan een geslaagde processimulatie.</p>"
            ),
            simulation(
                "grade-a-open-manipulation",
                "<p>Speel een open handeling in een veiligheidswerkbank: houd de first air vrij, "
                "volg de teller en reageer op een alarm zoals je procedure het vraagt.</p>",
            ),
        ],
    },
    "en": {
        "title": "Aseptic technique and process simulation",
        "summary": "Behaviour in Grade A, and how a media fill proves your aseptic technique.",
        "body": [
            heading("Behaviour that prevents contamination"),
            paragraph(
                "<ul><li>Move calmly and purposefully: fast movements spread particles and "
                "disturb the airflow.</li>"
                "<li>Never put your hands or body between the filter and an open container: "
                "protect the first air.</li>"
                "<li>Disinfect your gloves often, and always after touching a non-sterile "
                "surface.</li>"
                "<li>Limit interventions in Grade A to what the procedure prescribes, and "
                "record every one.</li></ul>"
            ),
            heading("The aseptic process simulation (APS)"),
            paragraph(
                "<p>Testing the product cannot prove that an aseptic process works. So you "
                "simulate the process with growth medium instead of product: the media fill. "
                "Every intervention in the protocol is simulated, under worst-case conditions "
                "(longest duration, most people, shift changes).</p>"
                "<ul><li>Initial validation: at least {aps_runs} consecutive successful "
                "simulations.</li>"
                "<li>Then {aps_per_year} times a year for each aseptic process, each line and "
                "each shift.</li>"
                "<li>Each operator takes part in at least {aps_operator} successful APS a "
                "year.</li>"
                "<li>Units are incubated for {aps_days} days in total; typically "
                "{aps_units_low} to {aps_units_high} units, or at least the maximum batch size "
                "when that is smaller.</li></ul>"
            ),
            callout(
                "EU GMP Annex 1 (2022), point 9.33 onwards",
                "<p>The target is zero growth. One contaminated unit means a failed APS: an "
                "investigation of the most probable root cause, corrective measures, and "
                "normally {aps_runs} consecutive successful simulations before returning to "
                "routine. The operators involved do no unsupervised aseptic work until they are "
                "requalified.</p>",
            ),
            heading("When may you work unsupervised in Grade A/B?"),
            paragraph(
                "<p>Only once you have passed gowning qualification <b>and</b> taken part in a "
                "successful APS. Part IV asks the same: before routine aseptic work you take "
                "part in a successful process simulation.</p>"
            ),
            simulation(
                "grade-a-open-manipulation",
                "<p>Play an open manipulation in a biosafety cabinet: keep first air free, watch "
                "the counter and respond to an alarm as your procedure asks.</p>",
            ),
        ],
    },
}

MODULE = {
    "code": "ATMP-102",
    "slug": {"nl": "atmp-102-cleanroom-en-aseptisch-werken", "en": "atmp-102-cleanroom-behaviour"},
    "ects_credits": Decimal("4"),
    "level": "introductory",
    "prerequisites": [],
    "nl": {
        "title": "Gedrag in de cleanroom en aseptisch werken",
        "summary": (
            "Cleanroomgraden en hun grenzen, omkleden voor graad B, aseptisch gedrag en de "
            "processimulatie die bewijst dat een aseptisch proces werkt."
        ),
        "outcomes": [
            "Je beschrijft welke handelingen in graad A, B, C en D gebeuren.",
            "Je noemt de deeltjesgrenzen van Annex 1 (2022) voor graad A en B.",
            "Je zet de omkleedstappen voor graad B in de juiste volgorde en legt uit waarom.",
            "Je legt uit wanneer een APS mislukt is en wat daarop volgt.",
        ],
    },
    "en": {
        "title": "Cleanroom behaviour and aseptic technique",
        "summary": (
            "Cleanroom grades and their limits, gowning for Grade B, aseptic behaviour and the "
            "process simulation that proves an aseptic process works."
        ),
        "outcomes": [
            "You describe which operations take place in Grades A, B, C and D.",
            "You state the Annex 1 (2022) particle limits for Grades A and B.",
            "You put the Grade B gowning steps in the right order and explain why.",
            "You explain when an APS has failed and what follows.",
        ],
    },
    "lessons": [LESSON_GRADES, LESSON_GOWNING, LESSON_ASEPTIC],
}
