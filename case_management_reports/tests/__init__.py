from . import test_reports_groups
from . import test_meeting_report
from . import test_suppression
from . import test_indicators
from . import test_outcome_files
from . import test_outcome_access
from . import test_outcome_tour
from . import test_indicators_network
