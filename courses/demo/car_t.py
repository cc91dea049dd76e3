"""ATMP-202 CAR-T manufacturing from apheresis to cryopreservation (ATMP_GMP_FACTS.md §3)."""

from decimal import Decimal

from .steps import CAR_T_STEPS, ordered_list
from .text import callout, exercise, heading, paragraph, simulation

LESSON_START = {
    "slug": {"nl": "van-aferese-tot-activatie", "en": "from-apheresis-to-activation"},
    "duration": 45,
    "nl": {
        "title": "Van aferese tot activatie",
        "summary": "Het uitgangsmateriaal ontvangen, T-cellen aanrijken en activeren.",
        "body": [
            heading("Een proces van twaalf à dertien dagen"),
            paragraph(
                "<p>We volgen een typisch autoloog CAR-T-proces met een lentivirale vector op "
                "een geautomatiseerd gesloten systeem. Het duurt twaalf à dertien dagen van "
                "aferese tot cryopreservatie, en het hele proces levert ongeveer een "
                "dertigvoudige expansie op. Het overzicht:</p>" + ordered_list(CAR_T_STEPS, "nl")
            ),
            heading("Ontvangst van het aferesemateriaal"),
            paragraph(
                "<p>Het leukafereseproduct komt vers binnen (verzonden bij 2–8 °C) of "
                "ingevroren. Bij ontvangst controleer je de keten van identiteit, de "
                "temperatuurregistratie van de verzending en de zak zelf. Het labo bepaalt het "
                "aantal witte bloedcellen, het aantal CD3-cellen en de viabiliteit.</p>"
            ),
            callout(
                "Afwijkingen bij de ontvangst",
                "<p>Een temperatuurafwijking tijdens het transport, een late aankomst of een "
                "etiket dat niet overeenkomt met de keten van identiteit: elk is een afwijking "
                "die je vastlegt voor je verder werkt.</p>",
                kind="warning",
            ),
            heading("Aanrijken en activeren"),
            paragraph(
                "<p>Op dag 0 worden de T-cellen aangerijkt met CD4/CD8-microbeads. In een "
                "gepubliceerde studie met de CliniMACS Prodigy was de zuiverheid aan CD4/CD8 "
                "98 ± 4 % bij een opbrengst van 55 ± 6 % (Zhu e.a., Cytotherapy 2018). "
                "Daarna worden de T-cellen geactiveerd via CD3/CD28, met een nanomatrix of met "
                "beads.</p>"
            ),
        ],
    },
    "en": {
        "title": "From apheresis to activation",
        "summary": "Receiving the starting material, enriching and activating the T cells.",
        "body": [
            heading("A twelve- to thirteen-day process"),
            paragraph(
                "<p>We follow a typical autologous CAR-T process with a lentiviral vector on an "
                "automated closed system. It takes twelve to thirteen days from apheresis to "
                "cryopreservation, and the whole process gives roughly a thirtyfold expansion. "
                "The outline:</p>" + ordered_list(CAR_T_STEPS, "en")
            ),
            heading("Receiving the apheresis material"),
            paragraph(
                "<p>The leukapheresis product arrives fresh (shipped at 2–8 °C) or "
                "cryopreserved. On receipt you check the chain of identity, the shipper's "
                "temperature log and the bag itself. The lab measures the white-cell count, "
                "the CD3 count and the viability.</p>"
            ),
            callout(
                "Deviations on receipt",
                "<p>A temperature excursion in transit, a late arrival or a label that does not "
                "match the chain of identity: each is a deviation you record before you go "
                "on.</p>",
                kind="warning",
            ),
            heading("Enrichment and activation"),
            paragraph(
                "<p>On day 0 the T cells are enriched with CD4/CD8 microbeads. In a published "
                "study on the CliniMACS Prodigy, CD4/CD8 purity was 98 ± 4 % with a recovery of "
                "55 ± 6 % (Zhu et al., Cytotherapy 2018). The T cells are then activated "
                "through CD3/CD28, with a nanomatrix or with beads.</p>"
            ),
        ],
    },
}

