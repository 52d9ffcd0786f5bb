"""`kneebot chat`: the engine in a terminal.

Replies are printed with their buttons numbered (``[1] Next ▶  [2] ◀ Back``). Type a number or
a button's label ("next", "yes", "6") to press it, anything else to ask, /quit to leave. In a
terminal the prompt has line editing and history (``readline``). Timers run on background
threads and print "time is up" when they fire, even while you wait at the prompt, which is then
shown again with what you had typed; reminders that come due while the chat is open are
printed the same way. A chart or file a reply carries is saved and its path printed; /forget
deletes them again. Text and buttons are wrapped to the terminal's width; a button labelled with
a number (a pain scale) is shown and typed as that number. State lives in a local SQLite file,
so the conversation resumes next time.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from bot.engine import ButtonPress, Command, Engine, Event, Response, StoreBusy, Text, TimerFired
from bot.engine.replies import File

QUIT = {"/quit", "/exit", "/q"}
PROMPT = "you> "
ATTEMPTS = 3  # a record another process changed meanwhile is read again and the event retried
BUSY = "The conversation file is busy (is another kneebot chat using it?). Please try again."
_LABEL_NOISE = re.compile(r"[^\w\s]")


def _label_key(label: str) -> str:
    """A label as a person might type it: "▶ Start" -> "start", "Next ▶" -> "next"."""
    return " ".join(_LABEL_NOISE.sub(" ", label.lower()).split())


class TerminalChat:
    def __init__(
        self,
        engine: Engine,
        *,
        user_id: int = 1,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        timer_factory: Callable[[float, Callable[[], None]], threading.Timer] = threading.Timer,
        picture_path: Callable[[str], str | None] = lambda point_id: None,
        files_dir: Path | None = None,
        width: int | None = None,
    ) -> None:
        """``width``: the columns to wrap to (by default the terminal's)."""
        self.engine = engine
        self.user_id = user_id
        self.stdin = stdin
        self.stdout = stdout
        self.timer_factory = timer_factory
        self.picture_path = picture_path
        self._buttons: list[tuple[str, str]] = []  # (label, payload) currently on screen
        self._timers: list[threading.Timer] = []
        self._reminders: list[threading.Timer] = []
        self.files_dir = files_dir or Path(tempfile.gettempdir()) / "kneebot"
        self._lock = threading.RLock()
        self._at_prompt = False  # waiting for a line at the prompt (timers print over it)
        self.width = width or shutil.get_terminal_size().columns
        self._saved: list[Path] = []  # the files saved for the person, deleted by /forget

    def run(self) -> int:
        interactive = self.stdin.isatty()
        read_line = self._prompt if interactive else self.stdin.readline
        if interactive:
            _enable_line_editing()
        self._print(_wrap("Kneebot chat. Type a question, a button number or label; /quit to leave.", self.width))
        self._print("")
        self._print_response(self.engine.welcome(self.user_id))
        for _, timer in self.engine.pending_timers(self.user_id):
            self._start_timer(timer.token, timer.seconds)
        self._schedule_reminders()
        try:
            while True:
                line = read_line()
                if not line:
                    break
                line = line.strip()
                if not line:
                    continue
                if line.lower() in QUIT:
                    break
                self._handle(self._event(line))
        except KeyboardInterrupt:
            pass
        finally:
            self._cancel_timers()
            self._cancel_reminders()
        self._print("Bye! Your place is saved for next time.")
        return 0

    # --- input --------------------------------------------------------------------------------

    def _prompt(self) -> str:
        """One line typed at the prompt, with line editing; "" at the end of input."""
        self._at_prompt = True
        try:
            return input(PROMPT) + "\n"
        except EOFError:
            return ""
        finally:
            self._at_prompt = False

    def _event(self, line: str) -> Event:
        with self._lock:
            buttons = list(self._buttons)
        key = _label_key(line)
        for label, payload in buttons:
            if key and _label_key(label) == key:
                return ButtonPress(payload)
        if line.isdigit() and 1 <= int(line) <= len(buttons):
            return ButtonPress(buttons[int(line) - 1][1])
        if line.startswith("/"):
            name, _, argument = line[1:].partition(" ")
            return Command(name.lower(), argument.strip())
        return Text(line)

    def _handle(self, event: Event) -> None:
        for _ in range(ATTEMPTS):
            try:
                response = self.engine.handle(self.user_id, event)
            except StoreBusy:
                continue
            self._print_response(response)
            return
        self._print(BUSY)

    # --- output -------------------------------------------------------------------------------

    def _print_response(self, response: Response) -> None:
        with self._lock:
            interrupted = self._at_prompt  # a timer firing while the person is typing
            if interrupted:
                self.stdout.write("\r\033[K")
            if response.cancel_timers:
                self._cancel_timers()
            if response.note:
                self._print(f"  ({response.note})")
            if response.replies:
                self._buttons = []
            if response.meta.id == "forgotten":
                self._delete_saved()
            for reply in response.replies:
                self._print("")
                self._print(_wrap(reply.text, self.width))
                if reply.picture and (path := self.picture_path(reply.picture)):
                    self._print(f"  [picture: {path}]")
                if reply.file is not None:
                    self._print(f"  [{'chart' if reply.file.kind == 'photo' else 'file'}: {self._save(reply.file)}]")
                for row in reply.buttons:
                    labels = []
                    for button in row:
                        self._buttons.append((button.label, button.payload))
                        # "[4]" for the button labelled 4: typing 4 presses it (see _event).
                        shown = (
                            f"[{button.label}]" if button.label.isdigit() else f"[{len(self._buttons)}] {button.label}"
                        )
                        labels.append(shown)
                    self._print(_wrap_row(labels, self.width))
            if response.timer:
                self._start_timer(response.timer.token, response.timer.seconds)
            if response.reminders_changed:
                self._schedule_reminders()
            self._print("")
            if interrupted:
                self._print(PROMPT + _typed_so_far(), end="")

    def _start_timer(self, token: str, seconds: float) -> None:
        timer = self.timer_factory(seconds, lambda: self._handle(TimerFired(token)))
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def _schedule_reminders(self) -> None:
        """A timer for each of the person's reminders, at its next due time."""
        with self._lock:
            self._cancel_reminders()
            now = self.engine.clock()
            for job in self.engine.reminder_jobs(self.user_id):
                timer = self.timer_factory(max(0.0, job.due - now), partial(self._remind, job.reminder_id))
                timer.daemon = True
                self._reminders.append(timer)
                timer.start()

    def _remind(self, reminder_id: int) -> None:
        try:
            response = self.engine.remind(self.user_id, reminder_id)
        except StoreBusy:  # another program holds the file: tried again while still worth sending
            response = Response()
        if response.replies:  # else not due after all, or sent by another process
            self._print_response(response)
        self._schedule_reminders()

    def _cancel_reminders(self) -> None:
        for timer in self._reminders:
            timer.cancel()
        self._reminders.clear()

    def _save(self, file: File) -> str:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / file.name
        path.write_bytes(file.data)
        self._saved.append(path)
        return str(path.resolve())

    def _delete_saved(self) -> None:
        """/forget: the charts and files saved for the person go with the rest."""
        for path in self._saved:
            path.unlink(missing_ok=True)
        self._saved.clear()

    def _cancel_timers(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

    def _print(self, text: str, end: str = "\n") -> None:
        with self._lock:
            self.stdout.write(text + end)
            self.stdout.flush()


def _enable_line_editing() -> None:
    """Arrow keys, history and editing at the prompt (``input`` uses readline once imported)."""
    with contextlib.suppress(ImportError):  # not on every platform; the prompt works without it
        import readline  # noqa: F401


def _typed_so_far() -> str:
    try:
        import readline
    except ImportError:
        return ""
    return readline.get_line_buffer()


def _wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` columns, line by line; a bullet's lines stay indented."""
    lines = []
    for line in text.splitlines():
        indent = "  " if line.startswith(("• ", "- ")) else ""
        lines.append(textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False) or line)
    return "\n".join(lines)


def _wrap_row(labels: list[str], width: int) -> str:
    """A row of buttons, indented, continued on the next line where it would pass ``width``."""
    lines: list[str] = []
    current = ""
    for label in labels:
        if current and len(current) + 2 + len(label) > width:
            lines.append(current)
            current = ""
        current = f"{current}  {label}" if current else f"  {label}"
    if current:
        lines.append(current)
    return "\n".join(lines)
