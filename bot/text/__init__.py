"""Text utilities shared by knowledge validation, matching, safety and the engine, and depending
on none of them: ``normalise`` (folding what people type into plain words), ``tokens`` (stop
words and stems), ``phrases`` (finding phrases with word forms and typos) and ``scope`` (which
mentions describe the person's present: clauses, negation, whose body it is)."""
