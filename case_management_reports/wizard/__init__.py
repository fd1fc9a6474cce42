from . import case_outcome_report
