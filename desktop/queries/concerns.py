"""Whom a 通报曝光 and an item (起) of a 通报 concern: each rule once, for the timeline's
person and unit lanes and the 廉政档案's sections.

An exposure names its person, or, naming none, concerns every person of its clue. A 通报
item names a person or a unit, or, naming neither, concerns its clue's persons (and its
clue's reported unit). A unit is concerned by what concerns one of its people too.
"""

from __future__ import annotations

_CLUE_OF_PERSON = "(SELECT clue_id FROM clue_persons WHERE person_id = {p})"
_PERSONS_OF_UNIT = "(SELECT id FROM persons WHERE unit_id = {u})"


def exposure_person_sql(e: str, person: str = ":pid") -> str:
    """The exposure row `e` concerns the person `person`. A CASE, not an OR, so a query
    bounded by the exposure's date index keeps that index."""
    return (
        f"CASE WHEN {e}.person_id IS NULL"
        f" THEN {e}.clue_id IN {_CLUE_OF_PERSON.format(p=person)}"
        f" ELSE {e}.person_id = {person} END"
    )


def exposure_unit_sql(e: str, unit: str = ":uid") -> str:
    """The exposure row `e` concerns the unit `unit`: its clue is about the unit, or it
    concerns one of the unit's people (looked up from the exposure's own clue or person,
    so a unit of many people does not walk every exposure per person)."""
    return (
        f"(EXISTS (SELECT 1 FROM clues WHERE id = {e}.clue_id AND reported_unit_id = {unit})"
        f" OR CASE WHEN {e}.person_id IS NULL"
        " THEN EXISTS (SELECT 1 FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
        f" WHERE cp.clue_id = {e}.clue_id AND p.unit_id = {unit})"
        f" ELSE {e}.person_id IN {_PERSONS_OF_UNIT.format(u=unit)} END)"
    )


def item_person_sql(bi: str, person: str = ":pid") -> str:
    """The 通报 item `bi` concerns the person `person`."""
    return (
        f"CASE WHEN {bi}.person_id IS NULL AND {bi}.unit_id IS NULL"
        f" THEN {bi}.clue_id IN {_CLUE_OF_PERSON.format(p=person)}"
        f" ELSE {bi}.person_id IS {person} END"
    )


def item_unit_sql(bi: str, unit: str = ":uid") -> str:
    """The 通报 item `bi` concerns the unit `unit`: it names the unit or one of its
    people, or, naming neither, its clue is about the unit or one of its people."""
    return (
        f"CASE WHEN {bi}.person_id IS NULL AND {bi}.unit_id IS NULL"
        f" THEN EXISTS (SELECT 1 FROM clues WHERE id = {bi}.clue_id AND (reported_unit_id = {unit}"
        f" OR id IN (SELECT cp.clue_id FROM clue_persons cp JOIN persons p ON p.id = cp.person_id"
        f" WHERE p.unit_id = {unit})))"
        f" ELSE {bi}.unit_id IS {unit} OR {bi}.person_id IN {_PERSONS_OF_UNIT.format(u=unit)} END"
    )
