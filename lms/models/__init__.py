"""Platform core models: accounts, agencies, consent records and the open data files."""

from .agencies import Agency
from .consent import ConsentRecord
from .open_data import OpenDataFile
from .users import LearnerType, NamePrefix, User

__all__ = ["Agency", "ConsentRecord", "LearnerType", "NamePrefix", "OpenDataFile", "User"]
