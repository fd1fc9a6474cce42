from . import case_caseload_report
from . import case_contact_report
from . import case_meeting_report
from . import case_step_report
from . import case_referral_report
from . import case_service_gap_report
from . import case_outcome_report_xlsx
