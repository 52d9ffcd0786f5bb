"""What the practice plan looks like: its messages and buttons, nothing decided here."""

from __future__ import annotations

from bot.engine import render
from bot.engine.actions import (
    AskReminderTime,
    AskZone,
    ChooseZone,
    MenuName,
    OpenMenu,
    PracticeView,
    RemoveReminder,
    SetReminder,
    ShowPractice,
    Snooze,
    StartRoutine,
    StopReminder,
    new_run_id,
)
from bot.engine.practice import zones
from bot.engine.practice.records import Reminder
from bot.engine.practice.schedule import Schedule, clock
from bot.engine.replies import Button, File, Keyboard, Reply, bold, esc, italic, rows
from bot.knowledge.models import Routine


def schedule_button(schedule: Schedule, routine_id: str | None, *, label: str | None = None) -> Button:
    text = label or (" and ".join(clock(minute) for minute in schedule.times))
    return Button(text, SetReminder(schedule.days, schedule.times, routine_id))


def ask_time(question: str, offers: tuple[Schedule, ...], routine_id: str | None, *, edit: bool = False) -> Reply:
    single = len(offers) == 1
    buttons = [
        schedule_button(offer, routine_id, label=f"✓ Yes, {offer.describe()}" if single else None) for offer in offers
    ]
    keyboard = (*rows(buttons, 1 if single else 3), (Button("Not now", OpenMenu(MenuName.MAIN)),))
    return Reply(f"⏰ {esc(question)}", keyboard, edit=edit)


def ask_zone(*, first_time: bool, edit: bool = False) -> Reply:
    lead = "One question first, so reminders come at your time: which" if first_time else "Which"
    text = f"🌍 {esc(lead)} time zone are you in?\n" + italic(
        "Pick one, or type your city (for example Madrid) or an offset such as UTC+2."
    )
    buttons = [Button(label, ChooseZone(name)) for label, name in zones.COMMON]
    return Reply(text, (*rows(buttons, 3),), edit=edit)


def unknown_zone() -> Reply:
    text = (
        "🌍 I couldn't find a time zone for that. Type a large city near you (for example Madrid or Chicago), or an "
        "offset such as UTC+2 or UTC-5:30, or pick one:"
    )
    buttons = [Button(label, ChooseZone(name)) for label, name in zones.COMMON]
    return Reply(esc(text), (*rows(buttons, 3),))


def zone_set(name: str, now: float, *, edit: bool) -> Reply:
    return Reply(f"🌍 {_zone_line(name, now)}", ((_list_button(), *render.menu_row()),), edit=edit)


def reminder_set(
    schedule: Schedule, zone_name: str, now: float, first: str, routine: Routine | None, *, edit: bool
) -> Reply:
    what = f" for the {esc(routine.label)}" if routine else ""
    text = (
        f"⏰ {bold('Done.')} I'll remind you{what} {esc(schedule.describe())}, starting {esc(first)}.\n"
        f"{_zone_line(zone_name, now)}\n\n"
        + italic("Each reminder has buttons to start, snooze or stop it; /reminders lists them.")
    )
    return Reply(text, ((_list_button(), *render.menu_row()),), edit=edit)


def already_set(schedule: Schedule, *, edit: bool) -> Reply:
    return Reply(f"⏰ You already have a reminder {esc(schedule.describe())}.", ((_list_button(),),), edit=edit)


def too_many(limit: int, *, edit: bool) -> Reply:
    text = f"⏰ You have {limit} reminders, the most I keep. Remove one first:"
    return Reply(esc(text), ((_list_button(),),), edit=edit)


def reminder_list(
    reminders: list[Reminder], zone_name: str | None, now: float, titles: dict[str, str], *, edit: bool, stop: bool
) -> Reply:
    if not reminders:
        text = (
            "⏰ You have no reminders. Say when, for example “remind me every morning at 8” or “weekdays at 12:30”, "
            "or press the button."
        )
        keyboard: Keyboard = ((Button("➕ New reminder", AskReminderTime()),), render.menu_row())
        return Reply(esc(text), keyboard, edit=edit)
    lines = [f"⏰ {bold('Your reminders')}"]
    for number, reminder in enumerate(reminders, start=1):
        title = titles.get(reminder.routine_id or "", "")
        lines.append(
            f"{number}. {esc(reminder.schedule.describe().capitalize())}" + (f" · {esc(title)}" if title else "")
        )
    if zone_name:
        lines.append("\n" + _zone_line(zone_name, now))
    if stop:
        lines.append("\nWhich should stop? Press its button.")
    removes = [Button(f"✖ Remove {number}", RemoveReminder(r.id)) for number, r in enumerate(reminders, start=1)]
    keyboard = (
        *rows(removes, 3),
        (Button("➕ New reminder", AskReminderTime()), Button("🌍 Time zone", AskZone())),
        render.menu_row(),
    )
    return Reply("\n".join(lines), keyboard, edit=edit)


