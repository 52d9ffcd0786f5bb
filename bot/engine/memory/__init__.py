"""What the engine remembers about a person between messages, and their rights over it.

``facts`` and ``profile``: what people tell us about themselves; ``context``: the topic and
follow-ups; ``typed``: typed replies to the screen on show; ``plan``: daily plans;
``personal``: /mydata and /forget over every kind of personal data; ``language``: whether an
unanswered message was written in another language.
"""
