"""In a group chat everyone reads along, so what is personal continues in the private chat.

A routine asks safety questions about the person's health; the pain diary, reminders, progress,
what people told the bot about themselves and /mydata are theirs alone. In a group the bot
answers questions about points and knee care as anywhere; for everything personal it answers
with a button that opens the person's private chat with the bot, where it continues (a deep
link, ``t.me/<bot>?start=routine-calf-massage``). A button on a group's message that would act
on something personal becomes such a link too (:func:`in_public`). Safety comes first: a red
flag gets its advice in the group as far as the message itself calls for it; only what rests on
what the person told us before is named in private (:func:`warning_elsewhere`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine.actions import (
    Action,
    AskReminderTime,
    AskToForget,
    AskZone,
    ChooseZone,
    Forget,
    InRun,
    KeepData,
    MenuName,
    OpenEntry,
    OpenMenu,
    OpenRoutine,
    PracticeView,
    RemindThisTime,
    RemoveReminder,
    SetReminder,
    ShowMyData,
    ShowPractice,
    Snooze,
    StopReminder,
)
from bot.engine.messages import MESSAGES
from bot.engine.replies import Button, Meta, Reply, Response, bold, esc
from bot.knowledge.models import RedFlag

PERSONAL = (
    OpenRoutine,
    InRun,
    ShowPractice,
    AskReminderTime,
    SetReminder,
    RemindThisTime,
    AskZone,
    ChooseZone,
    Snooze,
    StopReminder,
    RemoveReminder,
    AskToForget,
    Forget,
    KeepData,
    ShowMyData,
)
# What each personal thing says in a group, by the action the private chat continues with.
ELSEWHERE: dict[Action, str] = {
    ShowPractice(PracticeView.PROGRESS): MESSAGES.group_progress,
    ShowPractice(PracticeView.EXPORT): MESSAGES.group_export,
    ShowPractice(PracticeView.DIARY): MESSAGES.group_progress,
    ShowPractice(PracticeView.REMINDERS): MESSAGES.group_reminders,
    ShowMyData(): MESSAGES.group_my_data,
    AskToForget(): MESSAGES.group_forget,
    OpenMenu(MenuName.MAIN): MESSAGES.group_stop,
}


def is_personal(action: Action) -> bool:
    """Whether ``action`` shows or changes something of the person's own (not done in a group)."""
    return isinstance(action, PERSONAL)


def where_it_continues(action: Action) -> Action:
    """The action that takes the place of ``action`` in the private chat, one a link can carry."""
    match action:
        case InRun(routine=routine):
            return OpenRoutine(routine)
        case OpenRoutine() | ShowPractice() | ShowMyData() | AskToForget():
            return action
        case Forget() | KeepData():
            return AskToForget()
        case _ if is_personal(action):  # the rest of the practice plan: reminders
            return ShowPractice(PracticeView.REMINDERS)
    return action


def elsewhere(action: Action, title: str | None = None) -> Response:
    """The answer in a group to ``action`` (or what stands for it): a button to the private chat."""
    action = where_it_continues(action)
    if isinstance(action, OpenRoutine):
        text = f"🧘 {bold(title or MESSAGES.group_this_routine)}\n{MESSAGES.group_routine}"
        label = MESSAGES.group_routine_button
    else:
        text, label = esc(ELSEWHERE.get(action, ELSEWHERE[OpenMenu(MenuName.MAIN)])), MESSAGES.group_continue
    reply = Reply(text, ((Button(label, action, private=True),),))
    return Response((reply,), Meta(kind="private", id=type(action).__name__))


def warning_elsewhere(rule: RedFlag, emergency_numbers: str, more: bool) -> Reply:
    """A red flag that rests on what the person told us before (their health facts, earlier
    messages): named in private only. The group is told how urgent it is (safety first), not
    what it is; ``more`` when the advice for what they wrote has been shown already."""
    what = MESSAGES.group_warning_more if more else MESSAGES.group_warning_first
    text = MESSAGES.group_warning.format(what=what)
    if rule.severity == "emergency":
        text += "\n" + MESSAGES.group_warning_urgent.format(numbers=emergency_numbers)
    return Reply(esc(text), ((Button(MESSAGES.group_warning_button, OpenEntry(rule.id), private=True),),))


def noted_in_diary() -> Response:
    progress = Button(MESSAGES.my_progress_button, ShowPractice(PracticeView.PROGRESS), private=True)
    reply = Reply(esc(MESSAGES.group_noted_in_diary), ((progress,),))
    return Response((reply,), Meta(kind="practice", id="check-in"))


def in_public(response: Response) -> Response:
    """``response`` for a group: every button that would act on something personal opens the
    private chat instead."""
    replies = tuple(
        replace(reply, buttons=tuple(tuple(_public(button) for button in row) for row in reply.buttons))
        for reply in response.replies
    )
    return replace(response, replies=replies)


def _public(button: Button) -> Button:
    if button.private or not is_personal(button.action):
        return button
    return Button(button.label, where_it_continues(button.action), private=True)
