"""What the person wants beyond which entry: a section of a point, a routine to start, or
something outside the knee altogether."""

from __future__ import annotations

import re

from bot.knowledge.sections import Section
from bot.text.tokens import stem

# Checked in order; the first pattern found in the normalised message decides the section.
_SECTION_PATTERNS: list[tuple[Section, re.Pattern[str]]] = [
    (
        Section.CAUTIONS,
        re.compile(
            r"\b(caution|cautions|safe|safely|safety|avoid|danger|dangerous|risk|risks|pregnan\w*|side effects?|"
            r"careful|warning|contraindicat\w*|blood thinners?)\b"
        ),
    ),
    (
        Section.TECHNIQUE,
        re.compile(
            r"\b(how (long|much|hard|firmly|often|many)|how (do|should|can) i (press|use|massage|stimulate|hold|do)|"
            r"how to (press|use|massage|stimulate|hold)|technique|pressure|press|pressing|hold|holding|"
            r"seconds|minutes|massage it|stimulate|activate)\b"
        ),
    ),
    (
        Section.USES,
        re.compile(
            r"\b(good for|used for|use it for|use of|useful|uses|benefits?|what does it do|what is it for|for what|"
            r"does it help|help with|helps with|treat|treats|indications?|purpose|effect|effects|why)\b"
        ),
    ),
    (
        Section.LOCATION,
        re.compile(
            r"\b(where|wheres|wher|locate|located|location|find|finding|found|spot|position|placement|map|"
            r"diagram|picture)\b"
        ),
    ),
]

# Words that are about the section, not about which point: ignored when matching point names.
SECTION_WORDS = frozenset(
    "point points acupoint acupoints acupressure "
    "where wher locate located location find finding found spot position placement map diagram picture "
    "long much hard firmly often many press pressing pressure hold holding technique seconds minutes "
    "massage stimulate activate use uses used useful good benefit benefits help helps treat treats "
    "purpose effect effects caution cautions safe safely safety avoid danger dangerous risk risks "
    "careful warning side".split()
)

_ROUTINE_WISH = re.compile(
    r"\b(start|begin|guide me|guided|walk me through|lead me|take me through|let s do|lets do|do the|try the|"
    r"teach me|show me how|can we do|do it with me|talk me through|"
    r"run the|show me the|routine|routines|session|exercise|step by step|follow along)\b"
)
_INFO_WISH = re.compile(
    r"\b(what is|what are|what (?:even|actually|exactly) (?:is|are)|whats|why|explain|meaning|mean|means|does|"
    r"is it|is there|are there|tell me about|"
    r"how does|how do|should i|can i)\b"
)


# "Can I ...?", "is it safe ...?": asking whether something is allowed, which the answers about
# when not to massage (safety answers) are for.
_PERMISSION_WISH = re.compile(
    r"\b(can i still|can i safely|is it ok|is it okay|ok to|okay to|is it safe|safe to|safe for|safe with|massage safe|"
    r"should i avoid|should i skip|should i still|am i allowed|allowed to|fine to|alright to|still do|still press|"
    r"still massage|still use|is that ok|is this ok|ok for me|okay for me|bad idea|ok with|okay with|safe)\b"
    # "is deep pressure on that area ok", "massage behind the knee alright?"
    r"|^(?:(?!\b(?:feels?|felt|went|was|seems?)\b).)*\b(?:ok|okay|alright|all right)$"
)


_WHETHER = re.compile(
    r"\b(can i|could i|may i|should i|(?<!how )do i|is it|would it|can he|can she|can my|is the|is this|is that|is my|"
    r"is massage|is acupressure|is (?:the |this |that |my )?\w+ (?:massage|acupressure|routine|rubbing|pressing))\b"
)


def asks_whether(normalised: str) -> bool:
    """ "Can I ...?", "should I ...?": a permission question when a condition is named too."""
    return bool(_WHETHER.search(normalised))


def asks_permission(normalised: str) -> bool:
    return bool(_PERMISSION_WISH.search(normalised))


def section_of(normalised: str) -> Section:
    for section, pattern in _SECTION_PATTERNS:
        if pattern.search(normalised):
            return section
    return Section.OVERVIEW


