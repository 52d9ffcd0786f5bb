"""The knowledge the bot ships with: complete, consistent and within the product's limits."""

from __future__ import annotations

from bot.engine.replies import formatted, plain
from bot.knowledge import Knowledge, kind_of
from bot.knowledge.models import LEAD_LIMIT, Routine
from bot.knowledge.style import lead_length
from bot.safety.triage import Triage


def test_shipped_knowledge_meets_the_minimum_counts(knowledge: Knowledge):
    counts = knowledge.counts()
    assert counts["points"] >= 10
    assert counts["trigger points"] >= 5
    assert counts["FAQ entries"] >= 40
    assert counts["routines"] >= 6


def test_required_points_are_present_with_their_names(knowledge: Knowledge):
    ids = {point.id for point in knowledge.points}
    assert {"ST34", "SP10", "EX-LE5", "ST36", "SP9", "GB34", "BL40", "BL57", "BL60", "EX-LE2"} <= ids
    xiyan = knowledge.get("EX-LE5")
    assert {part.code for part in xiyan.parts} == {"EX-LE4", "ST35"}
    assert knowledge.get("st35") is xiyan, "a half of Xiyan resolves to the pair"
    sp10 = knowledge.get("SP10")
    assert sp10.names.pinyin == "Xuehai"
    assert {"SP-10", "Spleen-10", "Sea of Blood"} <= set(sp10.aliases) | {sp10.names.translation}


def test_point_locations_use_body_measures_and_landmarks(knowledge: Knowledge):
    for point in knowledge.points:
        text = (point.location + point.how_to_find).lower()
        assert any(word in text for word in ("cun", "thumb", "finger", "hollow", "crease", "dip")), point.id
        assert point.technique.duration and point.technique.tool


def test_pregnancy_cautions_sit_on_the_points_that_need_them(knowledge: Knowledge):
    for point_id in ("BL60", "BL57", "BL40", "SP10"):
        cautions = " ".join(knowledge.get(point_id).cautions).lower()
        assert "pregnan" in cautions, point_id
    assert "light pressure" in " ".join(knowledge.get("BL40").cautions).lower()


def test_faq_entries_have_phrasings_and_short_answers(knowledge: Knowledge):
    for faq in knowledge.faqs:
        assert len(faq.phrasings) >= 4, faq.id
        assert len(faq.answer) <= 1000, faq.id


def test_seed_topics_are_all_reachable(knowledge: Knowledge):
    """Each seed topic from the product brief has an FAQ entry that mentions it."""
    corpus = {faq.id: (faq.question + " " + faq.full_answer).lower() for faq in knowledge.faqs}
    topics = {
        "high heels": ["high heel"],
        "tucked-in sheets": ["tucked"],
        "plantar fasciitis": ["plantar fasciitis"],
        "sitting on one leg": ["sitting on one leg"],
        "stand every 30-60 minutes": ["30 to 60 minutes"],
        "overdone workouts": ["overdoing a workout"],
        "osteoarthritis": ["osteoarthritis"],
        "O-shaped legs": ["o shape"],
        "four ligaments": ["four strong"],
        "synovial fluid": ["synovial fluid"],
        "patella tracking": ["trochlear groove"],
        "referred pain": ["referred pain"],
        "6-8 sessions": ["six to eight"],
        "18,000 patients": ["18,000"],
        "oils": ["eucalyptus"],
        "clothing": ["loose clothing"],
        "diet": ["wheat, dairy, corn, soy and processed sugar"],
        "six meridians": ["stomach,\nspleen, liver".replace("\n", " ")],
        "feet and ankles": ["feet and ankles"],
        "endorphins": ["endorphins"],
    }
    for topic, needles in topics.items():
        assert any(any(n in text for n in needles) for text in corpus.values()), topic


def test_routines_cover_the_seed_techniques(knowledge: Knowledge):
    ids = {routine.id for routine in knowledge.routines}
    assert {"calf-massage", "qigong-knee", "partner-lift", "partner-friction", "partner-quad"} <= ids
    assert {"trigger-point-release", "steam-towel"} <= ids
    calf = knowledge.routine("calf-massage")
    assert calf.steps[0].optional and "steam" in calf.steps[0].title.lower()
    qigong = knowledge.routine("qigong-knee")
    touched = [point for step in qigong.steps for point in step.points]
    assert touched[:3] == ["ST34", "SP10", "EX-LE5"]
    assert any("nine pats" in step.text for step in qigong.steps)


def test_every_routine_asks_about_an_inflamed_knee(knowledge: Knowledge):
    """Routines on the knee itself stop for any swelling; those that stay off it (the calf, the
    thigh) let a knee that has long been a little puffy through, but not heat or new swelling."""
    for routine in knowledge.routines:
        assert isinstance(routine, Routine)
        on_the_knee = any("knee" in step.does for step in routine.steps)
        wanted = "red-hot-swollen" if on_the_knee else "inflamed-knee"
        assert wanted in routine.screening, routine.id
    assert "does not count" in knowledge.screening_question("inflamed-knee").question


