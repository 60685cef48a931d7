"""Recognizers: each one finds one kind of identifier evidence and returns `Span`s
(`coprod.privacy.detectors.Span`: start, end, type, canonical, detector, confidence) over the
folded view of a text (`coprod.privacy.normalise.view`: same offsets as the text).

Every recognizer exposes `name` and `find(view) -> list[Span]`; `REGISTRY` is the order the
analyzer (`coprod.privacy.analyzer`) builds and runs them. Those that read the text word by word
also take the analyzer's `TextIndex` of the view (`text_index`: the words, found once per text)
as `find(view, index)`; without one they build their own, with the same result. The analyzer,
not a recognizer, applies the allow-list and resolves overlaps; corpus-wide decisions (propagation, linking a
person's mentions) are in `coprod.privacy.corpus_rules`.
"""

from .article_names import ArticleNameRecognizer
from .article_places import ArticlePlaceRecognizer
from .bank_details import BankDetailRecognizer
from .birth_dates import BirthDateRecognizer
from .capital_names import CapitalNameRecognizer
from .caseless import CaselessRecognizer
from .caseless_relations import CaselessRelationRecognizer
from .coded_identifiers import CodedIdentifierRecognizer
from .compass_regions import CompassRegionRecognizer
from .context import ContextRecognizer
from .cued_names import CuedNameRecognizer
from .greetings import GreetingRecognizer
from .house_numbers import HouseNumberRecognizer
from .ip_addresses import IpAddressRecognizer
from .joined_names import JoinedNameRecognizer
from .language_dates import LanguageDateRecognizer
from .language_kin_names import LanguageKinNameRecognizer
from .language_name_cues import LanguageNameCueRecognizer
from .life_dates import LifeDateRecognizer
from .lowercase_appositions import LowercaseAppositionRecognizer
from .lowercase_heads import LowercaseHeadRecognizer
from .lowercase_pairs import LowercasePairRecognizer
from .lowercase_role_names import LowercaseRoleNameRecognizer
from .military_units import MilitaryUnitRecognizer
from .mixed_case_places import MixedCasePlaceRecognizer
from .name_particles import NameParticleRecognizer
from .naming_frames import NamingFrameRecognizer
from .obfuscated_emails import ObfuscatedEmailRecognizer
from .patterns import PatternRecognizer
from .place_chains import PlaceChainRecognizer
from .possessive_heads import PossessiveHeadRecognizer
from .postcode_variants import PostcodeVariantRecognizer
from .rare_capitals import RareCapitalRecognizer
from .record_numbers import RecordNumberRecognizer
from .register import RegisterRecognizer
from .royal_bodies import RoyalBodyRecognizer
from .said_ni_numbers import SaidNiNumberRecognizer
from .ship_frames import ShipFrameRecognizer
from .show_titles import ShowTitleRecognizer
from .small_states import SmallStateRecognizer
from .spelled import SpelledRecognizer
from .spoken_years import SpokenYearRecognizer
from .street_addresses_before import StreetAddressBeforeRecognizer
from .street_heads import StreetHeadRecognizer
from .unclear_places import UnclearPlaceRecognizer
from .vehicle_registrations import VehicleRegistrationRecognizer
from .vessels import VesselRecognizer
from .web_addresses import WebAddressRecognizer
from .word_name_appositions import WordNameAppositionRecognizer
from .world_places import WorldPlaceRecognizer
from .years_before_events import YearBeforeEventRecognizer

