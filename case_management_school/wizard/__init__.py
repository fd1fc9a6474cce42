from . import case_school_nominate
