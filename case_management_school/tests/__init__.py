from . import test_school_groups
from . import test_meeting_reasons