_START_WISH = re.compile(
    r"\b(start|begin|guide me|guide us|walk me through|lead me|take me through|let s do|lets do|do it with me|"
    r"step by step|follow along|teach me)\b"
)


def wants_to_start(normalised: str) -> bool:
    """Asking to be taken through a routine now, rather than asking about it."""
    return bool(_START_WISH.search(normalised))


def wants_routine(normalised: str) -> bool:
    return bool(_ROUTINE_WISH.search(normalised))


_HELPER = (
    r"(?:son|daughter|grandson|granddaughter|grandkids?|niece|nephew|sister|brother|husband|wife|spouse|partner"
    r"|boyfriend|girlfriend|friend|mate|neighbour|mum|mom|dad|kids?|carer|fiance|fiancee|other half|hubby|wifey)"
)
_PARTNER_WISH = re.compile(
    rf"\b(?:my|our) {_HELPER}\b(?: \w+){{0,6}} (?:for me|on me|on my|for my|help me|to help|give me|offered to|do it)\b"
    rf"|\b(?:massage|rub|do|give|help) (?:(?:it|one|a massage) )?(?:on|for|to) (?:my|our) {_HELPER}\b"
    rf"|\b(?:my|our) {_HELPER} s (?:knee|knees|leg|legs|thigh|thighs|calf|calves)\b"
    rf"|\b(?:give|massage|rub) (?:my|our) {_HELPER}\b"
    rf"|\b(?:massage|routine|session) with (?:my|our) {_HELPER}\b"
    r"|\b(?:partner|couples?) (?:massage|routine|technique|one)\b"
    # Another person's leg: "on her knee", "for his knees", "someone else s knee".
    r"|\b(?:on|for|to|with) (?:her|his|their) (?:knee|knees|leg|legs|thigh|thighs|calf|calves)\b"
    r"|\b(?:someone|somebody) else s (?:knee|knees|leg|legs)\b"
)


def wants_a_partner_routine(normalised: str) -> bool:
    """ "my son wants to help, what can he do on my knee", "a massage for my wife's knees":
    one person massaging another, which the partner routines are for."""
    return bool(_PARTNER_WISH.search(normalised))


def wants_information(normalised: str) -> bool:
    return bool(_INFO_WISH.search(normalised))


# Words of the knee's world: body parts, symptoms and self-care. A message with none of them is
# held to a higher standard before it is answered (bot.matching.fusion).
_DOMAIN_WORDS = """
knee kneecap patella leg calf thigh shin quad quadriceps hamstring ankle foot feet heel hip meniscus ligament
tendon joint cartilage bone muscle acupressure acupuncture acupuncturist acupoint massage massaging masseuse
rub qigong meridian trigger point pressure needle needling physio physiotherapist pain painful ache aching
achy sore stiff stiffness hurt arthritis arthritic osteoarthritis swelling swollen puffy injury injured sprain
strain walking walk stairs kneel kneeling squat crouch limp creak creaking click clicking crack cracking
routine stretch stretching exercise warm towel oil cun thumb finger palm patting kneading tight tightness knot
cramp inflammation inflamed xiyan body surgery operation replacement
""".split()
_DOMAIN_STEMS = frozenset(stem(word) for word in _DOMAIN_WORDS)


# The body and its care, without everyday activities ("walk", "stairs"): what a point's English
# name ("Leg Three Miles", "Sea of Blood") needs around it to be read as the point.
_CARE_WORDS = """
knee kneecap leg calf thigh shin ankle foot hip joint tendon muscle acupressure acupuncture acupoint massage
press point meridian qigong pain ache sore stiff arthritis
""".split()
_CARE_STEMS = frozenset(stem(word) for word in _CARE_WORDS)


def mentions_care(normalised: str) -> bool:
    return any(stem(word) in _CARE_STEMS for word in normalised.split())


def in_the_domain(normalised: str) -> bool:
    """True when the message uses at least one word of the knee's world (any form)."""
    return any(stem(word) in _DOMAIN_STEMS for word in normalised.split())


_PLAN_WISH = re.compile(r"\b(every day|everyday|each day|daily|day to day|every morning|regularly|a plan|plan for)\b")


def wants_a_daily_plan(normalised: str) -> bool:
    """Words of a daily plan ("every day", "daily", "a plan"): a cue, not a verdict."""
    return bool(_PLAN_WISH.search(normalised))
