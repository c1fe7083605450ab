"""Platform core models: accounts, agencies and consent records."""

from .agencies import Agency
from .consent import ConsentRecord
from .users import LearnerType, NamePrefix, User

__all__ = ["Agency", "ConsentRecord", "LearnerType", "NamePrefix", "User"]