LESSON_EXPANSION = {
    "slug": {"nl": "transductie-en-expansie", "en": "transduction-and-expansion"},
    "duration": 50,
    "nl": {
        "title": "Transductie en expansie",
        "summary": "De CAR in de cellen brengen, ze laten groeien en het proces opvolgen.",
        "body": [
            heading("Transductie"),
            paragraph(
                "<p>Op dag 1 worden de geactiveerde T-cellen getransduceerd met de lentivirale "
                "vector. In de studie van Zhu gaf een MOI van 5 tot 10 gemiddeld ongeveer 37 % "
                "getransduceerde cellen; in de reële praktijk van het Britse NHS met tisa-cel "
                "bij kinderen was de mediaan 17,4 %. Een laag transductiepercentage is dus "
                "geen uitzondering, maar het moet wel binnen de specificatie blijven.</p>"
            ),
            callout(
                "EudraLex Deel IV, punt 3.2 en hoofdstuk 15",
                "<p>Een ATMP dat genetisch gemodificeerde organismen bevat, vraagt eigen "
                "maatregelen voor de omgeving, en wie met zulke vectoren werkt, krijgt een "
                "opleiding in bioveiligheid.</p>",
            ),
            heading("Expansie"),
            paragraph(
                "<p>Van dag 2 tot dag 12 groeien de cellen bij 37 °C en 5 % CO₂, meestal negen "
                "tot veertien dagen. In een bioreactor met schommelbeweging start perfusie "
                "typisch vanaf 2 × 10⁶ cellen per mL, en de dichtheid kan oplopen tot meer dan "
                "10 × 10⁶ cellen per mL.</p>"
                "<p>Glucose en lactaat vertellen je veel: de cellen verbruiken glucose en maken "
                "lactaat, evenredig met het aantal levende cellen. Een dalende pH en stijgend "
                "lactaat zijn tekens van stress.</p>"
            ),
            heading("In-procescontroles"),
            paragraph(
                "<ul><li>Dag 5: het transductiepercentage, bijvoorbeeld minstens 5 % CAR⁺ onder "
                "de levende CD3⁺-cellen in een gepubliceerd proces.</li>"
                "<li>Dag 10: steriliteit en mycoplasma 'tot nu toe negatief'.</li></ul>"
                "<p>Trage groei, een lage viabiliteit en een lage zuiverheid aan T-cellen zijn "
                "de meest voorkomende oorzaken van een mislukte productie.</p>"
            ),
            simulation(
                "car-t-expansion",
                "<p>Volg een CAR-T-expansie van dag 0 tot de oogst: neem de beslissing over de "
                "procescontrole van dag 5 en reageer op een afwijking in de kweek.</p>",
            ),
        ],
    },
    "en": {
        "title": "Transduction and expansion",
        "summary": "Getting the CAR into the cells, growing them and following the process.",
        "body": [
            heading("Transduction"),
            paragraph(
                "<p>On day 1 the activated T cells are transduced with the lentiviral vector. "
                "In Zhu's study an MOI of 5 to 10 gave on average about 37 % transduced cells; "
                "in the UK NHS's real-world paediatric tisa-cel data the median was 17.4 %. A "
                "low transduction rate is therefore no exception, but it must stay within the "
                "specification.</p>"
            ),
            callout(
                "EudraLex Part IV, point 3.2 and chapter 15",
                "<p>An ATMP that contains genetically modified organisms needs its own "
                "environmental measures, and anyone who works with such vectors gets biosafety "
                "training.</p>",
            ),
            heading("Expansion"),
            paragraph(
                "<p>From day 2 to day 12 the cells grow at 37 °C and 5 % CO₂, usually for nine "
                "to fourteen days. In a rocking-motion bioreactor, perfusion typically starts "
                "from 2 × 10⁶ cells per mL, and the density can reach more than 10 × 10⁶ cells "
                "per mL.</p>"
                "<p>Glucose and lactate tell you a lot: the cells consume glucose and produce "
                "lactate in proportion to the number of viable cells. A falling pH and rising "
                "lactate are signs of stress.</p>"
            ),
            heading("In-process controls"),
            paragraph(
                "<ul><li>Day 5: the transduction rate, for example at least 5 % CAR⁺ among "
                "viable CD3⁺ cells in one published process.</li>"
                "<li>Day 10: sterility and mycoplasma 'negative to date'.</li></ul>"
                "<p>Poor growth, low viability and low T-cell purity are the most common causes "
                "of a failed manufacture.</p>"
            ),
            simulation(
                "car-t-expansion",
                "<p>Follow a CAR-T expansion from day 0 to harvest: take the day-5 in-process "
                "control decision and respond to a deviation in the culture.</p>",
            ),
        ],
    },
}

