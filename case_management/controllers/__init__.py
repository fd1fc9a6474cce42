from . import poll
from . import case_meeting_rsvp
from . import report_export
