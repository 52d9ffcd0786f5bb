"""Guided routines: the flow (what a press does) and the screens (what the person sees)."""

from bot.engine.routines.flow import RoutineFlow

__all__ = ["RoutineFlow"]