LESSON_FINISH = {
    "slug": {"nl": "oogst-cryopreservatie-en-vrijgave", "en": "harvest-cryo-and-release"},
    "duration": 50,
    "exercise": "car-t",
    "nl": {
        "title": "Oogst, cryopreservatie en vrijgave",
        "summary": "Van de oogst tot een product dat de QP kan vrijgeven.",
        "body": [
            heading("Oogsten en formuleren"),
            paragraph(
                "<p>Op dag 12 à 13 worden de cellen geoogst en gewassen; beads worden "
                "verwijderd als ze gebruikt zijn. Het product wordt geformuleerd in een "
                "cryomedium met DMSO, vaak 5 tot 10 %.</p>"
            ),
            heading("Gecontroleerd invriezen"),
            paragraph(
                "<p>Een gecontroleerde invriessnelheid van hoogstens 1 °C per minuut beschermt "
                "de cellen: bij die snelheid maakt de ontdooisnelheid voor de opbrengst aan "
                "levende cellen niet uit, terwijl cellen die aan 10 °C per minuut zijn "
                "ingevroren schade oplopen als ze traag ontdooien (Baboo e.a., Sci Rep 2019). "
                "Het product wordt bewaard in de dampfase van vloeibare stikstof.</p>"
            ),
            heading("Vrijgave"),
            paragraph(
                "<p>Typische vrijgavetesten zijn viabiliteit, zuiverheid aan T-cellen, "
                "CAR-expressie en identiteit, dosis, steriliteit, mycoplasma, endotoxine, het "
                "aantal vectorkopieën per cel en de potentie. Voor een commercieel product is "
                "de vereiste viabiliteit bijvoorbeeld minstens 80 %.</p>"
                "<p>Sommige resultaten, zoals de steriliteitstest van veertien dagen, zijn er "
                "pas na de toediening. Deel IV laat een vrijgave vóór alle resultaten toe "
                "onder een procedure die de QP beheert, met vooraf vastgelegde acties als een "
                "resultaat later buiten specificatie blijkt.</p>"
            ),
            callout(
                "EudraLex Deel IV, hoofdstuk 11",
                "<p>Vrijgave voor het einde van alle testen kan alleen onder een procedure van "
                "de QP, die ook zegt wat er gebeurt bij een afwijkend resultaat na toediening, "
                "zoals het verwittigen van de behandelend arts.</p>",
            ),
            exercise("car-t", "Zet de stappen van het CAR-T-proces in de juiste volgorde"),
            simulation(
                "ln2-storage-coi",
                "<p>Controleer de identiteitsketen bij de cryopreservatie en reageer op een alarm"
                " van de LN₂-opslag.</p>",
            ),
        ],
    },
    "en": {
        "title": "Harvest, cryopreservation and release",
        "summary": "From harvest to a product the QP can release.",
        "body": [
            heading("Harvest and formulation"),
            paragraph(
                "<p>On day 12 or 13 the cells are harvested and washed; beads are removed if "
                "they were used. The product is formulated in a cryomedium with DMSO, commonly "
                "5 to 10 %.</p>"
            ),
            heading("Controlled-rate freezing"),
            paragraph(
                "<p>A controlled freezing rate of at most 1 °C per minute protects the cells: at "
                "that rate the thawing rate makes no difference to viable-cell recovery, while "
                "cells frozen at 10 °C per minute are damaged by a slow thaw (Baboo et al., Sci "
                "Rep 2019). The product is stored in the vapour phase of liquid nitrogen.</p>"
            ),
            heading("Release"),
            paragraph(
                "<p>Typical release tests are viability, T-cell purity, CAR expression and "
                "identity, dose, sterility, mycoplasma, endotoxin, vector copy number per cell "
                "and potency. For one commercial product, for example, the viability required "
                "is at least 80 %.</p>"
                "<p>Some results, such as the fourteen-day sterility test, only arrive after "
                "administration. Part IV allows release before all results are in, under a "
                "procedure controlled by the QP, with actions defined in advance in case a "
                "result turns out of specification later.</p>"
            ),
            callout(
                "EudraLex Part IV, chapter 11",
                "<p>Release before all tests are complete is possible only under a QP-controlled "
                "procedure, which also says what happens with an out-of-specification result "
                "after administration, such as informing the treating physician.</p>",
            ),
            exercise("car-t", "Put the steps of the CAR-T process in the right order"),
            simulation(
                "ln2-storage-coi",
                "<p>Check the chain of identity at cryopreservation and respond to an alarm of "
                "the LN₂ storage.</p>",
            ),
        ],
    },
}

MODULE = {
    "code": "ATMP-202",
    "slug": {"nl": "atmp-202-car-t-productie", "en": "atmp-202-car-t-manufacturing"},
    "ects_credits": Decimal("6"),
    "level": "advanced",
    "prerequisites": ["ATMP-101", "ATMP-102"],
    "nl": {
        "title": "CAR-T-productie van aferese tot cryopreservatie",
        "summary": (
            "Een autoloog CAR-T-proces stap voor stap: ontvangst van het aferesemateriaal, "
            "aanrijken, activeren, transduceren, expanderen, oogsten, invriezen en vrijgeven."
        ),
        "outcomes": [
            "Je zet de stappen van een autoloog CAR-T-proces in de juiste volgorde.",
            "Je beschrijft de controles bij de ontvangst van aferesemateriaal.",
            "Je interpreteert in-procescontroles zoals transductie, groei en metabolieten.",
            "Je legt uit waarom gecontroleerd invriezen en een vrijgaveprocedure onder de QP "
            "nodig zijn.",
        ],
    },
    "en": {
        "title": "CAR-T manufacturing from apheresis to cryopreservation",
        "summary": (
            "An autologous CAR-T process step by step: receiving the apheresis material, "
            "enrichment, activation, transduction, expansion, harvest, freezing and release."
        ),
        "outcomes": [
            "You put the steps of an autologous CAR-T process in the right order.",
            "You describe the checks on receipt of apheresis material.",
            "You interpret in-process controls such as transduction, growth and metabolites.",
            "You explain why controlled-rate freezing and a QP-controlled release procedure "
            "are needed.",
        ],
    },
    "lessons": [LESSON_START, LESSON_EXPANSION, LESSON_FINISH],
}
