from . import case_caseload_report