def reminder_due(reminder: Reminder, routine: Routine | None, *, again: bool) -> Reply:
    if routine is not None:
        what = f": {bold(routine.title)} (about {routine.duration_minutes} minutes)"
        start = Button("▶ Start now", StartRoutine(routine.id, new_run_id()))
    else:
        what = ""
        start = Button("▶ Start now", OpenMenu(MenuName.ROUTINES))
    lead = "Reminder again, time for your knee practice" if again else "Time for your knee practice"
    text = f"⏰ {esc(lead)}{what}.\n" + italic(f"Your reminder {reminder.schedule.describe()}.")
    keyboard = (
        (start, Button("Snooze 1 h", Snooze(reminder.id))),
        (Button("Stop these reminders", StopReminder(reminder.id)),),
    )
    return Reply(text, keyboard)


def snoozed(reminder: Reminder, at: str, routine: Routine | None) -> Reply:
    start = (
        Button("▶ Start now", StartRoutine(routine.id, new_run_id()))
        if routine
        else Button("▶ Start now", OpenMenu(MenuName.ROUTINES))
    )
    text = f"😴 Snoozed: I'll remind you again at {esc(at)}."
    return Reply(text, ((start,), (Button("Stop these reminders", StopReminder(reminder.id)),)), edit=True)


def stopped(reminder: Reminder) -> Reply:
    text = f"🔕 Stopped: your reminder {esc(reminder.schedule.describe())}. /reminders to set new ones."
    return Reply(text, ((Button("➕ New reminder", AskReminderTime()), *render.menu_row()),), edit=True)


def checked_in(score: int, when: str) -> Reply:
    text = f"📝 Noted: pain {score}/10 ({esc(when)}). /progress shows your chart."
    if score >= 8:
        text += (
            "\nThat is a lot of pain. Go gently today, and see a doctor if it is much worse than usual, came on "
            "suddenly, or the knee is swollen, hot or gives way."
        )
    return Reply(text, ((Button("📈 My progress", ShowPractice(PracticeView.PROGRESS)), *render.menu_row()),))


def progress(chart: bytes, lines: tuple[str, str]) -> Reply:
    text = f"📈 {bold(lines[0][:1].upper() + lines[0][1:])}; {esc(lines[1])}."
    keyboard = (
        (
            Button("📄 Diary as CSV", ShowPractice(PracticeView.EXPORT)),
            Button("⏰ Reminders", ShowPractice(PracticeView.REMINDERS)),
        ),
        render.menu_row(),
    )
    return Reply(text, keyboard, file=File("progress.png", chart, "photo"))


def no_progress() -> Reply:
    text = (
        "📈 Nothing to chart yet. Each routine asks how much your knee hurts before and after it, and you can tell "
        "me any day, for example “I'm at a 5 today”. Then /progress draws your chart."
    )
    keyboard = ((Button("🧘 Routines", OpenMenu(MenuName.ROUTINES)), Button("⏰ Remind me", AskReminderTime())),)
    return Reply(esc(text), keyboard)


def export(csv: bytes, count: int, name: str) -> Reply:
    text = f"📄 Your pain diary: {count} rating{'s' if count != 1 else ''}, as a CSV file for a spreadsheet."
    return Reply(esc(text), file=File(name, csv, "document"))


def nothing_to_export() -> Reply:
    text = "📄 Your pain diary is empty, so there is nothing to export yet."
    return Reply(esc(text), ((Button("🧘 Routines", OpenMenu(MenuName.ROUTINES)),),))


def not_now(*, edit: bool) -> Reply:
    return Reply("OK, no reminder.", (render.menu_row(),), edit=edit)


def _zone_line(name: str, now: float) -> str:
    fixed = " (a fixed offset: it does not change for summer time)" if zones.is_fixed(name) and name != "UTC" else ""
    return italic(f"Time zone: {name}, where it is {zones.local_time(name, now)} now{fixed}.")


def _list_button() -> Button:
    return Button("📋 My reminders", ShowPractice(PracticeView.REMINDERS))
