"""The document types an applicant brings, with the fields CONTRACT.md fixes for each.

Type ids are stable: they appear in exports and in the one-time notice.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union, get_args

from pydantic import Field

from intake.models.fields import (
    CountyCode,
    IdNumber,
    IsoDate,
    Model,
    OptionalText,
    Text,
    TownshipCode,
    Uscc,
)


class IdCard(Model):
    """居民身份证."""

    type: Literal["id_card"]
    id_number: IdNumber
    name: Text


class HouseholdRegister(Model):
    """户口簿: recorded for identity and statistics; no rule may depend on it (一(二))."""

    type: Literal["household_register"]
    division: CountyCode
    address: Text


class LaborContract(Model):
    """劳动（聘用）合同; ``end`` None is open-ended."""

    type: Literal["labor_contract"]
    employer_name: Text
    employer_uscc: Uscc
    start: IsoDate
    end: IsoDate | None = None
    workplace_township: TownshipCode


class BusinessLicense(Model):
    """营业执照."""

    type: Literal["business_license"]
    uscc: Uscc
    holder_id_number: IdNumber
    township: TownshipCode


class GraduationCertificate(Model):
    """毕业证书."""

    type: Literal["graduation_certificate"]
    school_kind: Literal["higher_education", "vocational"]
    number: Text
    graduated_on: IsoDate


SkillLevel = Literal["primary", "intermediate", "advanced", "technician", "senior_technician"]


class SkillsCertificate(Model):
    """《岗位技能资质等级证书》; ``certified_by`` is the certifying county's division code."""

    type: Literal["skills_certificate"]
    level: SkillLevel
    number: Text
    certified_by: CountyCode


class OverseasCredentialCertification(Model):
    """国（境）外学历学位认证书."""

    type: Literal["overseas_credential_certification"]
    number: Text
    issuer: Text


class PropertyCertificate(Model):
    """不动产权证书."""

    type: Literal["property_certificate"]
    owner_id_numbers: Annotated[list[IdNumber], Field(min_length=1)]
    address: Text
    township: TownshipCode


class RentalProof(Model):
    """房屋租赁合同 / 租赁登记备案证明; an empty ``registration_number`` means unregistered."""

    type: Literal["rental_proof"]
    lessee_id_number: IdNumber
    address: Text
    township: TownshipCode
    start: IsoDate
    end: IsoDate | None = None
    registration_number: OptionalText = ""


class CollectiveHouseholdAcceptance(Model):
    """单位集体户接收证明."""

    type: Literal["collective_household_acceptance"]
    employer_uscc: Uscc
    township: TownshipCode


class SocialInsuranceRecord(Model):
    """社会保险参保缴费证明: months contributed in the county."""

    type: Literal["social_insurance_record"]
    months: Annotated[int, Field(ge=0, le=1200)]


class ResidencePermit(Model):
    """居住证."""

    type: Literal["residence_permit"]
    number: Text
    valid_from: IsoDate


class AdmissionNotice(Model):
    """录取通知书."""

    type: Literal["admission_notice"]
    school: Text
    division: CountyCode


class DischargeCertificate(Model):
    """退役证."""

    type: Literal["discharge_certificate"]
    number: Text
    discharged_on: IsoDate


# The union is written out (not built from a tuple) so that type checkers see it; pydantic picks
# the member by ``type``. DOCUMENT_CLASSES is read back from it, in the same order.
Document = Annotated[
    Union[
        IdCard,
        HouseholdRegister,
        LaborContract,
        BusinessLicense,
        GraduationCertificate,
        SkillsCertificate,
        OverseasCredentialCertification,
        PropertyCertificate,
        RentalProof,
        CollectiveHouseholdAcceptance,
        SocialInsuranceRecord,
        ResidencePermit,
        AdmissionNotice,
        DischargeCertificate,
    ],
    Field(discriminator="type"),
]

DOCUMENT_CLASSES: tuple[type[Model], ...] = get_args(get_args(Document)[0])

DOCUMENT_TYPES: tuple[str, ...] = tuple(
    cls.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    for cls in DOCUMENT_CLASSES
)

DOCUMENT_LABELS: dict[str, str] = {
    "id_card": "居民身份证",
    "household_register": "户口簿",
    "labor_contract": "劳动（聘用）合同",
    "business_license": "营业执照",
    "graduation_certificate": "毕业证书",
    "skills_certificate": "岗位技能资质等级证书",
    "overseas_credential_certification": "国（境）外学历学位认证书",
    "property_certificate": "不动产权证书",
    "rental_proof": "房屋租赁合同 / 租赁登记备案证明",
    "collective_household_acceptance": "单位集体户接收证明",
    "social_insurance_record": "社会保险参保缴费证明",
    "residence_permit": "居住证",
    "admission_notice": "录取通知书",
    "discharge_certificate": "退役证",
}
