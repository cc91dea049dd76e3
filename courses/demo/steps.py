"""Ordered procedures that a lesson teaches and its step-ordering exercise asks back.

Both the lesson text and the exercise are built from these lists, so they cannot disagree.
"""

GOWNING_STEPS = [
    (
        "hands",
        "Sieraden, horloge en make-up af; handen wassen en ontsmetten.",
        "Remove jewellery, watch and make-up; wash and disinfect your hands.",
    ),
    (
        "undergarments",
        "De kledij aantrekken die onder het steriele pak gedragen wordt.",
        "Put on the garments worn under the sterile suit.",
    ),
    (
        "first-gloves",
        "De steriele verpakkingen controleren; handen ontsmetten en het eerste paar steriele "
        "handschoenen aantrekken.",
        "Check the sterile packs; disinfect your hands and put on the first pair of sterile "
        "gloves.",
    ),
    (
        "hood-mask",
        "De steriele kap en het mondmasker opzetten, al het haar bedekt.",
        "Put on the sterile hood and face mask, all hair covered.",
    ),
    (
        "coverall",
        "Het steriele pak aantrekken zonder dat het de vloer raakt; de kap erin steken.",
        "Put on the sterile coverall without letting it touch the floor; tuck the hood in.",
    ),
    (
        "over-boots",
        "De gesteriliseerde overschoenen aantrekken, de broekspijpen erin.",
        "Put on the sterilised over-boots, trouser legs inside.",
    ),
    (
        "second-gloves",
        "De oogbescherming opzetten en het tweede paar steriele handschoenen over de mouwen "
        "trekken.",
        "Put on the eye cover and pull the second pair of sterile gloves over the sleeves.",
    ),
    (
        "mirror",
        "In de spiegel het hele pak controleren voor je binnengaat.",
        "Check the whole gown in the mirror before you enter.",
    ),
]

CAR_T_STEPS = [
    (
        "apheresis",
        "Aferesemateriaal ontvangen: keten van identiteit, temperatuur van de verzending en de "
        "zak controleren.",
        "Receive the apheresis material: check the chain of identity, the shipping temperature "
        "and the bag.",
    ),
    (
        "enrichment",
        "T-cellen aanrijken met CD4/CD8-microbeads.",
        "Enrich the T cells with CD4/CD8 microbeads.",
    ),
    (
        "activation",
        "De T-cellen activeren via CD3/CD28.",
        "Activate the T cells through CD3/CD28.",
    ),
    (
        "transduction",
        "De cellen transduceren met de lentivirale vector.",
        "Transduce the cells with the lentiviral vector.",
    ),
    (
        "expansion",
        "De cellen laten expanderen bij 37 °C en 5 % CO₂, met in-procescontroles.",
        "Expand the cells at 37 °C and 5 % CO₂, with in-process controls.",
    ),
    (
        "harvest",
        "Oogsten, wassen en formuleren in cryomedium met DMSO.",
        "Harvest, wash and formulate in cryomedium with DMSO.",
    ),
    (
        "freezing",
        "Gecontroleerd invriezen aan hoogstens 1 °C per minuut en bewaren in de dampfase van "
        "vloeibare stikstof.",
        "Freeze at a controlled rate of at most 1 °C per minute and store in the vapour phase "
        "of liquid nitrogen.",
    ),
    (
        "release",
        "Vrijgave door de QP en verzending in een droge stikstofcontainer (dry shipper).",
        "Release by the QP and shipment in a liquid-nitrogen dry shipper.",
    ),
]

LANGUAGES = {"nl": 1, "en": 2}


def texts(steps: list[tuple[str, str, str]], language: str) -> list[tuple[str, str]]:
    """(id, text) pairs in the correct order, in `language`."""
    column = LANGUAGES[language]
    return [(step[0], step[column]) for step in steps]


def ordered_list(steps: list[tuple[str, str, str]], language: str) -> str:
    return "<ol>" + "".join(f"<li>{text}</li>" for _id, text in texts(steps, language)) + "</ol>"
