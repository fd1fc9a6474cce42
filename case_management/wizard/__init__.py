from . import case_reassign
from . import case_consent_withdraw
from . import case_circle_notify
from . import case_subject_access
from . import case_plan_share
from . import case_meeting_slot_search
from . import case_case_close
