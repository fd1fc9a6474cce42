from . import suppression
from . import case_case
from . import case_funding_period
from . import case_funding_programme
from . import case_report_indicator
from . import res_company
from . import res_partner
from . import case_outcome_demo
