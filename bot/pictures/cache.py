"""Rendered diagrams on disk, drawn once per version of the knowledge.

Pictures live in ``<directory>/<knowledge fingerprint>-r<renderer version>/<point id>.png``: a
curator moving a dot changes the fingerprint, so the new pictures are drawn on first use and old
folders are removed. Telegram ``file_id`` values from the first upload are kept beside them, so
each picture is uploaded once per bot.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from bot.knowledge import Knowledge
from bot.knowledge.models import PointBase
from bot.pictures.draw import RENDERER_VERSION, render

log = logging.getLogger(__name__)
FILE_IDS = "telegram-file-ids.json"
_VERSION_FOLDER = re.compile(r"[0-9a-f]{16}-r\w+")


class PictureCache:
    def __init__(self, directory: str | Path, knowledge: Knowledge) -> None:
        self.root = Path(directory)
        self.folder = self.root / f"{knowledge.fingerprint}-r{RENDERER_VERSION}"
        self._points: dict[str, PointBase] = {p.id: p for p in (*knowledge.points, *knowledge.trigger_points)}
        self._lock = threading.Lock()
        self._file_ids: dict[str, str] | None = None

    def path(self, point_id: str) -> Path | None:
        """The PNG for ``point_id``, drawn now if this version of it was never drawn."""
        point = self._points.get(point_id)
        if point is None:
            return None
        target = self.folder / f"{point.id}.png"
        if not target.exists():
            with self._lock:
                if not target.exists():
                    self._draw(point, target)
        return target

    def render_all(self) -> list[Path]:
        return [path for point_id in self._points if (path := self.path(point_id)) is not None]

    def _draw(self, point: PointBase, target: Path) -> None:
        if not self.folder.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._remove_old_versions()
        data = render(point)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)  # atomic: a reader never sees half a picture

    def _remove_old_versions(self) -> None:
        """Drop pictures drawn for earlier versions of the knowledge or of the drawing code."""
        for folder in self.root.iterdir():
            if folder.is_dir() and folder != self.folder and _VERSION_FOLDER.fullmatch(folder.name):
                shutil.rmtree(folder, ignore_errors=True)

    # --- Telegram file ids --------------------------------------------------------------------

    def file_id(self, bot_id: int, point_id: str) -> str | None:
        return self._load_file_ids().get(f"{bot_id}:{point_id}")

    def remember_file_id(self, bot_id: int, point_id: str, file_id: str) -> None:
        with self._lock:
            file_ids = self._load_file_ids()
            file_ids[f"{bot_id}:{point_id}"] = file_id
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f"{FILE_IDS}.tmp"
            temporary.write_text(json.dumps(file_ids, indent=1))
            os.replace(temporary, self.folder / FILE_IDS)

    def forget_file_id(self, bot_id: int, point_id: str) -> None:
        with self._lock:
            self._load_file_ids().pop(f"{bot_id}:{point_id}", None)

    def _load_file_ids(self) -> dict[str, str]:
        if self._file_ids is None:
            try:
                self._file_ids = json.loads((self.folder / FILE_IDS).read_text())
            except (OSError, ValueError):
                self._file_ids = {}
        return self._file_ids
