from . import test_reports_groups
from . import test_meeting_report
