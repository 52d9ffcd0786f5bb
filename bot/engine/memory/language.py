"""Is a message written in a language other than English?

Asked only of messages nothing else understood, so "I only understand English so far" can
replace "Sorry, I don't know that one" when that is the honest answer. Small language-ID
libraries were tried (py3langid): on messages this short they misread English text-speak ("lol
my knee hurts" as Nigerian Pidgin, "ty" as Afrikaans) and Spanish ("hola, me duele la rodilla"
as Sesotho), so this is a plain, tested rule instead: mostly non-Latin letters, or at least as
many common words of other languages (that are not also English words) as English words.
"""

from __future__ import annotations

import unicodedata

from bot.text.normalise import normalise

# Frequent words of Spanish, Portuguese, French, Italian, German and Dutch (and a few knee
# words), leaving out any that are also English words ("no", "die", "the", "is", "me", "son").
FOREIGN = frozenset(
    """
    el la los las del al una unos unas que qué por para con como cómo donde dónde cuando está esta estoy
    tengo tiene duele dolor rodilla rodillas pierna piernas hola gracias muy pero porque puedo hacer hago
    masaje punto puntos mi mis tu su es hinchada ayuda quiero necesito bien buenos buenas dias días
    o os um uma não nao com dor joelho joelhos perna obrigado obrigada você voce meu minha está estou
    le les des du un une et est je j ai mal au aux genou genoux jambe bonjour merci pourquoi comment où
    avec dans sur pas suis très tres mon ma mes douleur
    il lo gli di che è ho mi fa male ginocchio ginocchia gamba ciao grazie perché perche sono molto
    der das und ich nicht ein eine mein meine knie schmerzen bein hallo danke bitte wie wo warum mit
    ist sind habe tut weh sehr
    het een ik niet mijn pijn doet been hoi dank waarom hoe waar
    """.split()
)
ENGLISH = frozenset(
    """
    i me my you your it its is are am was were be been do does did have has had the a an and or but if of to in
    on at for with from by about what where when why how which who can could should would will may might
    not no yes this that these those there here so very much more some any all just
    knee knees leg legs pain hurt hurts hurting ache sore stiff point points massage press help please thanks
    """.split()
)


def is_foreign(text: str) -> bool:
    """True when ``text`` is most likely not English. Short English with typos or text-speak
    ("wher is splen 10", "ty", "hw lng 2 press it") is never foreign by this rule."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    non_latin = sum(1 for ch in letters if not _latin(ch))
    if non_latin / len(letters) > 0.5:
        return True
    words = normalise(text).split()
    foreign = len({word for word in words if word in FOREIGN})
    english = len({word for word in words if word in ENGLISH})
    accented = any(not ch.isascii() for ch in letters) or any(mark in text for mark in "¿¡")
    enough = foreign >= 2 or (foreign == 1 and (len(words) == 1 or accented))
    return enough and foreign >= english and foreign * 3 >= len(set(words))


def _latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")
