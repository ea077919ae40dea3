"""Imports every feature's models, so the metadata (and Alembic) sees the whole schema."""

from .accounts.models import Role, User  # noqa: F401
from .archive.models import AuditEntry, KnowledgeOutput, OutputFile, ReviewComment  # noqa: F401
from .certificates.models import Certificate  # noqa: F401
from .classes.models import ClassBlock, ClassMember  # noqa: F401
from .follows.models import Follower, FollowItem, PublicationEvent  # noqa: F401
from .images.models import StoredImage  # noqa: F401
from .impact.models import EvaluationAnswer, EvaluationInvitation  # noqa: F401
from .labs.models import Discipline, Lab  # noqa: F401
from .mailing.models import OutboxMessage  # noqa: F401
from .matching.models import Match, Offer, PreferredStadsdeel, Question  # noqa: F401
from .proposals.models import Proposal  # noqa: F401
from .registrations.models import Registration  # noqa: F401
from .series.models import Organisation, Speaker, Talkshow, TalkshowSpeaker, Theme, Venue  # noqa: F401
