from . import case_reassign