REGISTRY = (
    RegisterRecognizer,
    PatternRecognizer,
    WebAddressRecognizer,
    LifeDateRecognizer,
    ContextRecognizer,
    WorldPlaceRecognizer,
    SmallStateRecognizer,
    PlaceChainRecognizer,
    CompassRegionRecognizer,
    CuedNameRecognizer,
    LanguageNameCueRecognizer,
    GreetingRecognizer,
    LowercasePairRecognizer,
    LowercaseAppositionRecognizer,
    WordNameAppositionRecognizer,
    NameParticleRecognizer,
    LowercaseRoleNameRecognizer,
    LanguageKinNameRecognizer,
    LowercaseHeadRecognizer,
    StreetHeadRecognizer,
    VesselRecognizer,
    MilitaryUnitRecognizer,
    UnclearPlaceRecognizer,
    RareCapitalRecognizer,
    HouseNumberRecognizer,
    SpokenYearRecognizer,
    ShowTitleRecognizer,
    SpelledRecognizer,
    JoinedNameRecognizer,
    CaselessRecognizer,
    CaselessRelationRecognizer,
    ShipFrameRecognizer,
    NamingFrameRecognizer,
    ArticleNameRecognizer,
    ArticlePlaceRecognizer,
    RoyalBodyRecognizer,
    YearBeforeEventRecognizer,
    MixedCasePlaceRecognizer,
    PossessiveHeadRecognizer,
    BankDetailRecognizer,
    BirthDateRecognizer,
    CodedIdentifierRecognizer,
    IpAddressRecognizer,
    LanguageDateRecognizer,
    ObfuscatedEmailRecognizer,
    PostcodeVariantRecognizer,
    RecordNumberRecognizer,
    SaidNiNumberRecognizer,
    StreetAddressBeforeRecognizer,
    VehicleRegistrationRecognizer,
    CapitalNameRecognizer,
)

# Structured identifiers in forms the pattern detectors leave: the analyzer runs these in turn
# after the spelled names, each over the whole text.
IDENTIFIER_RECOGNIZERS = (
    BankDetailRecognizer,
    BirthDateRecognizer,
    CodedIdentifierRecognizer,
    IpAddressRecognizer,
    LanguageDateRecognizer,
    ObfuscatedEmailRecognizer,
    PostcodeVariantRecognizer,
    RecordNumberRecognizer,
    SaidNiNumberRecognizer,
    StreetAddressBeforeRecognizer,
    VehicleRegistrationRecognizer,
)

__all__ = [
    "IDENTIFIER_RECOGNIZERS",
    "CapitalNameRecognizer",
    "BankDetailRecognizer",
    "BirthDateRecognizer",
    "CodedIdentifierRecognizer",
    "ObfuscatedEmailRecognizer",
    "PostcodeVariantRecognizer",
    "RecordNumberRecognizer",
    "SaidNiNumberRecognizer",
    "VehicleRegistrationRecognizer",
    "REGISTRY",
    "ArticleNameRecognizer",
    "ArticlePlaceRecognizer",
    "RoyalBodyRecognizer",
    "NameParticleRecognizer",
    "NamingFrameRecognizer",
    "ShipFrameRecognizer",
    "CaselessRecognizer",
    "CaselessRelationRecognizer",
    "CompassRegionRecognizer",
    "ContextRecognizer",
    "CuedNameRecognizer",
    "GreetingRecognizer",
    "HouseNumberRecognizer",
    "IpAddressRecognizer",
    "JoinedNameRecognizer",
    "LanguageDateRecognizer",
    "LanguageKinNameRecognizer",
    "LanguageNameCueRecognizer",
    "LifeDateRecognizer",
    "LowercaseAppositionRecognizer",
    "LowercaseHeadRecognizer",
    "LowercasePairRecognizer",
    "LowercaseRoleNameRecognizer",
    "MilitaryUnitRecognizer",
    "MixedCasePlaceRecognizer",
    "VesselRecognizer",
    "PatternRecognizer",
    "PlaceChainRecognizer",
    "PossessiveHeadRecognizer",
    "RareCapitalRecognizer",
    "RegisterRecognizer",
    "ShowTitleRecognizer",
    "SmallStateRecognizer",
    "SpelledRecognizer",
    "SpokenYearRecognizer",
    "StreetAddressBeforeRecognizer",
    "StreetHeadRecognizer",
    "UnclearPlaceRecognizer",
    "WebAddressRecognizer",
    "WordNameAppositionRecognizer",
    "WorldPlaceRecognizer",
    "YearBeforeEventRecognizer",
]
