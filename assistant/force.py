"""The force of a provision, read from its modal verbs: must / must not / may / may reserve / must
consider / must endeavour, or `states` (a definition, or a statement of how the treaty works).

"Each State Party shall adopt ..." obliges; "A State Party may require ..." permits; "shall consider"
and "shall endeavour" oblige only to consider or to try; "States Parties may not refuse ..." forbids.
The plain-language layer states each provision's force, and tests check it against this parser; the
answers use it to say yes or no. Pure: no model, no data.
"""

from __future__ import annotations

import re

MUST = "must"
MUST_NOT = "must not"
MAY = "may"
MAY_RESERVE = "may reserve"
MUST_CONSIDER = "must consider"
MUST_ENDEAVOUR = "must endeavour"
STATES = "states"
FORCES = (MUST, MUST_NOT, MAY, MAY_RESERVE, MUST_CONSIDER, MUST_ENDEAVOUR, STATES)

# Adverbial asides between "shall" and its verb: "shall, where appropriate, endeavour", "may, in respect
# of offences other than those established in accordance with this Convention, reserve".
_ASIDE = r"(?:\s*,[^;.]{1,140}?,)?(?:\s+(?:also|further|promptly|thereupon|then|still|equally|jointly|"\
         r"as appropriate|where appropriate|in particular))*"
# Checked in this order; each match is blanked out before the next pattern looks.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "as may be necessary", "as may be appropriate" and relative "which may" grant nothing
    ("", re.compile(r"\b(?:as|that|which|who|whom) may(?: be)?\b", re.I)),
    # not obliged: "shall not be required to", "nothing ... shall be interpreted as imposing an obligation"
    # "shall consider this Convention the legal basis" treats it as the basis: an obligation, not a thought
    (MUST, re.compile(r"\bshall consider this convention\b", re.I)),
    (MAY, re.compile(r"\b(?:shall|are|is) not (?:be )?(?:required|obliged|bound|construed as requiring)\b|"
                     r"\bnothing in this (?:convention|article)[^.;]{0,80}?shall be (?:interpreted|construed) as "
                     r"(?:imposing|requiring|creating|preventing)\b|"
                     # "Nothing in this paragraph shall prevent the requesting State Party from disclosing …",
                     # "this shall not prevent the receiving State Party from disclosing …": it may
                     r"\bnothing in this (?:convention|article|paragraph)[^.;]{0,80}?shall (?:prevent|preclude)\b|"
                     r"\bshall not (?:prevent|preclude)\b",
                     re.I)),
    # "Nothing in this Convention shall entitle a State Party to undertake … in the territory of another State"
    (MUST_NOT, re.compile(r"\bnothing in this (?:convention|article)[^.;]{0,80}?shall be (?:interpreted|construed) as "
                          r"(?:permitting|authorizing|allowing|justifying)\b|"
                          r"\bnothing in this (?:convention|article)[^.;]{0,80}?shall (?:entitle|authorize|permit)\b|"
                          r"\b(?:shall|may)" + _ASIDE + r" not\b|\bshall in no case\b|\bunder no circumstances\b",
                          re.I)),
    (MAY_RESERVE, re.compile(r"\bmay" + _ASIDE + r" reserve\b", re.I)),
    (MUST_CONSIDER, re.compile(r"\bshall" + _ASIDE + r" (?:consider|give (?:due |priority )?consideration)\b|"
                               # a sub-paragraph of an obligation: "shall ...: (c) Consider taking ..."
                               r"(?<=shall)[^;]*:\s*\([a-z]{1,4}\)\s+consider\b|^\([a-z]{1,4}\)\s+consider\b",
                               re.I | re.M)),
    # "are (strongly) encouraged to" recommends without obliging: the nearest force is a duty to consider
    (MUST_CONSIDER, re.compile(r"\b(?:are|is)(?: strongly)? encouraged to\b", re.I)),
    (MUST_ENDEAVOUR, re.compile(r"\bshall" + _ASIDE + r" (?:endeavou?r|seek to|strive|make (?:every )?efforts?|"
                                r"use (?:its|their) best efforts|make every effort)\b|"
                                r"(?<=shall)[^;]*:\s*\([a-z]{1,4}\)\s+(?:seek|endeavou?r)\b|"
                                r"^\([a-z]{1,4}\)\s+(?:seek|endeavou?r)\b", re.I | re.M)),
    # what a word means, and how the treaty itself works, is stated rather than owed
    (STATES, re.compile(r"\bshall mean\b|\bshall include\b|"
                        r"(?:^|[.;:]\s+|\d\.\s+)(?:this convention|this article|this protocol|the amendment|"
                        r"such amendment|an amendment|the convention)\b[^.;,]{0,60}?\bshall\b|"
                        r"\bshall (?:only )?(?:enter into force|be open|take effect|cease|be deemed)\b", re.I)),
    (MUST, re.compile(r"\bshall\b|\bundertakes? to\b|\bare obliged to\b|\bis obliged to\b", re.I)),
    (MAY, re.compile(r"\bmay\b", re.I)),
]


def forces_in(text: str) -> list[str]:
    """Every force the text's modal verbs express, in the order they first appear."""
    found: list[tuple[int, str]] = []
    for force, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if force:
                found.append((m.start(), force))
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return list(dict.fromkeys(force for _, force in sorted(found)))


def main_force(text: str) -> str:
    """The force of the provision's first modal verb (the rule it states), or `states`."""
    forces = forces_in(text)
    return forces[0] if forces else STATES