def test_the_knowledge_reads_well_enough_to_raise_no_warnings(knowledge: Knowledge):
    assert knowledge.warnings == (), "\n".join(str(warning) for warning in knowledge.warnings)


def test_every_answer_leads_with_at_most_300_characters(knowledge: Knowledge):
    answers = [*knowledge.faqs, *knowledge.safety.contraindications]
    long = {entry.id: lead_length(entry.answer) for entry in answers if lead_length(entry.answer) > LEAD_LIMIT}
    assert long == {}


def test_every_entry_names_sources_a_person_can_recognise(knowledge: Knowledge):
    for entry in [*knowledge.points, *knowledge.trigger_points, *knowledge.faqs, *knowledge.routines]:
        titles = knowledge.titles_of(entry.sources)
        assert titles and len(titles) == len(entry.sources), entry.id
    assert not any("seed" in source.title.lower() for source in knowledge.sources)


def test_kinds_are_reported_in_the_public_vocabulary(knowledge: Knowledge):
    kinds = {kind_of(entry) for entry in knowledge.entries()}
    assert kinds == {"point", "faq", "routine", "safety", "smalltalk"}


UNTIMED_ALLOWANCE = 180  # seconds a routine's untimed steps (getting into position, switching) may take


def test_each_routine_lasts_as_long_as_its_timers_say(knowledge: Knowledge):
    """The minutes shown before a routine add up from its step timers (both sides when it switches)."""
    for routine in knowledge.routines:
        sides = 2 if any(step.title.startswith("Switch") for step in routine.steps) else 1
        timed = sides * sum(step.timer_seconds or 0 for step in routine.steps if not step.optional)
        assert timed <= routine.duration_minutes * 60 <= timed + UNTIMED_ALLOWANCE, routine.id


def test_routine_lengths_quoted_elsewhere_match_the_routines(knowledge: Knowledge):
    qigong = knowledge.routine("qigong-knee")
    assert f"about {qigong.duration_minutes} minutes" in knowledge.get("qigong-massage").answer
    assert f"About {qigong.duration_minutes} minutes" in qigong.summary
    calf = knowledge.routine("calf-massage")
    per_leg = sum(step.timer_seconds or 0 for step in calf.steps if not step.optional) // 60
    assert f"About {per_leg} minutes a leg, {calf.duration_minutes} for both" in calf.summary
    warm_up = calf.steps[0]
    assert warm_up.optional and f"adds {warm_up.timer_seconds // 60} minutes a leg" in calf.summary


def test_when_to_see_a_doctor_agrees_with_the_red_flag_rules(knowledge: Knowledge, triage: Triage):
    """Each warning sign in the answer, on its own, gets the same urgency from the red-flag rules."""
    levels = {"Call your local emergency number": "emergency", "See a doctor or urgent care the same day": "same_day"}
    lines = plain(formatted(knowledge.get("when-to-see-doctor").full_answer)).splitlines()
    level, checked = None, 0
    for line in lines:
        if not line.startswith("• "):
            level = next((severity for start, severity in levels.items() if line.startswith(start)), None)
            continue
        hit = triage.check(line[2:])
        assert hit is not None and hit.rule.severity == level, (line, hit and hit.rule.id)
        checked += 1
    assert checked >= 8
    rules = {rule.id for rule in knowledge.safety.red_flags if rule.severity == "emergency"}
    found = {triage.check(line[2:]).rule.id for line in lines if line.startswith("• ")}
    assert rules <= found, f"emergency rules the answer does not mention: {rules - found}"


def test_everyday_knee_care_names_its_sources(knowledge: Knowledge):
    """The topic that goes beyond the articles: at least 15 entries, each with public sources."""
    [topic] = [topic for topic in knowledge.topics if topic.id == "everyday"]
    assert topic.needs_sources
    entries = knowledge.faqs_in("everyday")
    assert len(entries) >= 15
    public = {source.id for source in knowledge.sources if source.kind in ("guideline", "health-page")}
    for entry in entries:
        assert public.intersection(entry.sources), entry.id
        assert len(entry.phrasings) >= 5, entry.id
    named = " ".join(title for entry in entries for title in knowledge.titles_of(entry.sources))
    for body in ("NHS", "NICE", "NCCIH", "AAOS"):
        assert body in named, body


def test_medicine_answers_send_people_to_a_pharmacist_or_doctor(knowledge: Knowledge):
    for entry_id in ("painkillers", "stopping-medicines", "glucosamine", "turmeric"):
        answer = knowledge.get(entry_id).full_answer.lower()
        assert "pharmacist" in answer or "doctor" in answer, entry_id
    assert "do not stop" in knowledge.get("stopping-medicines").answer.lower()


def test_no_phrasing_is_read_as_a_red_flag(knowledge):
    """People asking the way a phrasing is written must get its answer, not medical advice."""
    from bot.safety.audit import phrasings_that_alarm

    assert list(phrasings_that_alarm(knowledge)) == []
