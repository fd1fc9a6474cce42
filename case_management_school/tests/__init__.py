from . import test_school_groups
