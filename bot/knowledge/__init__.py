"""Knowledge loading and validation: YAML files in, a typed, cross-checked knowledge base out."""

from bot.knowledge.base import Entry, Knowledge, kind_of
from bot.knowledge.loader import default_knowledge_dir, load_knowledge, resolve_knowledge_dir
from bot.knowledge.problems import KnowledgeError, Problem
from bot.knowledge.sections import Section

__all__ = [
    "Entry",
    "Knowledge",
    "KnowledgeError",
    "Problem",
    "Section",
    "default_knowledge_dir",
    "kind_of",
    "load_knowledge",
    "resolve_knowledge_dir",
]
