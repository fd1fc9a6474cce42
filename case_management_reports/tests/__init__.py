from . import test_reports_groups
