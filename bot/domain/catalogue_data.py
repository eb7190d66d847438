"""The Context Wellbeing Framework catalogue as clean data, and how it was read from the seed.

Source: ``shared/seeds/001_*.txt``, section "## II) Context Wellbeing Framework" to the end: HTML table
rows whose cells hold ``<li>`` items (85 items, 74 distinct strings). Columns: Behaviours/Indicators,
then Experiences/Contexts split into "Role of Adults" and "Procedural, Systemic and Structural Factors".
The entries live in one module per level (two for Complex, one per seed table, to keep modules short):
``catalogue_universal``, ``catalogue_universal_plus``, ``catalogue_complex``, ``catalogue_complex_more``.

How the seed's rows were resolved
---------------------------------
1. Row labelled "Universal" -> Level.UNIVERSAL, all protective (U-*).
2. Next row, with an empty label cell -> Level.UNIVERSAL_PLUS (UP-*). The seed's "Universal Plus/etc"
   label is shifted one row down: the level sequence of the framework is Universal, Universal Plus,
   Complex, and this row's content is the middle tier (fixed-term exclusions, exposure to drug selling,
   awareness of weapons, sexual harassment, adults who only challenge individuals).
3. Row labelled "Universal Plus/etc" -> Level.COMPLEX (C-B-01..12, C-RA-01..05). Its content is the
   severe counterpart of row 2: permanent exclusion over a long-term period (vs fixed-term), sexual
   abuse/violence (vs harassment), grooming into exploitation, non-consensual image sharing, a pattern of
   suicide, intentional victimisation by grooming, coercion or force. Its last six behaviours and all five
   role-of-adults items are repeated verbatim in the row labelled "Complex/ High Risk" right after, which
   confirms it is the same Complex row split across a page break (the repeat is the continuation).
4. That "Complex/ High Risk" row is a true duplicate of (part of) row 3: its 11 items are merged into the
   row-3 entries (one entry each; the seed string appears once in ``seed_text``).
5. The second table, labelled "Complex/ High Risk", with its continuation row of structural factors ->
   Level.COMPLEX (C-B-13..21, C-RA-06..07, C-S-01..04).
6. Within row 2, the role-of-adults item "Professionals have limited understanding of the level/prevalence
   of risk due to inconsistent or unusable recording systems" and the structural item "School or
   multi-agency professionals have limited understanding ... recording systems" say the same thing in two
   columns. They are merged into one structural entry, UP-S-02, carrying both seed strings, so a panel
   ticks it once and cumulative weighting does not count it twice.
Items repeated across *different* levels with different severity (e.g. underage drinking at UP-B-11 and
the same "alongside other risk factors" at C-B-16) are kept as separate indicators.

Cleaning: ``text`` keeps the seed's wording and fixes only OCR/grammar roughness ("Adults guardians" ->
"Adult guardians", a stray trailing "friends", "i.e." used for examples -> "e.g.", agreement, commas).
``seed_text`` holds the exact seed strings (HTML tags and "• " bullets stripped, whitespace normalised),
and tests/domain/test_catalogue.py checks both directions against the seed file.

Stable IDs: ``<level>-<kind>-<nn>`` (U/UP/C, B/RA/S), written literally in the data. Never renumber or
reuse an ID: to rename or retire one, add the new entry and map the old ID in ``RETIRED_ALIASES``.
Totals (version 2026.1): Universal 16 (6 B, 6 RA, 4 S); Universal Plus 25 (15 B, 4 RA, 6 S);
Complex 32 (21 B, 7 RA, 4 S); 73 in all.
"""

from __future__ import annotations

from bot.domain.catalogue_complex import COMPLEX_FIRST_TABLE
from bot.domain.catalogue_complex_more import COMPLEX_SECOND_TABLE
from bot.domain.catalogue_model import Indicator
from bot.domain.catalogue_universal import UNIVERSAL
from bot.domain.catalogue_universal_plus import UNIVERSAL_PLUS
from bot.domain.enums import IndicatorKind

CATALOGUE_VERSION = "2026.1"
"""Version of this catalogue; bump it whenever an entry is added, reworded, renamed or retired."""

RETIRED_ALIASES: dict[str, str] = {}
"""Old indicator ID -> current ID, for IDs renamed or retired in later versions (empty in 2026.1)."""

_KIND_ORDER = {kind: index for index, kind in enumerate(IndicatorKind)}


def _sort_key(indicator: Indicator) -> tuple[int, int, str]:
    """Order by level, then framework column, then ID."""
    return (indicator.level.rank, _KIND_ORDER[indicator.kind], indicator.id)


INDICATORS: tuple[Indicator, ...] = tuple(
    sorted(UNIVERSAL + UNIVERSAL_PLUS + COMPLEX_FIRST_TABLE + COMPLEX_SECOND_TABLE, key=_sort_key)
)
"""Every current indicator, ordered by level, framework column and ID."""
