"""Priority groups (二(五)): flagged on the case and counted in statistics, never a condition."""

from __future__ import annotations

from intake.engine.facts import Facts, birth_year, insurance_months, residence_permit_years
from intake.rules.vocabulary import PRIORITY_GROUPS


def priority_groups(f: Facts) -> list[str]:
    """The groups this applicant belongs to, in vocabulary order."""
    app, rules = f.app, f.rules
    rural = app.applicant.rural_origin
    months = insurance_months(f) or 0
    years = residence_permit_years(f)
    member = {
        "rural_student": rural and app.kind == "student_collective",
        "veteran": any(d.discharged_on <= app.application_date for d in f.docs("discharge_certificate")),
        "long_term_resident": months >= rules.param("priority.long_term_months")
        or (years is not None and years >= rules.param("priority.long_term_years")),
        "family_migration": bool(app.family),
        "new_generation_migrant": rural
        and birth_year(app.applicant.id_number) >= rules.param("priority.new_generation_born_from")
        and f.get("employment_in_county").satisfied,
    }
    return [group for group in PRIORITY_GROUPS if member[group]]
