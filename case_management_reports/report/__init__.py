from . import case_caseload_report
from . import case_meeting_report
