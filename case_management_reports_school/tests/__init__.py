from . import test_school_outcome_report
