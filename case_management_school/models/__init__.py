from . import res_partner
from . import case_case
