from . import case_report_indicator
from . import case_school_outcome_report
